package org.hsmpool.node.token;

import static sun.security.pkcs11.wrapper.PKCS11Constants.*;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/** Reading what a key object is: its type and size, usages, public half and protection attributes. */
final class KeyDescriptions {

    private final TokenAccess access;

    KeyDescriptions(TokenAccess access) {
        this.access = access;
    }

    StoredKey describe(long session, ObjectId id) throws PKCS11Exception {
        ObjectIndex.Handles h = access.handles(session, id);
        EnumSet<KeyUsage> usages = EnumSet.noneOf(KeyUsage.class);
        KeySpec spec;
        PublicKeyMaterial pub = new PublicKeyMaterial.None();
        long any = h.secret() != -1 ? h.secret() : h.pub();
        long type = access.attribute(session, any, CKA_KEY_TYPE).getLong();
        if (type == CKK_RSA) {
            BigInteger modulus = access.attribute(session, any, CKA_MODULUS).getBigInteger();
            spec = new KeySpec.Rsa(modulus.bitLength());
        } else if (type == CKK_EC) {
            Curve curve = Curve.fromOidDer(access.attribute(session, any, CKA_EC_PARAMS).getByteArray());
            if (curve == null) {
                throw new TokenException(TokenException.Kind.TOKEN, "key '" + id + "' is on an unsupported curve");
            }
            spec = new KeySpec.Ec(curve);
        } else if (type == CKK_AES) {
            spec = new KeySpec.Aes(access.secretLength(session, any) * 8);
        } else if (type == CKK_GENERIC_SECRET) {
            spec = new KeySpec.HmacSecret(access.secretLength(session, any) * 8);
        } else {
            throw new TokenException(TokenException.Kind.TOKEN, "key '" + id + "' has an unsupported key type");
        }
        if (h.secret() != -1) {
            addUsages(session, h.secret(), usages, spec.isPair()
                    ? new long[] {CKA_SIGN, CKA_DECRYPT, CKA_UNWRAP}
                    : new long[] {CKA_SIGN, CKA_VERIFY, CKA_ENCRYPT, CKA_DECRYPT, CKA_WRAP, CKA_UNWRAP});
        }
        if (h.pub() != -1) {
            addUsages(session, h.pub(), usages, new long[] {CKA_VERIFY, CKA_ENCRYPT, CKA_WRAP});
            pub = readPublic(session, h.pub(), spec);
        }
        return new StoredKey(id, spec, usages, pub);
    }

    KeyAttributes attributes(long session, ObjectId id) throws PKCS11Exception {
        long secret = access.handles(session, id).secret();
        if (secret == -1) {
            throw new TokenException(TokenException.Kind.NOT_FOUND, "key '" + id + "' has no private or secret half");
        }
        return new KeyAttributes(access.flag(session, secret, CKA_SENSITIVE),
                access.flag(session, secret, CKA_ALWAYS_SENSITIVE), access.flag(session, secret, CKA_EXTRACTABLE),
                access.flag(session, secret, CKA_NEVER_EXTRACTABLE), access.flag(session, secret, CKA_LOCAL),
                access.flag(session, secret, CKA_PRIVATE), access.flag(session, secret, CKA_TOKEN));
    }

    private void addUsages(long session, long object, Set<KeyUsage> usages, long[] types) throws PKCS11Exception {
        CK_ATTRIBUTE[] a = new CK_ATTRIBUTE[types.length];
        for (int i = 0; i < types.length; i++) {
            a[i] = new CK_ATTRIBUTE(types[i]);
        }
        access.p11.C_GetAttributeValue(session, object, a);
        for (CK_ATTRIBUTE attr : a) {
            if (attr.pValue != null && attr.getBoolean()) {
                usages.add(usageOf(attr.type));
            }
        }
    }

    private static KeyUsage usageOf(long type) {
        if (type == CKA_SIGN) {
            return KeyUsage.SIGN;
        } else if (type == CKA_VERIFY) {
            return KeyUsage.VERIFY;
        } else if (type == CKA_ENCRYPT) {
            return KeyUsage.ENCRYPT;
        } else if (type == CKA_DECRYPT) {
            return KeyUsage.DECRYPT;
        } else if (type == CKA_WRAP) {
            return KeyUsage.WRAP;
        }
        return KeyUsage.UNWRAP;
    }

    PublicKeyMaterial readPublic(long session, long pubHandle, KeySpec spec) throws PKCS11Exception {
        if (spec instanceof KeySpec.Rsa) {
            CK_ATTRIBUTE[] a = {new CK_ATTRIBUTE(CKA_MODULUS), new CK_ATTRIBUTE(CKA_PUBLIC_EXPONENT)};
            access.p11.C_GetAttributeValue(session, pubHandle, a);
            return new PublicKeyMaterial.Rsa(a[0].getBigInteger(), a[1].getBigInteger());
        }
        if (spec instanceof KeySpec.Ec ec) {
            return EcPoints.decode(ec.curve(), access.attribute(session, pubHandle, CKA_EC_POINT).getByteArray());
        }
        return new PublicKeyMaterial.None();
    }

    /** Whether a key object (one just unwrapped, say) is what the caller said it is. */
    boolean isA(long session, long key, KeySpec spec) throws PKCS11Exception {
        long type = access.attribute(session, key, CKA_KEY_TYPE).getLong();
        if (spec instanceof KeySpec.Rsa rsa) {
            return type == CKK_RSA
                    && access.attribute(session, key, CKA_MODULUS).getBigInteger().bitLength() == rsa.bits();
        } else if (spec instanceof KeySpec.Ec ec) {
            return type == CKK_EC
                    && Arrays.equals(access.attribute(session, key, CKA_EC_PARAMS).getByteArray(), ec.curve().oidDer());
        } else if (spec instanceof KeySpec.Aes aes) {
            return type == CKK_AES && access.secretLength(session, key) * 8 == aes.bits();
        }
        return type == CKK_GENERIC_SECRET
                && access.secretLength(session, key) * 8 == ((KeySpec.HmacSecret) spec).bits();
    }

    /** An RSA private key's modulus and public exponent against a public key (true for other keys). */
    boolean rsaPublicMatches(long session, long key, PublicKeyMaterial publicKey) throws PKCS11Exception {
        if (!(publicKey instanceof PublicKeyMaterial.Rsa rsa)) {
            return true;
        }
        CK_ATTRIBUTE[] a = {new CK_ATTRIBUTE(CKA_MODULUS), new CK_ATTRIBUTE(CKA_PUBLIC_EXPONENT)};
        access.p11.C_GetAttributeValue(session, key, a);
        return a[0].getBigInteger().equals(rsa.modulus()) && a[1].getBigInteger().equals(rsa.publicExponent());
    }

    /** The modulus length in bytes of an RSA key, 0 for any other key. */
    int modulusBytes(long session, long key) throws PKCS11Exception {
        if (access.attribute(session, key, CKA_KEY_TYPE).getLong() != CKK_RSA) {
            return 0;
        }
        return (access.attribute(session, key, CKA_MODULUS).getBigInteger().bitLength() + 7) / 8;
    }
}
