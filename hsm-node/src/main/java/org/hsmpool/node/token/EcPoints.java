package org.hsmpool.node.token;

import java.util.Arrays;

/** CKA_EC_POINT values: a DER OCTET STRING around the uncompressed point 04||X||Y. */
final class EcPoints {
    private EcPoints() {
    }

    static byte[] encode(PublicKeyMaterial.Ec ec) {
        int n = ec.curve().fieldBytes();
        byte[] point = new byte[1 + 2 * n];
        point[0] = 0x04;
        System.arraycopy(ec.x(), 0, point, 1, n);
        System.arraycopy(ec.y(), 0, point, 1 + n, n);
        byte[] len = point.length < 128 ? new byte[] {(byte) point.length}
                : new byte[] {(byte) 0x81, (byte) point.length};
        byte[] der = new byte[1 + len.length + point.length];
        der[0] = 0x04;
        System.arraycopy(len, 0, der, 1, len.length);
        System.arraycopy(point, 0, der, 1 + len.length, point.length);
        return der;
    }

    static PublicKeyMaterial.Ec decode(Curve curve, byte[] value) {
        int n = curve.fieldBytes();
        byte[] point;
        if (value.length == 1 + 2 * n && value[0] == 0x04) {
            point = value; // some tokens return the raw point
        } else if (value.length > 2 && value[0] == 0x04) {
            int offset = (value[1] & 0x80) == 0 ? 2 : 2 + (value[1] & 0x7f);
            point = Arrays.copyOfRange(value, offset, value.length);
        } else {
            throw new TokenException(TokenException.Kind.TOKEN, "unexpected CKA_EC_POINT encoding");
        }
        if (point.length != 1 + 2 * n || point[0] != 0x04) {
            throw new TokenException(TokenException.Kind.TOKEN, "CKA_EC_POINT is not an uncompressed point");
        }
        return new PublicKeyMaterial.Ec(curve, Arrays.copyOfRange(point, 1, 1 + n),
                Arrays.copyOfRange(point, 1 + n, 1 + 2 * n));
    }
}
