package org.hsmpool.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The race {@code hsmpool} must survive, made to happen every time: another process takes a node's API port
 * after the cli chose it and started the node, before the node (a JVM that binds its ports a second or more
 * later) binds it. Watches for the node process of {@code name} in {@code poolDir}, reads the port from its
 * command line ({@code -Dhsmpool.node.port=N}) and binds 127.0.0.1:N until {@link #close()}.
 */
final class TakenPort implements AutoCloseable {
    private final Thread watcher;
    private volatile ServerSocket socket;
    private volatile String failure;
    private volatile boolean closed;

    private TakenPort(Path poolDir, String name) {
        String nodeName = "-Dhsmpool.node.name=" + name;
        String certificate = "-Dhsmpool.node.tls.certificate=" + poolDir.toAbsolutePath().resolve(name);
        watcher = new Thread(() -> watch(nodeName, certificate), "take-port-of-" + name);
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Takes the API port of the next process of node {@code name} of the pool in {@code poolDir} as soon as it starts. */
    static TakenPort ofNodeWhenItStarts(Path poolDir, String name) {
        return new TakenPort(poolDir, name);
    }

    private void watch(String nodeName, String certificate) {
        Instant until = Instant.now().plus(Duration.ofMinutes(3));
        while (!closed && Instant.now().isBefore(until)) {
            Optional<Integer> port = ProcessHandle.allProcesses().map(p -> p.info().arguments())
                    .flatMap(Optional::stream).map(List::of)
                    .filter(a -> a.contains(nodeName) && a.stream().anyMatch(arg -> arg.startsWith(certificate)))
                    .flatMap(a -> a.stream().filter(arg -> arg.startsWith("-Dhsmpool.node.port="))).findFirst()
                    .map(arg -> Integer.parseInt(arg.substring(arg.indexOf('=') + 1)));
            if (port.isPresent()) {
                try {
                    ServerSocket s = new ServerSocket();
                    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.get()));
                    socket = s;
                } catch (IOException e) {
                    failure = "could not take port " + port.get() + " (the node was faster): " + e;
                }
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
        failure = "no process of the node appeared";
    }

    /** The port taken; fails when none was (the node bound it first, or never started). */
    int port() {
        if (socket == null) {
            throw new AssertionError("the port was not taken: " + failure);
        }
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (socket != null) {
            socket.close();
        }
    }
}
