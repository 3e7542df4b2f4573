package org.hsmpool.nodeapi.pki;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A member of a pool as its certificate names it: a node or the manager. */
public record PoolIdentity(Role role, String name) {
    private static final Pattern URI = Pattern.compile("urn:hsmpool:(node|manager|admin):([0-9A-Za-z._-]{1,64})");
    private static final int SAN_URI = 6;

    public enum Role {
        NODE, MANAGER, ADMIN
    }

    public PoolIdentity {
        if (!Pattern.matches("[0-9A-Za-z._-]{1,64}", name)) {
            throw new IllegalArgumentException("identity names are 1..64 of [0-9A-Za-z._-]");
        }
    }

    public static PoolIdentity node(String name) {
        return new PoolIdentity(Role.NODE, name);
    }

    public static PoolIdentity manager(String name) {
        return new PoolIdentity(Role.MANAGER, name);
    }

    public String uri() {
        return "urn:hsmpool:" + role.name().toLowerCase(java.util.Locale.ROOT) + ":" + name;
    }

    /** The identity a pool certificate carries, if it carries exactly one. */
    public static Optional<PoolIdentity> of(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return Optional.empty();
            }
            PoolIdentity found = null;
            for (List<?> entry : names) {
                if (((Integer) entry.get(0)) == SAN_URI) {
                    Matcher m = URI.matcher((String) entry.get(1));
                    if (m.matches()) {
                        if (found != null) {
                            return Optional.empty();
                        }
                        found = new PoolIdentity(Role.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT)),
                                m.group(2));
                    }
                }
            }
            return Optional.ofNullable(found);
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
    }
}
