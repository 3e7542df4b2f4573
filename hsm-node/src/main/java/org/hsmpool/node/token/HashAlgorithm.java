package org.hsmpool.node.token;

/** Hashes used in signature and OAEP parameters. */
public enum HashAlgorithm {
    SHA1("SHA-1", 20), SHA256("SHA-256", 32), SHA384("SHA-384", 48), SHA512("SHA-512", 64);

    private final String jcaName;
    private final int length;

    HashAlgorithm(String jcaName, int length) {
        this.jcaName = jcaName;
        this.length = length;
    }

    public String jcaName() {
        return jcaName;
    }

    public int length() {
        return length;
    }
}
