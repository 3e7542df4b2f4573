package org.hsmpool.sd;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * RSA keys shared by the tests, generated once per JVM: administrators at the smallest accepted
 * size (fast, and the share format does not depend on it), transfer keys at RSA-3072 as hsm-node
 * makes them.
 */
final class TestKeys {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    record Admin(KeyPair keys, X509Certificate certificate) {
        Thumbprint thumbprint() {
            return Thumbprint.of(certificate);
        }
    }

    record Transfer(KeyPair keys, TransferKey key) {
        NoPaddingRsa token() {
            return new NoPaddingRsa(keys.getPrivate(), key.publicKey().getModulus().bitLength(), false);
        }
    }

    private static final List<Admin> ADMINS = new ArrayList<>();
    private static final List<Transfer> TRANSFERS = new ArrayList<>();

    private TestKeys() {
    }

    static synchronized Admin admin(int i) {
        while (ADMINS.size() <= i) {
            KeyPair keys = rsa(Limits.MIN_RSA_BITS);
            ADMINS.add(new Admin(keys, SelfSignedCertificate.issue(keys, "admin " + ADMINS.size(), NOW,
                    Duration.ofDays(365))));
        }
        return ADMINS.get(i);
    }

    static List<X509Certificate> adminCertificates(int n) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            certificates.add(admin(i).certificate());
        }
        return certificates;
    }

    static synchronized Transfer transfer(int i) {
        while (TRANSFERS.size() <= i) {
            KeyPair keys = rsa(3072);
            TRANSFERS.add(new Transfer(keys, TransferKey.of(SelfSignedCertificate.issue(keys,
                    "hsm-node transfer key " + TRANSFERS.size(), NOW, Duration.ofDays(1)))));
        }
        return TRANSFERS.get(i);
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
