package org.hsmpool.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for the node and manager processes tests start. A port that is free when chosen can be
 * taken before the process binds it (CI saw a node die with "Address already in use" on its management
 * port). Two defences: ports come from below the kernel's ephemeral range, where neither a process that
 * binds port 0 nor an outgoing connection gets its port, starting at a random point per test JVM and
 * counting up, so that parallel test JVMs rarely meet; and {@link NodeProcess} and {@link ManagerProcess}
 * start a process again on fresh ports when it exits with a bind failure ({@link ProcessLog#bindFailed()}).
 */
final class Ports {
    /** Above Azurite's 10000-10002 and the usual database ports. */
    static final int FIRST = 15000;
    private static final int END = ephemeralStart();
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(END - FIRST));

    private Ports() {
    }

    /** A loopback port that nothing listens on now, outside the ephemeral range. */
    static int free() throws IOException {
        for (int i = 0; i < END - FIRST; i++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), END - FIRST);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IOException("no free loopback port in " + FIRST + "-" + (END - 1));
    }

    static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
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
