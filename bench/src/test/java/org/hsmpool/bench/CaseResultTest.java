package org.hsmpool.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import org.hsmpool.bench.core.Operation;
import org.hsmpool.bench.core.Round;
import org.hsmpool.bench.core.Side;

/** A case reports medians over its rounds and CPU per 1,000 completed calls of each process. */
class CaseResultTest {

    private static Round round(long ops, double seconds, long latencyMicros) {
        Histogram h = Round.newHistogram();
        for (int i = 0; i < ops; i++) {
            h.recordValue(latencyMicros);
        }
        return new Round(ops, 0, seconds, h, null);
    }

    @Test
    void ratesAndPercentilesAreTheMediansOfTheRounds() {
        CaseResult c = CaseResult.of("pool", "3 nodes", Operation.ES256_SIGN, Side.Mode.closed(8),
                List.of(round(100, 1, 2000), round(300, 1, 9000), round(200, 1, 4000)), Map.of("manager", 1.2));
        assertThat(c.opsPerSecond()).isEqualTo(200.0);
        assertThat(c.p50Ms()).isBetween(3.99, 4.01);
        assertThat(c.ops()).isEqualTo(600);
        assertThat(c.cpuSecondsPer1000Ops()).containsEntry("manager", 2.0);
    }

    @Test
    void anUnknownCpuFigureStaysUnknownInsteadOfBecomingANumber() {
        CaseResult c = CaseResult.of("raw", "1 thread", Operation.RS256_SIGN, Side.Mode.closed(1),
                List.of(round(10, 1, 1000)), Map.of("raw-worker-1", -1.0));
        assertThat(c.cpuSecondsPer1000Ops()).containsEntry("raw-worker-1", -1.0);
        assertThat(c.cpuTotalPer1000Ops()).isEqualTo(-1);
    }

    @Test
    void roundsMergedAcrossProcessesAddCallsAndKeepTheLongerInterval() {
        Round a = round(100, 1.0, 1000).plus(round(50, 1.2, 3000));
        assertThat(a.ops()).isEqualTo(150);
        assertThat(a.seconds()).isEqualTo(1.2);
        assertThat(a.latencies().getTotalCount()).isEqualTo(150);
        assertThat(Round.decode(Round.encode(a.latencies())).getTotalCount()).isEqualTo(150);
    }
}
