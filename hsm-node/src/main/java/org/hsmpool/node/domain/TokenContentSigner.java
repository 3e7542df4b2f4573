package org.hsmpool.node.domain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.operator.ContentSigner;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.SignMechanism;
import org.hsmpool.node.token.Token;

/**
 * SHA256withRSA for Bouncy Castle's certificate builders, with the private-key operation in the
 * token: the content is hashed here, and the token signs the DER DigestInfo with CKM_RSA_PKCS, as
 * {@code KeyCrypto} does for RS256. Single use, like BC's own signers.
 */
final class TokenContentSigner implements ContentSigner {
    private static final AlgorithmIdentifier SHA256_WITH_RSA = new AlgorithmIdentifier(
            PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
    private static final AlgorithmIdentifier SHA256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256,
            DERNull.INSTANCE);

    private final Token token;
    private final ObjectId key;
    private final ByteArrayOutputStream content = new ByteArrayOutputStream();

    TokenContentSigner(Token token, ObjectId key) {
        this.token = token;
        this.key = key;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return SHA256_WITH_RSA;
    }

    @Override
    public OutputStream getOutputStream() {
        return content;
    }

    @Override
    public byte[] getSignature() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.toByteArray());
            byte[] digestInfo = new DigestInfo(SHA256, digest).getEncoded(ASN1Encoding.DER);
            return token.sign(key, new SignMechanism.RsaPkcs1(), digestInfo);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot encode a SHA-256 DigestInfo", e);
        }
    }
}
