package org.hsmpool.node.crypto;

import java.util.EnumSet;
import java.util.Set;

import org.hsmpool.node.token.KeySpec;
import org.hsmpool.node.token.KeyUsage;

/**
 * The Key Vault key operations ({@code key_ops}). Each key type accepts a subset; each operation
 * is granted in the token as exactly one usage attribute.
 */
public enum KeyOperation {
    SIGN, VERIFY, ENCRYPT, DECRYPT, WRAP_KEY, UNWRAP_KEY;

    /** Which operations a key type can perform at all. */
    public static Set<KeyOperation> allowedFor(KeySpec spec) {
        if (spec instanceof KeySpec.Rsa) {
            return EnumSet.allOf(KeyOperation.class);
        }
        if (spec instanceof KeySpec.Ec || spec instanceof KeySpec.MlDsa) {
            return EnumSet.of(SIGN, VERIFY);
        }
        if (spec instanceof KeySpec.Aes) {
            return EnumSet.of(ENCRYPT, DECRYPT, WRAP_KEY, UNWRAP_KEY);
        }
        return EnumSet.noneOf(KeyOperation.class);
    }

    /**
     * The token usages that grant these operations, and nothing else. RSA wrapKey/unwrapKey encrypt
     * a caller's key bytes, so they need CKA_ENCRYPT/CKA_DECRYPT; AES key wrap needs CKA_WRAP/UNWRAP.
     */
    public static Set<KeyUsage> usages(KeySpec spec, Set<KeyOperation> ops) {
        Set<KeyOperation> allowed = allowedFor(spec);
        EnumSet<KeyUsage> usages = EnumSet.noneOf(KeyUsage.class);
        for (KeyOperation op : ops) {
            if (!allowed.contains(op)) {
                throw NodeException.badRequest("operation " + op.name().toLowerCase() + " is not possible with a "
                        + describe(spec) + " key");
            }
            usages.add(switch (op) {
                case SIGN -> KeyUsage.SIGN;
                case VERIFY -> KeyUsage.VERIFY;
                case ENCRYPT -> KeyUsage.ENCRYPT;
                case DECRYPT -> KeyUsage.DECRYPT;
                case WRAP_KEY -> spec instanceof KeySpec.Aes ? KeyUsage.WRAP : KeyUsage.ENCRYPT;
                case UNWRAP_KEY -> spec instanceof KeySpec.Aes ? KeyUsage.UNWRAP : KeyUsage.DECRYPT;
            });
        }
        return usages;
    }

    /** The operations the token usages of a key permit (the inverse of {@link #usages}). */
    public static Set<KeyOperation> permittedBy(KeySpec spec, Set<KeyUsage> usages) {
        EnumSet<KeyOperation> ops = EnumSet.noneOf(KeyOperation.class);
        for (KeyOperation op : allowedFor(spec)) {
            if (usages.containsAll(usages(spec, Set.of(op)))) {
                ops.add(op);
            }
        }
        return ops;
    }

    public static String describe(KeySpec spec) {
        if (spec instanceof KeySpec.Rsa r) {
            return "RSA-" + r.bits();
        }
        if (spec instanceof KeySpec.Ec e) {
            return "EC " + e.curve();
        }
        if (spec instanceof KeySpec.Aes a) {
            return "AES-" + a.bits();
        }
        if (spec instanceof KeySpec.MlDsa m) {
            return m.toString();
        }
        return "secret";
    }
}
