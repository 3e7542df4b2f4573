package org.hsmpool.pool.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The child process of {@link CrashDurabilityTest}: opens the store in the file given as the first
 * argument and appends key versions until it is killed, printing {@code ack <seq> <name> <version>}
 * to stdout after each call has returned, i.e. once the store has acknowledged it.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) {
        PoolStore store = SqliteFile.open(Path.of(args[0]));
        String prefix = args[1];
        System.out.println("ready");
        System.out.flush();
        for (long i = 0; ; i++) {
            String name = prefix + "-" + (i % 7);
            String versionId = Fixtures.hex32();
            var version = new NewKeyVersion(name, versionId, "RSA-HSM", "{\"kty\":\"RSA\"}", sealedFor(versionId),
                    Fixtures.SIGNING, false, Fixtures.T0, Fixtures.T0);
            long seq = store.appendKeyVersion(version, ByteBuffer.allocate(8).putLong(i).array());
            System.out.println("ack " + seq + " " + name + " " + versionId);
            System.out.flush();
        }
    }

    /** Stand-in sealed bytes that the test can recompute from the version id alone. */
    static byte[] sealedFor(String versionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(versionId.getBytes(StandardCharsets.US_ASCII));
            return ByteBuffer.allocate(digest.length * 3).put(digest).put(digest).put(digest).array();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
