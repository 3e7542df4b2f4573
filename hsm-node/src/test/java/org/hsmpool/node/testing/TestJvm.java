package org.hsmpool.node.testing;

import java.util.Arrays;
import java.util.List;

/**
 * JVM options for the node and manager processes that tests start. By default the JIT stops at C1
 * and the serial collector is used: a test pool's processes live for seconds, most of their CPU is
 * start-up, and several of them start at once on two cores, so this roughly halves a node's start.
 * Benchmarks never use it (they start pools through the cli with production settings). Override
 * with {@code -Dhsmpool.test.jvm-options="..."} (an empty value gives the JVM's defaults).
 */
public final class TestJvm {

    static final String DEFAULT = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private TestJvm() {
    }

    /**
     * The JVM's own JIT (C1 then C2) with the serial collector: for a manager whose test spends its time in
     * PBKDF2 (600,000 rounds per client secret), which runs several times slower in C1-only code.
     */
    public static List<String> fullJit() {
        return List.of("-XX:+UseSerialGC");
    }

    public static List<String> options() {
        String configured = System.getProperty("hsmpool.test.jvm-options", DEFAULT).trim();
        return configured.isEmpty() ? List.of() : Arrays.asList(configured.split("\\s+"));
    }
}
