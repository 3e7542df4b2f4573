package org.hsmpool.cli.remote;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.hsmpool.cli.common.Host;
import org.hsmpool.cli.common.UserError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Option;

/**
 * The options that say which pool a remote command talks to. Each value comes from, first match
 * wins: its option, its environment variable ({@code HSMPOOL_URL}, {@code HSMPOOL_CA},
 * {@code HSMPOOL_TOKEN}), the local pool in {@code --dir} ({@code pool.json} and the operator's
 * line of its token file). Without a CA the JDK's default trust store is used (a pool with a
 * publicly trusted certificate).
 */
public final class PoolConnection {
    public static final String URL_VARIABLE = "HSMPOOL_URL";
    public static final String CA_VARIABLE = "HSMPOOL_CA";
    public static final String TOKEN_VARIABLE = "HSMPOOL_TOKEN";
    /** The principal whose token {@code hsmpool up} writes first into a local pool's token file. */
    public static final String OPERATOR = "operator";

    @Option(names = "--dir", defaultValue = "${env:HSMPOOL_DIR:-.hsmpool}",
            description = "a local pool's directory, used for what --url, --ca and --token do not give (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--url", paramLabel = "URL", description = "the pool's endpoint, e.g. https://hsm.example.net:8443 (or $HSMPOOL_URL)")
    String url;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM certificate of the pool CA to trust (or $HSMPOOL_CA)")
    Path ca;

    @Option(names = "--token", paramLabel = "@FILE", description = "read the bearer token from FILE's first line (or set"
            + " $HSMPOOL_TOKEN); the token itself is refused here: command lines show in 'ps' to every user")
    String token;

    /** A token handed over inside this process ({@link #withToken}), never from the command line. */
    private String inProcessToken;

    /** Resolves every value and opens an HTTPS client; says which value is missing and where to get it. */
    public PoolClient open(Host host) {
        Optional<String> given = first(url, host.variable(URL_VARIABLE));
        Optional<JsonNode> local = localFor(host);
        String u = first(given.orElse(null), local.map(j -> j.path("url").asText(null)))
                .orElseThrow(() -> new UserError("no pool to talk to: no --url, no $" + URL_VARIABLE + " and no pool in "
                        + dir.toAbsolutePath() + "; start one with 'hsmpool up', or give --url, --ca and --token"));
        Optional<Path> caFile = caFile(host, local);
        if (token != null && !token.startsWith("@")) {
            throw new UserError("--token takes @FILE, not the token itself: a command line shows in 'ps' to every user;"
                    + " put the token in a file (mode 0600) and give --token @FILE, or set $" + TOKEN_VARIABLE);
        }
        String t = first(inProcessToken != null ? inProcessToken : token, host.variable(TOKEN_VARIABLE), local.flatMap(j -> operatorToken(j))).map(PoolConnection::tokenValue)
                .orElseThrow(() -> new UserError("no bearer token: give --token @FILE or set $" + TOKEN_VARIABLE
                        + " (a local pool's tokens are in its 'tokens' file; 'hsmpool token --principal NAME' makes one)"));
        URI base;
        try {
            base = URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        } catch (IllegalArgumentException e) {
            throw new UserError("the pool URL '" + u + "' is not a URL; give one like https://localhost:8443");
        }
        if (!"https".equals(base.getScheme()) || base.getHost() == null) {
            throw new UserError("the pool URL '" + u + "' must be https://HOST[:PORT]; the pool answers HTTPS only");
        }
        return new PoolClient(base, caFile, t);
    }

    /** The CA certificate this connection trusts (option, variable, or the local pool's), if any. */
    public Optional<Path> caFile(Host host) {
        return caFile(host, localFor(host));
    }

    /** The local pool, when no URL is given or the URL given is its own: its token never goes to another pool. */
    private Optional<JsonNode> localFor(Host host) {
        Optional<String> given = first(url, host.variable(URL_VARIABLE));
        return localPool().filter(j -> given.isEmpty() || given.get().equals(j.path("url").asText()));
    }

    private Optional<Path> caFile(Host host, Optional<JsonNode> local) {
        return first(ca == null ? null : ca.toString(), host.variable(CA_VARIABLE),
                local.map(j -> j.path("caCertificate").asText(null))).map(Path::of);
    }

    /** The same connection with another bearer token. */
    public PoolConnection withToken(String other) {
        PoolConnection c = new PoolConnection();
        c.dir = dir;
        c.url = url;
        c.ca = ca;
        c.inProcessToken = other;
        return c;
    }

    /** The local pool's directory, when {@code --dir} holds a pool. */
    public Optional<Path> localDirectory() {
        return localPool().map(j -> dir);
    }

    /** The local pool's {@code pool.json}, when {@code --dir} holds one. */
    public Optional<JsonNode> localPool() {
        Path json = dir.resolve("pool.json");
        if (!Files.exists(json)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ObjectMapper().readTree(Files.readString(json)));
        } catch (IOException e) {
            throw new UserError(json + " cannot be read (" + e.getMessage() + "); run 'hsmpool up --dir " + dir + "' again");
        }
    }

    public Path dir() {
        return dir;
    }

    private Optional<String> operatorToken(JsonNode poolJson) {
        Path file = Path.of(poolJson.path("tokenFile").asText(dir.resolve("tokens").toString()));
        try {
            return readToken(Files.readAllLines(file, StandardCharsets.UTF_8), OPERATOR);
        } catch (IOException e) {
            throw new UserError("the token file " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); run as the user who started the pool, or give --token");
        }
    }

    /** The first token of {@code principal} in a token file's lines. */
    public static Optional<String> readToken(List<String> lines, String principal) {
        return lines.stream().map(String::strip).filter(l -> !l.startsWith("#")).map(l -> l.split("\\s+"))
                .filter(f -> f.length == 2 && f[0].equals(principal)).map(f -> f[1]).findFirst();
    }

    private static String tokenValue(String given) {
        if (!given.startsWith("@")) {
            return given.strip();
        }
        Path file = Path.of(given.substring(1));
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                throw new UserError("the token file " + file + " is empty; put the bearer token on its first line");
            }
            return lines.get(0).strip();
        } catch (IOException e) {
            throw new UserError("the token file " + file + " cannot be read (" + e.getClass().getSimpleName() + "); check the path");
        }
    }

    @SafeVarargs
    private static Optional<String> first(String option, Optional<String>... others) {
        if (option != null && !option.isBlank()) {
            return Optional.of(option);
        }
        for (Optional<String> o : others) {
            if (o.isPresent() && !o.get().isBlank()) {
                return o;
            }
        }
        return Optional.empty();
    }
}
