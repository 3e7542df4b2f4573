package org.hsmpool.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A pool a test talks to, however it was started ({@link PoolHarness}: node and manager processes;
 * {@link UpPool}: {@code hsmpool up}; containers' {@code ContainerPool}: Docker): its Key Vault endpoint,
 * the pool CA its clients trust, the principal the test acts as with its bearer token, and what every
 * kind shares on top: {@link Activation}, status and waiting for nodes, REST and Azure SDK clients.
 */
public interface PoolUnderTest extends AutoCloseable {

    /** The Key Vault API's base URL, {@code https://localhost:PORT} (the current manager's). */
    String url();

    /** The pool CA's certificate (PEM): the only trust anchor of every client. */
    Path caFile();

    /** The principal the test acts as: an administrator, and after {@link #activate()} Crypto Officer and User. */
    String principal();

    /** The bearer token of {@link #principal()}. */
    String token();

    /** A REST client to {@link #url()} with {@link #token()}. */
    RestClient rest();

    /** TLS trusting only {@link #caFile()}. */
    default SSLContext ssl() {
        return PoolTrust.sslContext(caFile());
    }

    /** A REST client to {@link #url()} with another bearer token. */
    default RestClient rest(String token) {
        return new RestClient(url(), ssl(), token);
    }

    /** Azure SDK clients built against this pool. */
    default SdkClients sdk() {
        return new SdkClients(url(), ssl());
    }

    /** {@link Activation#activate}: the security domain with the JVM's three administrators; the blob. */
    default String activate() throws Exception {
        return Activation.activate(this);
    }

    default JsonNode status() throws Exception {
        RestClient.Reply reply = rest().get("/hsmpool/status");
        if (reply.status() != 200) {
            throw new IOException("GET /hsmpool/status answered " + reply.status() + ": " + reply.raw());
        }
        return reply.body();
    }

    /** The entry of node {@code name} in {@code status}. */
    static JsonNode node(JsonNode status, String name) {
        for (JsonNode n : status.path("nodes")) {
            if (n.path("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no node " + name + " in " + status);
    }

    /** Wait until at least {@code count} nodes are in {@code state}. */
    default void awaitNodes(String state, int count, Duration timeout) throws Exception {
        awaitStatus("fewer than " + count + " nodes became " + state, timeout, status -> {
            int n = 0;
            for (JsonNode node : status.get("nodes")) {
                if (node.get("state").asText().equals(state)) {
                    n++;
                }
            }
            return n >= count;
        });
    }

    /** Wait until node {@code name} is in {@code state} (and, for HEALTHY, has no lag); the last status. */
    default JsonNode awaitNode(String name, String state, Duration timeout) throws Exception {
        return awaitStatus(name + " did not become " + state + " within " + timeout, timeout, status -> {
            JsonNode n = node(status, name);
            return n.path("state").asText().equals(state) && (!state.equals("HEALTHY") || n.path("lag").asLong() == 0);
        });
    }

    /**
     * Throw an IllegalStateException naming a process of this pool that ended without the test stopping it,
     * with the end of its log; nothing where the pool's processes are not the test's to watch.
     */
    default void requireRunning() {
    }

    /**
     * Poll {@link #status()} until {@code reached} holds (a failed or refused status is tried again: the manager
     * may still be starting, or busy); the last status, or an AssertionError saying {@code failure}. A process of
     * the pool that dies meanwhile ends the wait at once ({@link #requireRunning()}).
     */
    default JsonNode awaitStatus(String failure, Duration timeout, Predicate<JsonNode> reached) throws Exception {
        Instant until = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(until)) {
            requireRunning();
            try {
                last = status();
                if (reached.test(last)) {
                    return last;
                }
            } catch (Exception notYet) {
                // not yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(failure + ": " + last);
    }
}
