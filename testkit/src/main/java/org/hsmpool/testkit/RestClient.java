package org.hsmpool.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** HTTPS to the manager's front end with the JDK's client, trusting only the pool CA, with a bearer token. */
public final class RestClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "api-version=7.5";

    private final HttpClient http;
    private final String base;
    private final String token;

    public record Reply(int status, JsonNode body, String raw, java.net.http.HttpHeaders headers) {
    }

    /** To {@code https://localhost:port}, trusting only the CA in {@code caFile}. */
    public RestClient(int port, Path caFile, String token) {
        this("https://localhost:" + port, PoolTrust.sslContext(caFile), token);
    }

    /** To {@code base} (scheme, host and port), trusting what {@code ssl} trusts. */
    public RestClient(String base, SSLContext ssl, String token) {
        this.http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        this.base = base;
        this.token = token;
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Reply delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public Reply post(String path, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    /** Any method and body, to exactly {@code pathAndQuery} (no api-version added). */
    public Reply raw(String method, String pathAndQuery, byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /**
     * Any method and body publisher to exactly {@code pathAndQuery}, with the content type given (none if
     * null): a publisher of unknown length is sent chunked, without {@code Content-Length}.
     */
    public Reply raw(String method, String pathAndQuery, HttpRequest.BodyPublisher body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).method(method, body);
        return send(contentType == null ? request : request.header("Content-Type", contentType));
    }

    private URI uri(String path) {
        return URI.create(base + path + (path.contains("?") ? "&" : "?") + API);
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            body = null;
        }
        return new Reply(r.statusCode(), body, r.body(), r.headers());
    }
}
