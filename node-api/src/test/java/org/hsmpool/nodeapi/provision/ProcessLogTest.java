package org.hsmpool.nodeapi.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up words of a real Quarkus node (lines from a CI node.log) and the ports {@link LoopbackPorts} hands out. */
class ProcessLogTest {
    private static final String API_TAKEN = """
            2026-12-07T16:59:10.046Z INFO  [io.qu.gr.ru.GrpcServerRecorder]  Starting new Quarkus gRPC server (using Vert.x transport)...
            2026-12-07T16:59:10.158Z ERROR [io.qu.ru.Application]  Port 33931 seems to be in use by another process. Quarkus may already be running or the port is used by another application.
            2026-12-07T16:59:10.158Z WARN  [io.qu.ru.Application]  Use 'ss -anop | grep 33931' or 'netstat -anop | grep 33931' to identify the process occupying the port.
            """;
    private static final String LISTENING = """
            2026-12-07T16:59:11.172Z INFO  [or.hs.no.co.NodeRuntime]  hsm-node node-t serving token 'node-t' (slot 1041248946, SoftHSM project SoftHSM v2), domain keys not installed
            2026-12-07T16:59:11.434Z INFO  [io.quarkus]  hsm-node 0.1.0-SNAPSHOT on JVM (powered by Quarkus 3.33.2) started in 1.155s. Listening on: https://127.0.0.1:21180. Management interface listening on http://127.0.0.1:21181.
            """;
    private static final String MANAGEMENT_TAKEN = """
            2026-12-07T16:59:12.892Z ERROR [io.qu.ru.Application]  Failed to start application: java.lang.RuntimeException: Failed to start quarkus
            \tat io.quarkus.runner.ApplicationImpl.doStart(Unknown Source)
            Caused by: java.lang.RuntimeException: Unable to start HTTP server
            \tat io.quarkus.vertx.http.runtime.VertxHttpRecorder.doServerStart(VertxHttpRecorder.java:1007)
            Caused by: java.lang.IllegalStateException: Unable to start the management interface on 127.0.0.1:21181
            \tat io.quarkus.vertx.http.runtime.VertxHttpRecorder.lambda$initializeManagementInterface$3(VertxHttpRecorder.java:764)
            Caused by: java.net.BindException: Address already in use
            \t... 9 more
            """;

    @TempDir
    Path dir;

    @Test
    void eachStartIsReadOnItsOwnAndNamesThePortItCouldNotBind() throws Exception {
        Path file = dir.resolve("node.log");
        ProcessLog log = new ProcessLog(file);
        log.mark();
        append(file, API_TAKEN);
        assertThat(log.started()).isFalse();
        assertThat(log.bindFailed()).isTrue();
        assertThat(log.takenPort()).isEqualTo(OptionalInt.of(33931));

        log.mark();
        append(file, LISTENING);
        assertThat(log.started()).isTrue();
        assertThat(log.bindFailed()).as("the earlier start's failure is not this one's").isFalse();
        assertThat(log.takenPort()).isEmpty();

        log.mark();
        append(file, MANAGEMENT_TAKEN);
        assertThat(log.started()).isFalse();
        assertThat(log.takenPort()).isEqualTo(OptionalInt.of(21181));
        assertThat(log.errors(2)).isEqualTo("""
                Caused by: java.lang.IllegalStateException: Unable to start the management interface on 127.0.0.1:21181
                Caused by: java.net.BindException: Address already in use""");
        assertThat(log.tail(2)).startsWith("[... 6 lines of " + file + " before]\n").endsWith("\t... 9 more");
        assertThat(log.text()).contains(API_TAKEN, LISTENING, MANAGEMENT_TAKEN);
    }

    @Test
    void aProcessThatSaidNothingYetHasNeitherStartedNorFailed() throws Exception {
        ProcessLog log = new ProcessLog(dir.resolve("absent.log"));
        log.mark();
        assertThat(log.started()).isFalse();
        assertThat(log.bindFailed()).isFalse();
        assertThat(log.errors(5)).isEmpty();
    }

    @Test
    void freePortsLieBelowTheEphemeralRangeAndATakenOneIsNotBindable() throws Exception {
        int port = LoopbackPorts.free();
        assertThat(port).isGreaterThanOrEqualTo(LoopbackPorts.FIRST);
        assertThat(LoopbackPorts.ephemeral(port)).isFalse();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(LoopbackPorts.bindable(port)).isFalse();
            assertThat(LoopbackPorts.free()).isNotEqualTo(port);
        }
        assertThat(LoopbackPorts.bindable(port)).isTrue();
        int run = LoopbackPorts.freeRun(5);
        for (int p = run; p < run + 5; p++) {
            assertThat(LoopbackPorts.bindable(p)).as("port %d", p).isTrue();
            assertThat(LoopbackPorts.ephemeral(p)).isFalse();
        }
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
