package org.hsmpool.pool.keys;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.hsmpool.nodeapi.v1.KeyMaterial;
import org.hsmpool.nodeapi.v1.KeyOp;
import org.hsmpool.nodeapi.v1.KeyType;
import org.hsmpool.nodeapi.v1.OpenSealedReply;
import org.hsmpool.nodeapi.v1.OpenSealedRequest;
import org.hsmpool.pool.router.NodeRouter;
import org.hsmpool.pool.router.RoutingException;
import org.hsmpool.pool.store.KeyProperties;
import org.hsmpool.pool.store.NewKeyVersion;
import org.hsmpool.pool.store.StoreException;

import com.google.protobuf.ByteString;

/**
 * Key versions that come back from outside the pool (a key backup, a pool export) carry a sealed
 * key and a description of it. Only the sealed key is authentic on its own terms (a node MACed it
 * under H when it made it), so a version's id, key type, public key and key_ops ceiling are taken
 * from what a node finds inside the sealed key ({@code OpenSealed}), never from the description:
 * the described id must equal the sealed one, the described type must agree, the key_ops are the
 * described ones the sealed key permits, and the JWK is rebuilt from the sealed public key. Names
 * are client names: an internal ({@code $}) name never comes in this way.
 */
public final class SealedVersions {
    /** As many as a node opens in one call. */
    static final int BATCH = 1000;
    private static final Pattern CLIENT_NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    private static final Map<KeyOp, String> OP_NAMES = opNames();

    private SealedVersions() {
    }

    /** BadParameter unless {@code name} is a key name a client may use. */
    public static String clientName(String name) {
        if (name == null || !CLIENT_NAME.matcher(name).matches()) {
            throw KeyException.badParameter("'" + (name == null ? "" : name.length() > 130 ? name.substring(0, 130)
                    : name) + "' is not a key name a client may restore or import: 1 to 127 characters of 0-9, a-z, "
                    + "A-Z and '-'");
        }
        return name;
    }

    /**
     * The versions as the sealed keys say they are, in the same order; nothing is written. A sealed
     * key that a node does not authenticate, or whose contents disagree with the description,
     * refuses the whole list.
     */
    public static List<NewKeyVersion> opened(NodeRouter router, List<NewKeyVersion> described) {
        List<NewKeyVersion> out = new ArrayList<>(described.size());
        for (int from = 0; from < described.size(); from += BATCH) {
            List<NewKeyVersion> batch = described.subList(from, Math.min(described.size(), from + BATCH));
            OpenSealedRequest.Builder request = OpenSealedRequest.newBuilder();
            batch.forEach(v -> request.addSealedKeys(ByteString.copyFrom(v.sealedKey())));
            OpenSealedReply reply;
            try {
                reply = router.call(0, "open sealed keys", s -> s.openSealed(request.build()));
            } catch (RoutingException e) {
                throw KeyErrors.translate(e, "checking the sealed keys");
            }
            if (reply.getKeysCount() != batch.size()) {
                throw KeyException.unavailable("a node answered for " + reply.getKeysCount() + " of "
                        + batch.size() + " sealed keys; try again", 1);
            }
            for (int i = 0; i < batch.size(); i++) {
                out.add(checked(batch.get(i), reply.getKeys(i)));
            }
        }
        return out;
    }

    /** {@code described} with its facts replaced by those of the sealed key a node opened. */
    static NewKeyVersion checked(NewKeyVersion described, KeyMaterial sealed) {
        String what = "version " + described.versionId() + " of " + described.name();
        if (!sealed.getKeyId().equals(described.versionId())) {
            throw KeyException.badParameter(what + " carries the sealed key of another version ("
                    + sealed.getKeyId() + ")");
        }
        String keyType = keyType(sealed.getSpec().getType());
        if (!keyType.equals(described.keyType())) {
            throw KeyException.badParameter(what + " is described as " + described.keyType()
                    + " but its sealed key is " + keyType);
        }
        Set<String> permitted = new java.util.HashSet<>();
        sealed.getOpsList().forEach(op -> permitted.add(OP_NAMES.get(op)));
        List<String> ops = described.properties().keyOps().stream().filter(permitted::contains).toList();
        if (ops.isEmpty()) {
            throw KeyException.badParameter(what + " has no key operation that its sealed key permits");
        }
        KeyProperties was = described.properties();
        try {
            return new NewKeyVersion(clientName(described.name()), sealed.getKeyId(), keyType,
                    KeySpecs.publicJwk(keyType, sealed), described.sealedKey(),
                    new KeyProperties(was.enabled(), was.notBefore(), was.expires(), ops, was.tags()),
                    described.managed(), described.created(), described.updated());
        } catch (StoreException e) {
            throw KeyException.badParameter(what + " is not valid: " + e.getMessage());
        }
    }

    private static String keyType(KeyType type) {
        return switch (type) {
            case RSA -> "RSA-HSM";
            case EC -> "EC-HSM";
            case OCT -> "oct-HSM";
            case AKP -> KeyOperations.AKP;
            case KEY_TYPE_UNSPECIFIED, UNRECOGNIZED -> throw KeyException.badParameter("a sealed key of an unknown key type");
        };
    }

    private static Map<KeyOp, String> opNames() {
        Map<KeyOp, String> names = new EnumMap<>(KeyOp.class);
        for (String name : KeyOperations.ALL_RSA) {
            names.put(KeyOperations.op(name), name);
        }
        return names;
    }
}
