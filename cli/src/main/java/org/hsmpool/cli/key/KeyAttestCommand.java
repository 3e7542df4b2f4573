package org.hsmpool.cli.key;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.UserError;
import org.hsmpool.cli.remote.PoolClient;
import org.hsmpool.nodeapi.pki.JwkThumbprint;
import org.hsmpool.nodeapi.pki.KeyAttestationDocument;
import org.hsmpool.nodeapi.pki.Pem;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hsmpool key attest}: fetches a key version's attestation ({@code GET
 * /keys/{name}/{version}/attestation}) and, with {@code --verify}, checks it offline against the
 * pool CA: the node certificate chains to it, the node endorsed the attestation key, the attestation
 * key signed the statement, and the statement names this key version and its public key.
 */
@Command(name = "attest", description = {"Fetches a node's attestation of a key version (its token attributes,"
        + " signed by the node's attestation key, endorsed by the node's pool-CA certificate) and prints the statement.",
    "With --verify, checks it against the pool CA offline and exits 0 when it holds, 4 when it does not."},
        footerHeading = "%nExamples:%n", footer = {"  hsmpool key attest my-key --verify",
            "  hsmpool key attest my-key --key-version 3f2a... --verify --pool-ca pool-ca.crt"})
public final class KeyAttestCommand extends KeyUse implements Callable<Integer> {
    @Option(names = "--key-version", paramLabel = "VERSION", description = "the key version (default: the latest)")
    String version;

    @Option(names = "--verify", description = "check the attestation against the pool CA")
    boolean verify;

    @Option(names = "--pool-ca", paramLabel = "FILE", description = "PEM certificate of the pool CA (default: the local "
            + "pool's in --dir; required with --verify for any other pool)")
    Path poolCaFile;

    KeyAttestCommand(Host host) {
        super(host);
    }

    @Override
    public Integer call() throws Exception {
        PoolClient pool = pool();
        String key = key();
        if (version != null && !version.matches("[0-9a-f]{32}")) {
            throw new UserError("--key-version takes a key version: 32 lowercase hex characters, as in the key's kid");
        }
        String path = "/keys/" + key + "/" + (version == null ? "" : version + "/") + "attestation";
        JsonNode bundle = pool.call("GET", path, null);
        JsonNode a = bundle.path("attributes").path("attestation");
        if (!a.path("privateKeyAttestation").isTextual() || !a.path("certificatePemFile").isTextual()) {
            throw new UserError("the pool's answer carries no attestation for key " + key);
        }
        byte[] document = Base64.getUrlDecoder().decode(a.path("privateKeyAttestation").asText());
        byte[] pem = Base64.getUrlDecoder().decode(a.path("certificatePemFile").asText());
        KeyAttestationDocument parsed;
        try {
            parsed = KeyAttestationDocument.parse(document);
        } catch (GeneralSecurityException e) {
            return done(4, null, List.of(e.getMessage()), null);
        }
        String statement = new String(parsed.statement(), java.nio.charset.StandardCharsets.UTF_8);
        if (!verify) {
            return done(0, statement, List.of(), null);
        }
        List<String> problems = new ArrayList<>();
        try {
            var verified = parsed.verify(chain(pem), poolCa());
            JsonNode s = verified.statement();
            String kid = bundle.path("key").path("kid").asText();
            String expectedVersion = kid.substring(kid.lastIndexOf('/') + 1);
            if (!expectedVersion.equals(s.path("key_id").asText())) {
                problems.add("the statement is about key version " + s.path("key_id").asText() + ", not " + expectedVersion);
            }
            String thumbprint = thumbprint(bundle.path("key"));
            if (thumbprint != null && !thumbprint.equals(s.path("public_key_thumbprint").asText())) {
                problems.add("the statement's public key is not this key's public key");
            }
            if (problems.isEmpty()) {
                return done(0, statement, List.of(), "verified: " + verified.node().uri() + " of the pool CA attests key "
                        + key + " version " + expectedVersion + " (" + s.path("origin").asText() + ")");
            }
        } catch (GeneralSecurityException e) {
            problems.add(e.getMessage());
        }
        return done(4, statement, problems, null);
    }

    /**
     * Prints the statement and the verdict: as text lines, or with {@code -o json} as
     * {@code {"statement": {...}, "verified": true|false|null, "problems": [...]}}; returns {@code code}.
     */
    private int done(int code, String statement, List<String> problems, String verdict) {
        if (output.json()) {
            java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
            try {
                json.put("statement", statement == null ? null : org.hsmpool.cli.remote.PoolClient.JSON.readTree(statement));
            } catch (java.io.IOException e) {
                json.put("statement", statement);
            }
            json.put("verified", verify || code != 0 ? code == 0 : null);
            json.put("verdict", verdict);
            json.put("problems", problems);
            org.hsmpool.cli.common.OutputFormat.print(spec.commandLine().getOut(), json);
            return code;
        }
        if (statement != null) {
            print(statement);
        }
        if (verdict != null) {
            print(verdict);
        }
        problems.forEach(p -> print("NOT verified: " + p));
        return code;
    }

    private List<X509Certificate> poolCa() {
        Path f = poolCaFile != null ? poolCaFile : connection.localPool().map(j -> j.path("caCertificate").asText(null))
                .filter(t -> t != null).map(Path::of).orElseThrow(() -> new UserError("give the pool CA certificate with "
                        + "--pool-ca: the attestation is checked against the CA that issued the nodes' certificates"));
        try {
            return Pem.readCertificates(f);
        } catch (java.io.IOException | RuntimeException e) {
            throw new UserError("the pool CA file " + f + " cannot be read as PEM certificates: " + e.getMessage());
        }
    }

    private static List<X509Certificate> chain(byte[] pem) throws GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    private static String thumbprint(JsonNode jwk) {
        Base64.Decoder d = Base64.getUrlDecoder();
        if (jwk.path("n").isTextual()) {
            return JwkThumbprint.rsa(new BigInteger(1, d.decode(jwk.path("n").asText())),
                    new BigInteger(1, d.decode(jwk.path("e").asText())));
        }
        if (jwk.path("x").isTextual()) {
            return JwkThumbprint.ec(jwk.path("crv").asText(), jwk.path("x").asText(), jwk.path("y").asText());
        }
        return null;
    }
}
