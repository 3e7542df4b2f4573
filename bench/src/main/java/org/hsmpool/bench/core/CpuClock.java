package org.hsmpool.bench.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system) of a process, from {@code /proc/<pid>/stat}. Linux only; elsewhere it
 * reads -1, which the report shows as unknown.
 */
public final class CpuClock {
    private static final double TICKS_PER_SECOND = ticksPerSecond();

    private CpuClock() {
    }

    /** CPU seconds used so far by {@code pid}, or -1 when unknown (no /proc, process gone). */
    public static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) may hold spaces; fields after its closing paren are fixed
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(f[11]);
            long stime = Long.parseLong(f[12]);
            return (utime + stime) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Clock ticks (as {@code /proc/<pid>/stat} counts them) in seconds. */
    public static double ticksToSeconds(long ticks) {
        return ticks / TICKS_PER_SECOND;
    }

    private static double ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
