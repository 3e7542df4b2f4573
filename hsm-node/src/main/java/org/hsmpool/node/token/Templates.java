package org.hsmpool.node.token;

import static sun.security.pkcs11.wrapper.PKCS11Constants.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;

/**
 * Object templates. Every usage attribute is set explicitly (granted or refused) because token
 * defaults differ; secret halves are always CKA_SENSITIVE and token objects.
 */
final class Templates {
    static final BigInteger F4 = BigInteger.valueOf(65537);

    private Templates() {
    }

    static CK_ATTRIBUTE[] publicHalf(ObjectId id, KeySpec spec, Set<KeyUsage> usages, boolean onToken) {
        List<CK_ATTRIBUTE> t = common(CKO_PUBLIC_KEY, id, onToken, false);
        if (spec instanceof KeySpec.Rsa rsa) {
            t.add(new CK_ATTRIBUTE(CKA_KEY_TYPE, CKK_RSA));
            t.add(new CK_ATTRIBUTE(CKA_MODULUS_BITS, (long) rsa.bits()));
            t.add(new CK_ATTRIBUTE(CKA_PUBLIC_EXPONENT, F4));
        } else if (spec instanceof KeySpec.Ec ec) {
            t.add(new CK_ATTRIBUTE(CKA_KEY_TYPE, CKK_EC));
            t.add(new CK_ATTRIBUTE(CKA_EC_PARAMS, ec.curve().oidDer()));
        }
        t.add(new CK_ATTRIBUTE(CKA_VERIFY, usages.contains(KeyUsage.VERIFY)));
        t.add(new CK_ATTRIBUTE(CKA_ENCRYPT, usages.contains(KeyUsage.ENCRYPT)));
        t.add(new CK_ATTRIBUTE(CKA_WRAP, usages.contains(KeyUsage.WRAP)));
        t.add(new CK_ATTRIBUTE(CKA_DERIVE, false));
        return t.toArray(new CK_ATTRIBUTE[0]);
    }

    /** A public key object built from its values (import of a pair, or a peer's transport key). */
    static CK_ATTRIBUTE[] publicValue(ObjectId id, PublicKeyMaterial material, Set<KeyUsage> usages,
            boolean onToken) {
        List<CK_ATTRIBUTE> t = common(CKO_PUBLIC_KEY, id, onToken, false);
        if (material instanceof PublicKeyMaterial.Rsa rsa) {
            t.add(new CK_ATTRIBUTE(CKA_KEY_TYPE, CKK_RSA));
            t.add(new CK_ATTRIBUTE(CKA_MODULUS, rsa.modulus()));
            t.add(new CK_ATTRIBUTE(CKA_PUBLIC_EXPONENT, rsa.publicExponent()));
        } else if (material instanceof PublicKeyMaterial.Ec ec) {
            t.add(new CK_ATTRIBUTE(CKA_KEY_TYPE, CKK_EC));
            t.add(new CK_ATTRIBUTE(CKA_EC_PARAMS, ec.curve().oidDer()));
            t.add(new CK_ATTRIBUTE(CKA_EC_POINT, EcPoints.encode(ec)));
        } else {
            throw new IllegalArgumentException("no public value");
        }
        t.add(new CK_ATTRIBUTE(CKA_VERIFY, usages.contains(KeyUsage.VERIFY)));
        t.add(new CK_ATTRIBUTE(CKA_ENCRYPT, usages.contains(KeyUsage.ENCRYPT)));
        t.add(new CK_ATTRIBUTE(CKA_WRAP, usages.contains(KeyUsage.WRAP)));
        t.add(new CK_ATTRIBUTE(CKA_DERIVE, false));
        return t.toArray(new CK_ATTRIBUTE[0]);
    }

    static CK_ATTRIBUTE[] privateHalf(ObjectId id, KeySpec spec, Set<KeyUsage> usages, Extractability x,
            boolean withKeyType) {
        List<CK_ATTRIBUTE> t = common(CKO_PRIVATE_KEY, id, true, true);
        if (withKeyType) {
            t.add(new CK_ATTRIBUTE(CKA_KEY_TYPE, spec instanceof KeySpec.Rsa ? CKK_RSA : CKK_EC));
        }
        secrecy(t, x);
        t.add(new CK_ATTRIBUTE(CKA_SIGN, usages.contains(KeyUsage.SIGN)));
        t.add(new CK_ATTRIBUTE(CKA_DECRYPT, usages.contains(KeyUsage.DECRYPT)));
        t.add(new CK_ATTRIBUTE(CKA_UNWRAP, usages.contains(KeyUsage.UNWRAP)));
        t.add(new CK_ATTRIBUTE(CKA_DERIVE, false));
        return t.toArray(new CK_ATTRIBUTE[0]);
    }

    static CK_ATTRIBUTE[] secret(ObjectId id, KeySpec spec, Set<KeyUsage> usages, Extractability x,
            boolean withLength) {
        List<CK_ATTRIBUTE> t = common(CKO_SECRET_KEY, id, true, true);
        int bits;
        if (spec instanceof KeySpec.Aes aes) {
            t.add(new CK_ATTRIBUTE(CKA_KEY_TYPE, CKK_AES));
            bits = aes.bits();
        } else if (spec instanceof KeySpec.HmacSecret h) {
            t.add(new CK_ATTRIBUTE(CKA_KEY_TYPE, CKK_GENERIC_SECRET));
            bits = h.bits();
        } else {
            throw new IllegalArgumentException("not a secret key spec: " + spec);
        }
        if (withLength) {
            t.add(new CK_ATTRIBUTE(CKA_VALUE_LEN, (long) (bits / 8)));
        }
        secrecy(t, x);
        t.add(new CK_ATTRIBUTE(CKA_ENCRYPT, usages.contains(KeyUsage.ENCRYPT)));
        t.add(new CK_ATTRIBUTE(CKA_DECRYPT, usages.contains(KeyUsage.DECRYPT)));
        t.add(new CK_ATTRIBUTE(CKA_WRAP, usages.contains(KeyUsage.WRAP)));
        t.add(new CK_ATTRIBUTE(CKA_UNWRAP, usages.contains(KeyUsage.UNWRAP)));
        t.add(new CK_ATTRIBUTE(CKA_SIGN, usages.contains(KeyUsage.SIGN)));
        t.add(new CK_ATTRIBUTE(CKA_VERIFY, usages.contains(KeyUsage.VERIFY)));
        t.add(new CK_ATTRIBUTE(CKA_DERIVE, false));
        return t.toArray(new CK_ATTRIBUTE[0]);
    }

    /** A short-lived session object holding application bytes for A*KW wrapping. */
    static CK_ATTRIBUTE[] transientSecret(byte[] value) {
        List<CK_ATTRIBUTE> t = new ArrayList<>();
        t.add(new CK_ATTRIBUTE(CKA_CLASS, CKO_SECRET_KEY));
        t.add(new CK_ATTRIBUTE(CKA_KEY_TYPE, CKK_GENERIC_SECRET));
        t.add(new CK_ATTRIBUTE(CKA_TOKEN, false));
        t.add(new CK_ATTRIBUTE(CKA_PRIVATE, true));
        t.add(new CK_ATTRIBUTE(CKA_SENSITIVE, false));
        t.add(new CK_ATTRIBUTE(CKA_EXTRACTABLE, true));
        if (value != null) {
            t.add(new CK_ATTRIBUTE(CKA_VALUE, value));
        }
        return t.toArray(new CK_ATTRIBUTE[0]);
    }

    /** A session AES key that can only wrap, used to measure secret key lengths. */
    static CK_ATTRIBUTE[] transientWrapKey() {
        return new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA_CLASS, CKO_SECRET_KEY), new CK_ATTRIBUTE(CKA_KEY_TYPE, CKK_AES),
            new CK_ATTRIBUTE(CKA_TOKEN, false), new CK_ATTRIBUTE(CKA_VALUE_LEN, 32L), new CK_ATTRIBUTE(CKA_WRAP, true),
            new CK_ATTRIBUTE(CKA_ENCRYPT, false), new CK_ATTRIBUTE(CKA_DECRYPT, false),
            new CK_ATTRIBUTE(CKA_UNWRAP, false), new CK_ATTRIBUTE(CKA_SENSITIVE, true),
            new CK_ATTRIBUTE(CKA_EXTRACTABLE, false)};
    }

    /**
     * The session AES key a client's key arrives under: it may only unwrap. It is extractable (and
     * sensitive) only so that its length can be measured by wrapping it, as SoftHSM2 leaves
     * CKA_VALUE_LEN 0 on unwrapped keys.
     */
    static CK_ATTRIBUTE[] transientUnwrapKey() {
        return new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA_CLASS, CKO_SECRET_KEY), new CK_ATTRIBUTE(CKA_KEY_TYPE, CKK_AES),
            new CK_ATTRIBUTE(CKA_TOKEN, false), new CK_ATTRIBUTE(CKA_PRIVATE, true), new CK_ATTRIBUTE(CKA_UNWRAP, true),
            new CK_ATTRIBUTE(CKA_WRAP, false), new CK_ATTRIBUTE(CKA_ENCRYPT, false), new CK_ATTRIBUTE(CKA_DECRYPT, false),
            new CK_ATTRIBUTE(CKA_SIGN, false), new CK_ATTRIBUTE(CKA_VERIFY, false), new CK_ATTRIBUTE(CKA_DERIVE, false),
            new CK_ATTRIBUTE(CKA_SENSITIVE, true), new CK_ATTRIBUTE(CKA_EXTRACTABLE, true)};
    }

    /**
     * A session copy of a client's key, checked before the token object is made: an EC private key
     * may sign (the proof that it matches the claimed public key), a secret key is extractable so
     * that its length can be measured; nothing else is granted.
     */
    static CK_ATTRIBUTE[] importCheck(KeySpec spec) {
        List<CK_ATTRIBUTE> t = common(spec.isPair() ? CKO_PRIVATE_KEY : CKO_SECRET_KEY, null, false, true);
        t.add(new CK_ATTRIBUTE(CKA_KEY_TYPE, spec instanceof KeySpec.Rsa ? CKK_RSA
                : spec instanceof KeySpec.Ec ? CKK_EC : CKK_AES));
        t.add(new CK_ATTRIBUTE(CKA_SENSITIVE, true));
        t.add(new CK_ATTRIBUTE(CKA_EXTRACTABLE, !spec.isPair()));
        t.add(new CK_ATTRIBUTE(CKA_SIGN, spec instanceof KeySpec.Ec));
        t.add(new CK_ATTRIBUTE(CKA_DECRYPT, false));
        t.add(new CK_ATTRIBUTE(CKA_UNWRAP, false));
        t.add(new CK_ATTRIBUTE(CKA_DERIVE, false));
        if (!spec.isPair()) {
            t.add(new CK_ATTRIBUTE(CKA_ENCRYPT, false));
            t.add(new CK_ATTRIBUTE(CKA_WRAP, false));
            t.add(new CK_ATTRIBUTE(CKA_VERIFY, false));
        }
        return forUnwrap(t.toArray(new CK_ATTRIBUTE[0]));
    }

    /** SoftHSM2 refuses CKA_MODIFIABLE in C_UnwrapKey templates (CKR_ATTRIBUTE_READ_ONLY). */
    static CK_ATTRIBUTE[] forUnwrap(CK_ATTRIBUTE[] template) {
        return java.util.Arrays.stream(template).filter(a -> a.type != CKA_MODIFIABLE).toArray(CK_ATTRIBUTE[]::new);
    }

    /** A public X.509 certificate token object named like the key it certifies. */
    static CK_ATTRIBUTE[] certificate(ObjectId id, byte[] subject, byte[] der) {
        List<CK_ATTRIBUTE> t = common(CKO_CERTIFICATE, id, true, false);
        t.add(new CK_ATTRIBUTE(CKA_CERTIFICATE_TYPE, CKC_X_509));
        t.add(new CK_ATTRIBUTE(CKA_SUBJECT, subject));
        t.add(new CK_ATTRIBUTE(CKA_VALUE, der));
        return t.toArray(new CK_ATTRIBUTE[0]);
    }

    /**
     * A private data object of this node (no CKA_ID: data objects have none), found by its label.
     * Not modifiable: a new value is a new object ({@link Token#replaceData}).
     */
    static CK_ATTRIBUTE[] data(ObjectId id, byte[] value) {
        return new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA_CLASS, CKO_DATA), new CK_ATTRIBUTE(CKA_TOKEN, true),
            new CK_ATTRIBUTE(CKA_PRIVATE, true), new CK_ATTRIBUTE(CKA_MODIFIABLE, false),
            new CK_ATTRIBUTE(CKA_LABEL, id.value().toCharArray()), new CK_ATTRIBUTE(CKA_APPLICATION, "hsmpool".toCharArray()),
            new CK_ATTRIBUTE(CKA_VALUE, value)};
    }

    /** Every data object of this node (the application name {@link #data} sets). */
    static CK_ATTRIBUTE[] allData() {
        return new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA_CLASS, CKO_DATA), new CK_ATTRIBUTE(CKA_APPLICATION,
            "hsmpool".toCharArray())};
    }

    static CK_ATTRIBUTE[] dataByLabel(ObjectId id) {
        return new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA_CLASS, CKO_DATA), new CK_ATTRIBUTE(CKA_LABEL,
            id.value().toCharArray())};
    }

    private static List<CK_ATTRIBUTE> common(long objectClass, ObjectId id, boolean onToken, boolean isPrivate) {
        List<CK_ATTRIBUTE> t = new ArrayList<>();
        t.add(new CK_ATTRIBUTE(CKA_CLASS, objectClass));
        t.add(new CK_ATTRIBUTE(CKA_TOKEN, onToken));
        t.add(new CK_ATTRIBUTE(CKA_PRIVATE, isPrivate));
        t.add(new CK_ATTRIBUTE(CKA_MODIFIABLE, false));
        if (id != null) {
            t.add(new CK_ATTRIBUTE(CKA_ID, id.bytes()));
            t.add(new CK_ATTRIBUTE(CKA_LABEL, id.value().toCharArray()));
        }
        return t;
    }

    private static void secrecy(List<CK_ATTRIBUTE> t, Extractability x) {
        t.add(new CK_ATTRIBUTE(CKA_SENSITIVE, true));
        t.add(new CK_ATTRIBUTE(CKA_EXTRACTABLE, x == Extractability.WRAPPED_ONLY));
    }
}
