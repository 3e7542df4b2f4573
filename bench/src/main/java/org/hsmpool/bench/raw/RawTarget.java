package org.hsmpool.bench.raw;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.hsmpool.bench.core.Operation;
import org.hsmpool.bench.core.Target;
import org.hsmpool.node.crypto.CipherAlgorithm;
import org.hsmpool.node.crypto.KeyCrypto;
import org.hsmpool.node.crypto.KeyOperation;
import org.hsmpool.node.crypto.MlDsa;
import org.hsmpool.node.crypto.SignatureAlgorithm;
import org.hsmpool.node.token.Curve;
import org.hsmpool.node.token.Extractability;
import org.hsmpool.node.token.KeySpec;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.StoredKey;
import org.hsmpool.node.token.Token;
import org.hsmpool.node.token.WrapMechanism;

/**
 * The operations on one open token, as a node performs them (KeyCrypto over the Token seam). Key
 * create is C_GenerateKeyPair of an application key followed by C_DestroyObject, so the token does
 * not grow during a run.
 */
final class RawTarget implements Target {
    static final ObjectId RSA = ObjectId.of("bench-rsa-2048");
    static final ObjectId EC = ObjectId.of("bench-ec-p256");
    static final ObjectId AES = ObjectId.of("bench-aes-256");
    private static final KeySpec RSA_2048 = new KeySpec.Rsa(2048);

    private final Token token;
    private final KeyCrypto crypto;
    private final AtomicLong created = new AtomicLong();

    RawTarget(Token token) {
        this.token = token;
        this.crypto = new KeyCrypto(token);
    }

    /** Generate the benchmark's keys unless an earlier worker did. */
    void ensureKeys() {
        ensure(RSA, RSA_2048);
        ensure(EC, new KeySpec.Ec(Curve.P_256));
        ensure(AES, new KeySpec.Aes(256));
    }

    private void ensure(ObjectId id, KeySpec spec) {
        Optional<StoredKey> existing = token.find(id);
        if (existing.isEmpty()) {
            token.generate(id, spec, KeyOperation.usages(spec, KeyOperation.allowedFor(spec)), Extractability.WRAPPED_ONLY);
        }
    }

    @Override
    public Call prepare(Operation op) {
        byte[] digest = Operation.digest();
        switch (op) {
            case RS256_SIGN:
                return () -> crypto.sign(RSA, SignatureAlgorithm.RS256, digest);
            case ES256_SIGN:
                return () -> crypto.sign(EC, SignatureAlgorithm.ES256, digest);
            case A256GCM_ENCRYPT: {
                byte[] plaintext = Operation.bytes(1024);
                return () -> crypto.encrypt(AES, CipherAlgorithm.A256GCM, plaintext, new byte[0], new byte[0]);
            }
            case RSA_OAEP_256_UNWRAP: {
                byte[] wrapped = crypto.wrapKey(RSA, CipherAlgorithm.RSA_OAEP_256, Operation.bytes(32));
                return () -> crypto.unwrapKey(RSA, CipherAlgorithm.RSA_OAEP_256, wrapped);
            }
            case RSA_2048_CREATE: {
                Set<org.hsmpool.node.token.KeyUsage> usages = KeyOperation.usages(RSA_2048,
                        KeyOperation.allowedFor(RSA_2048));
                String prefix = "bench-new-" + ProcessHandle.current().pid() + "-";
                return () -> {
                    ObjectId id = ObjectId.of(prefix + created.incrementAndGet());
                    token.generate(id, RSA_2048, usages, Extractability.WRAPPED_ONLY);
                    token.destroy(id);
                };
            }
            case RS256_VERIFY: {
                byte[] signature = crypto.sign(RSA, SignatureAlgorithm.RS256, digest);
                return () -> {
                    if (!crypto.verify(RSA, SignatureAlgorithm.RS256, digest, signature)) {
                        throw new IllegalStateException("a valid signature did not verify");
                    }
                };
            }
            case ML_DSA_65_SIGN: {
                // what a node does per ML-DSA signature: the seed unwrapped in the token (here under the
                // bench's AES key, in a node under W), expanded and used in the process, wiped
                KeySpec.MlDsa spec = new KeySpec.MlDsa(65);
                byte[] seed = token.random(MlDsa.SEED_BYTES);
                byte[] wrapped = token.wrapBytes(AES, WrapMechanism.AES_KEY_WRAP_PAD, seed);
                java.util.Arrays.fill(seed, (byte) 0);
                byte[] message = Operation.bytes(1024);
                java.security.SecureRandom random = new java.security.SecureRandom();
                return () -> {
                    byte[] opened = token.unwrapBytes(AES, WrapMechanism.AES_KEY_WRAP_PAD, wrapped);
                    try {
                        MlDsa.sign(spec, opened, message, random);
                    } finally {
                        java.util.Arrays.fill(opened, (byte) 0);
                    }
                };
            }
            default:
                throw new IllegalArgumentException("no raw form of " + op);
        }
    }
}
