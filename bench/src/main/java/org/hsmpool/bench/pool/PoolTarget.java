package org.hsmpool.bench.pool;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import org.hsmpool.bench.core.Operation;
import org.hsmpool.bench.core.Target;
import org.hsmpool.testkit.PoolTrust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operations as Key Vault REST calls to a pool: HTTP/1.1 over TLS with keep-alive (the JDK
 * client keeps one connection per concurrent caller), the pool CA as the only trust anchor, the
 * operator's bearer token. Request bodies are built once per operation; an answer counts as done
 * only with status 200 (and {@code "value":true} for verify).
 */
public final class PoolTarget implements Target {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "?api-version=7.5";
    static final String RSA = "bench-rsa";
    static final String EC = "bench-ec";
    static final String AES = "bench-aes";
    static final String ML_DSA = "bench-ml-dsa-65";

    private final HttpClient http;
    private final String url;
    private final String token;
    private final AtomicLong created = new AtomicLong();
    private JsonNode rsaKey;

    public PoolTarget(String url, Path caFile, String token) throws Exception {
        this.url = url;
        this.token = token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(PoolTrust.sslContext(caFile))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Create the benchmark's keys (RSA-2048, EC P-256, AES-256, ML-DSA-65). */
    public void createKeys() throws IOException, InterruptedException {
        rsaKey = post("/keys/" + RSA + "/create", Map.of("kty", "RSA-HSM", "key_size", 2048)).path("key");
        post("/keys/" + EC + "/create", Map.of("kty", "EC-HSM", "crv", "P-256"));
        post("/keys/" + AES + "/create", Map.of("kty", "oct-HSM", "key_size", 256));
        post("/keys/" + ML_DSA + "/create", Map.of("kty", "AKP-HSM", "alg", "ML-DSA-65"));
    }

    /** One fixed request: path (without the api-version), JSON body, and what a good answer must contain. */
    public record Request(String path, String body, String mustContain) {
    }

    @Override
    public Call prepare(Operation op) throws Exception {
        if (op == Operation.RSA_2048_CREATE) {
            String body = JSON.writeValueAsString(Map.of("kty", "RSA-HSM", "key_size", 2048));
            return () -> send("/keys/bench-new-" + created.incrementAndGet() + "/create", body, null);
        }
        return call(request(op));
    }

    /** The call that sends {@code r} once. */
    public Call call(Request r) {
        return () -> send(r.path(), r.body(), r.mustContain());
    }

    /** The fixed request of {@code op} (every operation but key creation, whose key name changes per call). */
    public Request request(Operation op) throws Exception {
        String digest = b64(Operation.digest());
        switch (op) {
            case RS256_SIGN:
                return request("/keys/" + RSA + "/sign", Map.of("alg", "RS256", "value", digest), null);
            case ES256_SIGN:
                return request("/keys/" + EC + "/sign", Map.of("alg", "ES256", "value", digest), null);
            case A256GCM_ENCRYPT:
                return request("/keys/" + AES + "/encrypt",
                        Map.of("alg", "A256GCM", "value", b64(Operation.bytes(1024))), null);
            case RSA_OAEP_256_UNWRAP:
                return request("/keys/" + RSA + "/unwrapkey",
                        Map.of("alg", "RSA-OAEP-256", "value", b64(oaep256(Operation.bytes(32)))), null);
            case RS256_VERIFY: {
                String signature = post("/keys/" + RSA + "/sign", Map.of("alg", "RS256", "value", digest)).path("value")
                        .asText();
                return request("/keys/" + RSA + "/verify",
                        Map.of("alg", "RS256", "digest", digest, "value", signature), "\"value\":true");
            }
            case ML_DSA_65_SIGN:
                return request("/keys/" + ML_DSA + "/sign", Map.of("alg", "ML-DSA-65", "value", b64(Operation.bytes(1024))),
                        null);
            default:
                throw new IllegalArgumentException("no fixed request for " + op);
        }
    }

    /** The full URL of a request. */
    public String url(Request r) {
        return url + r.path() + API;
    }

    /** Create the EC P-256 key {@code name} (the scale suite's keys). */
    public void createEc(String name) throws IOException, InterruptedException {
        send("/keys/" + name + "/create", EC_P256, null);
    }

    /** An ES256 sign with the latest version of a key {@code names} chooses, one per call. */
    public Call signWith(java.util.function.Supplier<String> names) throws IOException {
        String body = JSON.writeValueAsString(Map.of("alg", "ES256", "value", b64(Operation.digest())));
        return () -> send("/keys/" + names.get() + "/sign", body, null);
    }

    /** Whether {@code /hsmpool/status} lists {@code nodes} nodes, every one HEALTHY. */
    public boolean allHealthy(int nodes) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/hsmpool/status" + API))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return false;
        }
        int healthy = 0;
        JsonNode status = JSON.readTree(response.body());
        for (JsonNode n : status.path("nodes")) {
            healthy += n.path("state").asText().equals("HEALTHY") ? 1 : 0;
        }
        return status.path("nodes").size() == nodes && healthy == nodes;
    }

    private static final String EC_P256 = "{\"kty\":\"EC-HSM\",\"crv\":\"P-256\"}";

    private static Request request(String path, Map<String, Object> body, String mustContain) throws IOException {
        return new Request(path, JSON.writeValueAsString(body), mustContain);
    }

    private JsonNode post(String path, Map<String, Object> body) throws IOException, InterruptedException {
        return JSON.readTree(send(path, JSON.writeValueAsString(body), null));
    }

    private String send(String path, String json, String mustContain) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path + API)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        if (response.statusCode() != 200 || (mustContain != null && !body.replace(" ", "").contains(mustContain))) {
            throw new IOException("POST " + path + ": " + response.statusCode() + " "
                    + body.substring(0, Math.min(200, body.length())));
        }
        return body;
    }

    /** What a client holding only the public key sends to unwrapKey: OAEP with SHA-256 and MGF1-SHA-256. */
    private byte[] oaep256(byte[] keyBytes) throws Exception {
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, unb64(rsaKey.path("n").asText())), new BigInteger(1, unb64(rsaKey.path("e").asText()))));
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.ENCRYPT_MODE, publicKey,
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        return cipher.doFinal(keyBytes);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] unb64(String text) {
        return Base64.getUrlDecoder().decode(text);
    }
}
