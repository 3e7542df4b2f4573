package org.hsmpool.pool.api;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;


import jakarta.ws.rs.core.UriInfo;

/**
 * Key names and versions as they appear in paths, and the key identifier
 * {@code https://<host>:<port>/keys/<name>/<version>} built from the address the client used, so
 * that a {@code kid} handed back to the SDK leads to this pool.
 */
final class KeyPath {
    private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    private static final Pattern VERSION = Pattern.compile("[0-9a-fA-F]{32}");

    private KeyPath() {
    }

    /** The key name, if it is one Key Vault allows. */
    static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw KeyVaultException.badParameter("a key name is 1 to 127 letters, digits and '-'");
        }
        return name;
    }

    /** The key version in lower case, or null for "the latest" (absent or empty). */
    static String version(String version) {
        if (version == null || version.isEmpty()) {
            return null;
        }
        if (!VERSION.matcher(version).matches()) {
            throw KeyVaultException.badParameter("a key version is 32 hexadecimal characters");
        }
        return version.toLowerCase(Locale.ROOT);
    }

    /** The base URI the request was sent to, e.g. {@code https://localhost:8443/}. */
    static URI base(UriInfo uri) {
        try {
            return uri.getBaseUri();
        } catch (RuntimeException malformedHost) {
            throw KeyVaultException.badParameter("the Host header is not a valid host[:port]");
        }
    }

    /** The key identifier of a version, or of the key itself when {@code version} is null (as listings give it). */
    static String kid(URI base, String name, String version) {
        String root = base.toString();
        return root + (root.endsWith("/") ? "" : "/") + "keys/" + name + (version == null ? "" : "/" + version);
    }
}
