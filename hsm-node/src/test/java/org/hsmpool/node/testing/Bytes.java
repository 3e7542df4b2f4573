package org.hsmpool.node.testing;

/** Byte-level searches of the leak checks (a secret's raw bytes in a file, a blob, a store). */
public final class Bytes {
    private Bytes() {
    }

    /** Where {@code needle} first occurs in {@code data}, or -1 (a secret's raw bytes in a file, a blob). */
    public static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
