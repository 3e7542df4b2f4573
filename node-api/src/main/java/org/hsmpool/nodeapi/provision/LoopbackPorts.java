package org.hsmpool.nodeapi.provision;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for the node and manager processes that {@code hsmpool up} and the tests start. A port that
 * is free when chosen can be taken before the process binds it (a node died at start with "Address already
 * in use" on a port it had been given a second earlier). Two defences: ports come from below the kernel's
 * ephemeral range, where neither a process that binds port 0 nor an outgoing connection gets its port,
 * starting at a random point per JVM and counting up, so that two choosers rarely meet; and whoever starts the
 * process starts it again on fresh ports when its {@link ProcessLog} says it could not bind one.
 */
public final class LoopbackPorts {
    /** Above Azurite's 10000-10002 and the usual database ports. */
    public static final int FIRST = 15000;
    private static final int END = ephemeralStart();
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(END - FIRST));

    private LoopbackPorts() {
    }

    /** A loopback port that nothing listens on now, outside the ephemeral range. */
    public static int free() throws IOException {
        for (int i = 0; i < END - FIRST; i++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), END - FIRST);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IOException("no free loopback port in " + FIRST + "-" + (END - 1));
    }

    /**
     * A port P such that P .. P + {@code count} - 1 are all free now and outside the ephemeral range: for a pool
     * whose layout puts its processes on the ports after its own ({@code hsmpool up --port P}).
     */
    public static int freeRun(int count) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = free();
            boolean free = base + count <= END;
            for (int p = base + 1; p < base + count && free; p++) {
                free = bindable(p);
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no " + count + " free consecutive loopback ports in " + FIRST + "-" + (END - 1));
    }

    /** Whether a server could bind 127.0.0.1:{@code port} now (as the node and the manager do). */
    public static boolean bindable(int port) {
        if (port < 1 || port > 65535) {
            return false;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** Whether {@code port} lies in the kernel's ephemeral range, from which outgoing connections take theirs. */
    public static boolean ephemeral(int port) {
        return port >= END;
    }

    /** The first port of the kernel's ephemeral range (Linux: 32768 by default), exclusive end of ours. */
    private static int ephemeralStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low >= FIRST + 1000 ? low : 32768; // an unusual range: the retry on a bind failure still holds
        } catch (IOException | RuntimeException notLinux) {
            return 32768;
        }
    }
}
