package org.hsmpool.testkit;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hsmpool.nodeapi.pki.ActivationAttestation;
import org.hsmpool.nodeapi.pki.Pem;
import org.hsmpool.sd.AdminKeyPair;

/**
 * The one way tests activate a pool, whatever started it: the security-domain download with three
 * administrators (quorum two), the node attestation of the returned blob checked against the pool CA,
 * then Crypto Officer and Crypto User at {@code /} for the principal the tests act as, assigned through
 * the role-assignment API as an operator would.
 */
public final class Activation {
    /** The built-in role definitions the tests assign (docs/api.md). */
    public static final String CRYPTO_OFFICER = "515eb02d-2335-4d2d-92f2-b1cbdf9c3778";
    public static final String CRYPTO_USER = "21dbd100-6940-42c2-9190-5d6cb909625b";
    /**
     * The three administrators every activation uses: made once per test JVM, since an RSA-3072 key pair
     * costs about 0.6 s to make and each pool's domain keys are its own anyway.
     */
    private static List<AdminKeyPair> admins;

    private Activation() {
    }

    public static synchronized List<AdminKeyPair> admins() {
        if (admins == null) {
            List<AdminKeyPair> made = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                made.add(AdminKeyPair.generate("admin-" + i, Instant.now(), new SecureRandom()));
            }
            admins = List.copyOf(made);
        }
        return admins;
    }

    /**
     * Activate {@code pool} and give its {@link PoolUnderTest#principal()} the key roles; the
     * security-domain blob.
     */
    public static String activate(PoolUnderTest pool) throws Exception {
        String blob = download(pool.rest(), pool.caFile());
        grantKeyRoles(pool.rest(), pool.principal());
        return blob;
    }

    /**
     * {@code POST /securitydomain/download} with {@link #admins()}, quorum two: requires 202 and a node
     * attestation of the blob as returned that verifies against the CA in {@code caFile}; the blob.
     */
    public static String download(RestClient rest, Path caFile) throws Exception {
        List<Map<String, Object>> certificates = new ArrayList<>();
        for (AdminKeyPair admin : admins()) {
            certificates.add(Map.of("kty", "RSA", "x5c", List.of(der(admin))));
        }
        RestClient.Reply reply = rest.post("/securitydomain/download", Map.of("certificates", certificates,
                "required", 2));
        if (reply.status() != 202) {
            throw new AssertionError("activation answered " + reply.status() + ": " + reply.raw());
        }
        String blob = reply.body().get("value").asText();
        // every activation in the tests also shows that a node of this pool attested the blob as returned
        List<X509Certificate> anchors = List.of(Pem.readCertificates(caFile).get(0));
        try {
            ActivationAttestation.fromJson(RestClient.JSON.convertValue(reply.body().get(ActivationAttestation.MEMBER),
                    Map.class)).verify(blob, anchors);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("the activation's node attestation does not verify: " + e.getMessage(), e);
        }
        return blob;
    }

    /** Crypto Officer and Crypto User at {@code /} for {@code principalId}, assigned by {@code rest}'s principal. */
    public static void grantKeyRoles(RestClient rest, String principalId) throws Exception {
        for (String role : List.of(CRYPTO_OFFICER, CRYPTO_USER)) {
            RestClient.Reply r = rest.raw("PUT", "/providers/Microsoft.Authorization/roleAssignments/"
                    + UUID.randomUUID() + "?api-version=7.5", RestClient.JSON.writeValueAsBytes(Map.of("properties",
                            Map.of("roleDefinitionId", role, "principalId", principalId))));
            if (r.status() != 201) {
                throw new AssertionError("assigning role " + role + " to " + principalId + " answered " + r.status()
                        + ": " + r.raw());
            }
        }
    }

    private static String der(AdminKeyPair admin) {
        try {
            return Base64.getEncoder().encodeToString(admin.certificate().getEncoded());
        } catch (CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }
}
