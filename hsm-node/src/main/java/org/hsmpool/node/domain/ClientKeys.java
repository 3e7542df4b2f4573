package org.hsmpool.node.domain;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Set;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.hsmpool.node.crypto.KeyOperation;
import org.hsmpool.node.crypto.MlDsa;
import org.hsmpool.node.crypto.NodeException;
import org.hsmpool.node.token.Extractability;
import org.hsmpool.node.token.KeySpec;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.PossessionCheck;
import org.hsmpool.node.token.PublicKeyMaterial;
import org.hsmpool.node.token.StoredKey;
import org.hsmpool.node.token.Token;
import org.hsmpool.nodeapi.pki.TransportKeyAttestation.Purpose;

/**
 * Keys a client brought (ImportKey). The manager wraps them for this node's client-key import key: a
 * fresh AES-256 key under that transport key (RSA-OAEP), the key under that AES key (AES key wrap with
 * padding). Both layers are unwrapped inside the token, the key is checked against what the
 * client declared, and it is then held and sealed exactly like a generated key. The import key is
 * never the domain-bundle key: a bundle's wrapped W would otherwise open here as the AES key, and any
 * sealed key's wrapped private half under W could be imported again with usages the caller chose.
 */
public final class ClientKeys {
    private final Token token;
    private final DomainKeys domain;
    private final TransportKeys transport;
    private final SealedKeys sealed;
    private final MlDsaKeys mlDsa;

    /** An ImportKey request in the node's terms. */
    public record Import(ObjectId id, KeySpec spec, Set<KeyOperation> ops, PublicKeyMaterial publicKey,
            byte[] transportKeySha256, byte[] wrappedAesKey, byte[] wrappedKey) {
    }

    public ClientKeys(Token token, DomainKeys domain, TransportKeys transport, SealedKeys sealed, MlDsaKeys mlDsa) {
        this.mlDsa = mlDsa;
        this.token = token;
        this.domain = domain;
        this.transport = transport;
        this.sealed = sealed;
    }

    /** Import and seal a client's key; a refusal leaves nothing in the token. */
    public SealedKeys.Sealed importKey(Import request) {
        if (request.ops().isEmpty()) {
            throw NodeException.badRequest("a key needs at least one operation");
        }
        var usages = KeyOperation.usages(request.spec(), request.ops());
        byte[] mine = TransportKeys.fingerprint(transport.own(Purpose.CLIENT_KEY_IMPORT).publicKeyDer());
        if (!MessageDigest.isEqual(mine, request.transportKeySha256())) {
            throw NodeException.badRequest("the key was wrapped for another transport key than this node's "
                    + "client-key import key");
        }
        domain.wrapKey(); // NO_DOMAIN before anything is unwrapped: the key could not be sealed
        if (request.spec() instanceof KeySpec.MlDsa spec) {
            return importMlDsa(request, spec);
        }
        PossessionCheck possession = possession(request.publicKey());
        mlDsa.refuseTaken(request.id());
        StoredKey key = token.importClientKey(TransportKeys.objectId(Purpose.CLIENT_KEY_IMPORT),
                request.wrappedAesKey(), request.wrappedKey(), request.id(), request.spec(), usages,
                Extractability.WRAPPED_ONLY, request.publicKey(), possession);
        return sealed.sealNew(key, request.ops());
    }

    /**
     * An ML-DSA key (its 32-byte seed): the token opens both layers, the seed comes to this process
     * only to be checked against the public key, wrapped under W and wiped.
     */
    private SealedKeys.Sealed importMlDsa(Import request, KeySpec.MlDsa spec) {
        byte[] seed = token.unwrapClientSecret(TransportKeys.objectId(Purpose.CLIENT_KEY_IMPORT),
                request.wrappedAesKey(), request.wrappedKey(), MlDsa.SEED_BYTES);
        try {
            return mlDsa.importClient(request.id(), spec, request.ops(), (PublicKeyMaterial.MlDsa) request.publicKey(),
                    seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * The check an imported EC key must pass: its signature over a random digest verifies with the
     * claimed point (Bouncy Castle, since the JDK 17 has no secp256k1). A point off the curve is
     * refused before anything is unwrapped.
     */
    static PossessionCheck possession(PublicKeyMaterial publicKey) {
        if (!(publicKey instanceof PublicKeyMaterial.Ec ec)) {
            return (digest, signature) -> false; // the token asks only EC keys to sign
        }
        X9ECParameters curve = CustomNamedCurves.getByName(ec.curve().stdName());
        ECPoint point;
        try {
            point = curve.getCurve().validatePoint(new BigInteger(1, ec.x()), new BigInteger(1, ec.y()));
        } catch (IllegalArgumentException e) {
            throw NodeException.badRequest("the EC public key is not a point of " + ec.curve());
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(point, new ECDomainParameters(curve)));
        int n = ec.curve().fieldBytes();
        return (digest, signature) -> signature.length == 2 * n && verifier.verifySignature(digest,
                new BigInteger(1, Arrays.copyOfRange(signature, 0, n)),
                new BigInteger(1, Arrays.copyOfRange(signature, n, 2 * n)));
    }
}
