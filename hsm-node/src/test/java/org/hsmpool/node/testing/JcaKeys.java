package org.hsmpool.node.testing;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;

import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.hsmpool.node.token.PublicKeyMaterial;

/** Public keys reported by the node, turned into JCA keys for independent verification. */
public final class JcaKeys {
    public static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private JcaKeys() {
    }

    public static PublicKey of(PublicKeyMaterial material) throws Exception {
        if (material instanceof PublicKeyMaterial.Rsa rsa) {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.modulus(), rsa.publicExponent()));
        }
        PublicKeyMaterial.Ec ec = (PublicKeyMaterial.Ec) material;
        ECNamedCurveParameterSpec params = ECNamedCurveTable.getParameterSpec(ec.curve().stdName());
        var point = params.getCurve().createPoint(new BigInteger(1, ec.x()), new BigInteger(1, ec.y()));
        return KeyFactory.getInstance("EC", BC).generatePublic(new ECPublicKeySpec(point, params));
    }
}
