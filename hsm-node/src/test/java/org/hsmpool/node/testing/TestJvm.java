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

    public static List<String> options() {
        String configured = System.getProperty("hsmpool.test.jvm-options", DEFAULT).trim();
        return configured.isEmpty() ? List.of() : Arrays.asList(configured.split("\\s+"));
    }
}
