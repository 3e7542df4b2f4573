package org.hsmpool.sd;

import static org.hsmpool.sd.SecurityDomainException.Reason.INVALID_ARGUMENT;
import static org.hsmpool.sd.SecurityDomainException.Reason.MALFORMED_SHARE;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.util.Base64URL;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The protected header of a share envelope. AES-GCM authenticates it as additional data, so the
 * domain's public facts, the share index and the recipient written here cannot change without the
 * envelope failing to decrypt.
 *
 * @param admin for a transfer share, the administrator who made it; {@code null} for an administrator share
 */
record ShareHeader(ShareKind kind, Thumbprint recipient, DomainFacts facts, int index, Thumbprint admin) {

    static final String POOL_ID = "hsmpool.pool_id";
    static final String CREATED = "hsmpool.created";
    static final String REQUIRED = "hsmpool.required";
    static final String SHARE_COUNT = "hsmpool.share_count";
    static final String CHECK_VALUE = "hsmpool.check_value";
    static final String INDEX = "hsmpool.index";
    static final String ADMIN = "hsmpool.admin";

    ShareHeader {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(facts, "facts");
        if (index < 1 || index > facts.shareCount()) {
            throw new SecurityDomainException(INVALID_ARGUMENT, "share index must be between 1 and share_count "
                    + facts.shareCount() + ", got " + index);
        }
        if ((kind == ShareKind.TRANSFER) != (admin != null)) {
            throw new SecurityDomainException(INVALID_ARGUMENT, "exactly the transfer shares name their administrator");
        }
    }

    JWEHeader toJweHeader() {
        JWEHeader.Builder builder = new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM)
                .type(new JOSEObjectType(kind.type))
                .keyID(recipient.value())
                .x509CertSHA256Thumbprint(new Base64URL(recipient.value()))
                .customParam(POOL_ID, facts.poolId())
                .customParam(CREATED, facts.created())
                .customParam(REQUIRED, facts.required())
                .customParam(SHARE_COUNT, facts.shareCount())
                .customParam(CHECK_VALUE, facts.checkValue().toBase64Url())
                .customParam(INDEX, index);
        if (admin != null) {
            builder.customParam(ADMIN, admin.value());
        }
        return builder.build();
    }

    /** Reads and strictly checks a parsed header; {@code what} names the envelope in errors. */
    static ShareHeader from(JWEHeader header, String what) {
        try {
            return read(header, what);
        } catch (SecurityDomainException e) {
            if (e.reason() != INVALID_ARGUMENT) {
                throw e;
            }
            throw new SecurityDomainException(MALFORMED_SHARE, what + ": header " + e.getMessage());
        }
    }

    private static ShareHeader read(JWEHeader header, String what) {
        if (!JWEAlgorithm.RSA_OAEP_256.equals(header.getAlgorithm())
                || !EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())) {
            throw malformed(what, "must use alg RSA-OAEP-256 and enc A256GCM, found "
                    + header.getAlgorithm() + " and " + header.getEncryptionMethod());
        }
        ShareKind kind = ShareKind.ofType(header.getType() == null ? null : header.getType().getType());
        if (kind == null) {
            throw malformed(what, "typ must be " + ShareKind.ADMIN.type + " or " + ShareKind.TRANSFER.type);
        }
        if (!header.getIncludedParams().equals(kind.headerParams())) {
            throw malformed(what, "header must carry exactly " + new TreeSet<>(kind.headerParams())
                    + ", found " + new TreeSet<>(header.getIncludedParams()));
        }
        String thumbprint = header.getX509CertSHA256Thumbprint().toString();
        if (!thumbprint.equals(header.getKeyID())) {
            throw malformed(what, "kid and x5t#S256 must be the same thumbprint");
        }
        CheckValue checkValue = CheckValue.fromBase64Url(string(header, CHECK_VALUE, what),
                CHECK_VALUE, INVALID_ARGUMENT);
        DomainFacts facts = new DomainFacts(string(header, POOL_ID, what), number(header, CREATED, what, DomainFacts.MAX_CREATED),
                (int) number(header, REQUIRED, what, Limits.MAX_SHARES),
                (int) number(header, SHARE_COUNT, what, Limits.MAX_SHARES), checkValue);
        Thumbprint admin = kind == ShareKind.TRANSFER ? new Thumbprint(string(header, ADMIN, what)) : null;
        return new ShareHeader(kind, new Thumbprint(thumbprint), facts, (int) number(header, INDEX, what, Limits.MAX_SHARES), admin);
    }

    private static String string(JWEHeader header, String name, String what) {
        if (header.getCustomParam(name) instanceof String value) {
            return value;
        }
        throw malformed(what, name + " must be a string");
    }

    private static long number(JWEHeader header, String name, String what, long max) {
        Object value = header.getCustomParam(name);
        if ((value instanceof Long || value instanceof Integer)
                && ((Number) value).longValue() >= 0 && ((Number) value).longValue() <= max) {
            return ((Number) value).longValue();
        }
        throw malformed(what, name + " must be an integer between 0 and " + max);
    }

    private static SecurityDomainException malformed(String what, String problem) {
        return new SecurityDomainException(MALFORMED_SHARE, what + ": " + problem);
    }
}
