package org.hsmpool.bench.raw;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.hsmpool.node.token.Curve;
import org.hsmpool.node.token.Extractability;
import org.hsmpool.node.token.KeySpec;
import org.hsmpool.node.token.KeyUsage;
import org.hsmpool.node.token.ObjectId;
import org.hsmpool.node.token.Pkcs11Token;
import org.hsmpool.node.token.SignMechanism;
import org.hsmpool.node.token.StoredKey;
import org.hsmpool.node.token.TokenConfig;
import org.hsmpool.node.token.WrapMechanism;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A worker process of the scale suite: grows one SoftHSM2 token through the node's Token seam (one
 * thread, EC P-256 pairs as a node generates them) and, each time it holds one of the given numbers of
 * keys, prints one JSON line: the create rate since the last checkpoint, one more generate and an
 * import (C_UnwrapKey under an AES wrap key plus the public half, as a node imports a sealed key)
 * timed alone, and the ES256 sign latency. Last, the time to open the token again (the node's
 * start-up, which reads every object's id once). Arguments: library, label, PIN file, checkpoints.
 */
public final class TokenGrowth {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeySpec EC = new KeySpec.Ec(Curve.P_256);
    private static final Set<KeyUsage> USAGES = EnumSet.of(KeyUsage.SIGN, KeyUsage.VERIFY);

    private TokenGrowth() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err);
        int[] checkpoints = Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).sorted().toArray();
        TokenConfig config = TokenConfig.of(args[0], args[1], Files.readString(Path.of(args[2])).trim().toCharArray());
        int made = 0;
        try (Pkcs11Token token = Pkcs11Token.open(config)) {
            ObjectId wrapKey = ObjectId.of("growth-wrap-key");
            token.generate(wrapKey, new KeySpec.Aes(256), EnumSet.of(KeyUsage.WRAP, KeyUsage.UNWRAP),
                    Extractability.NEVER);
            for (int checkpoint : checkpoints) {
                long start = System.nanoTime();
                int segment = checkpoint - made;
                while (made < checkpoint) {
                    token.generate(id(made++), EC, USAGES, Extractability.WRAPPED_ONLY);
                }
                double createRate = segment / ((System.nanoTime() - start) / 1e9);
                out.println(JSON.writeValueAsString(measure(token, wrapKey, made, createRate)));
            }
        }
        long reopen = System.nanoTime();
        try (Pkcs11Token token = Pkcs11Token.open(config)) {
            token.find(ObjectId.of("growth-absent")); // the first lookup reads the token's objects
        }
        out.println(JSON.writeValueAsString(Map.of("keys", made, "reopenMs", (System.nanoTime() - reopen) / 1e6)));
    }

    private static Map<String, Object> measure(Pkcs11Token token, ObjectId wrapKey, int keys, double createRate) {
        ObjectId last = id(keys - 1);
        long g = System.nanoTime();
        ObjectId extra = ObjectId.of("growth-extra");
        token.generate(extra, EC, USAGES, Extractability.WRAPPED_ONLY);
        double generateMs = (System.nanoTime() - g) / 1e6;
        token.destroy(extra);

        StoredKey key = token.find(last).orElseThrow();
        byte[] wrapped = token.wrap(wrapKey, WrapMechanism.AES_KEY_WRAP_PAD, last);
        ObjectId copy = ObjectId.of("growth-import");
        long u = System.nanoTime();
        token.unwrap(wrapKey, WrapMechanism.AES_KEY_WRAP_PAD, wrapped, copy, EC, USAGES, Extractability.WRAPPED_ONLY,
                key.publicKey());
        double importMs = (System.nanoTime() - u) / 1e6;
        token.destroy(copy);

        byte[] digest = new byte[32];
        for (int i = 0; i < 2000; i++) {
            token.sign(last, new SignMechanism.Ecdsa(), digest);
        }
        int signs = 5000;
        long s = System.nanoTime();
        for (int i = 0; i < signs; i++) {
            token.sign(last, new SignMechanism.Ecdsa(), digest);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keys", keys);
        m.put("objects", 2 * keys + 1);
        m.put("createPerSecond", createRate);
        m.put("generateMs", generateMs);
        m.put("importMs", importMs);
        m.put("signUs", (System.nanoTime() - s) / 1e3 / signs);
        return m;
    }

    private static ObjectId id(int n) {
        return ObjectId.of(String.format("%032x", n));
    }
}
