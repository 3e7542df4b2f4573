package org.hsmpool.cli.remote;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import org.hsmpool.cli.common.UserError;
import org.hsmpool.nodeapi.pki.Pem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * HTTPS calls to a pool's REST API with a bearer token (the JDK HttpClient). Every failure becomes a
 * {@link UserError} that names the call, the pool's error code and message, and what to do. The
 * token is never part of a message.
 */
public final class PoolClient {
    public static final String API_VERSION = "7.5";
    public static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http;

    PoolClient(URI base, Optional<Path> ca, String token) {
        this(base, token, HttpClient.newBuilder().sslContext(ca.map(PoolClient::trusting).orElseGet(PoolClient::defaultContext))
                .connectTimeout(Duration.ofSeconds(5)).build());
    }

    private PoolClient(URI base, String token, HttpClient http) {
        this.base = base;
        this.token = token;
        this.http = http;
    }

    /**
     * The same client for one manager of this pool behind its load balancer, at the address the local
     * pool's {@code pool.json} lists (never an address a server gave).
     */
    PoolClient manager(URI managerBase) {
        return new PoolClient(managerBase, token, http);
    }

    public URI base() {
        return base;
    }

    /** A JSON answer of {@code method path} (path relative to the pool, with its query if any). */
    public JsonNode call(String method, String path, Object body) {
        HttpResponse<String> r = exchange(method, path, body);
        if (r.statusCode() / 100 != 2) {
            throw failure(method, path, r);
        }
        try {
            return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UserError(method + " " + path + " answered " + r.statusCode() + " with a body that is not JSON;"
                    + " is " + base + " an hsmpool pool?");
        }
    }

    /** The raw answer, whatever its status (for callers that decide on the status themselves). */
    public HttpResponse<String> exchange(String method, String path, Object body) {
        URI uri = URI.create(base + path + (path.contains("?") ? "&" : "?") + "api-version=" + API_VERSION);
        return exchange(method, uri, body);
    }

    /** The same for a full URL the pool gave (a {@code nextLink}); only URLs of this pool are followed. */
    public HttpResponse<String> exchange(String method, URI uri, Object body) {
        if (!uri.getHost().equals(base.getHost()) || uri.getPort() != base.getPort()) {
            throw new UserError("the pool pointed to another server (" + uri.getHost() + "); refusing to send the token there");
        }
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json");
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8));
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw transportFailure(method, uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
    }

    /** The HttpClient may wrap the cause; the innermost known one says what to do. */
    private UserError transportFailure(String method, URI uri, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new UserError("cannot connect to " + base + "; is the pool running ('hsmpool status', 'hsmpool up')"
                        + " and is the URL right?");
            }
            if (t instanceof HttpTimeoutException) {
                return new UserError(method + " " + uri.getPath() + " timed out at " + base
                        + "; see 'hsmpool status' and the manager's log");
            }
            if (t instanceof SSLException) {
                return new UserError("the TLS handshake with " + base + " failed (" + t.getMessage() + "); give the pool's CA"
                        + " certificate with --ca or $" + PoolConnection.CA_VARIABLE);
            }
        }
        return new UserError(method + " " + uri.getPath() + " to " + base + " failed: " + e);
    }

    /** A failed answer as one line: status, the Key Vault error code and message, and advice. */
    public UserError failure(String method, String path, HttpResponse<String> r) {
        String code = "";
        String message = "";
        try {
            JsonNode error = JSON.readTree(r.body()).path("error");
            code = error.path("code").asText("");
            message = error.path("message").asText("");
        } catch (IOException | RuntimeException notJson) {
            // no Key Vault error body: the status says enough
        }
        String what = method + " " + path.replaceAll("\\?.*", "") + " answered " + r.statusCode()
                + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : ": " + message);
        return new UserError(what + "; " + advice(r));
    }

    private static String advice(HttpResponse<String> r) {
        return switch (r.statusCode()) {
            case 400 -> "check the command's values ('--help')";
            case 401 -> "the token is not accepted: check --token / $" + PoolConnection.TOKEN_VARIABLE
                    + ", or make one with 'hsmpool token --principal NAME'";
            case 403 -> "the token's principal may not do this: assign it a role ('hsmpool token --principal NAME --role ROLE')"
                    + " or use a token that has one";
            case 404 -> "check the name ('hsmpool key list')";
            case 409 -> "the name is taken or deleted: choose another, or recover or purge the deleted key";
            case 429 -> "the pool is at its request limit: wait " + r.headers().firstValue("Retry-After").orElse("a few")
                    + " s and try again";
            case 503 -> "no node can serve it now: see 'hsmpool status' (nodes catching up or ejected) and try again";
            default -> "see 'hsmpool status' and the manager's log";
        };
    }

    private static SSLContext trusting(Path ca) {
        List<X509Certificate> certificates;
        try {
            certificates = Pem.readCertificates(ca);
        } catch (IOException | RuntimeException e) {
            throw new UserError("the CA certificate " + ca + " cannot be read as PEM (" + e.getMessage()
                    + "); give the pool CA's certificate (ca/ca.crt of the pool's directory)");
        }
        if (certificates.isEmpty()) {
            throw new UserError("the CA file " + ca + " holds no PEM certificate; give the pool CA's certificate");
        }
        try {
            return org.hsmpool.nodeapi.pki.TlsMaterial.clientContext(certificates, java.util.Optional.empty());
        } catch (Exception e) {
            throw new IllegalStateException("a trust store of one certificate cannot be made", e);
        }
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (Exception e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }
}
