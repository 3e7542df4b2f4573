package org.hsmpool.bench.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.hsmpool.bench.core.CpuClock;

/** What post.lua's done() writes, read back as a round (no wrk needed). */
class WrkTest {

    @Test
    void aResultBecomesARoundWithItsLatenciesAndWrksCpu() throws IOException {
        Wrk.Result r = Wrk.parse(List.of("duration_us 2000000", "requests 1000", "errors 0 0 0 0 0", "cpu_ticks 25",
                "latency 900 500", "latency 1000 400", "latency 5000 100"));
        assertThat(r.round().ops()).isEqualTo(1000);
        assertThat(r.round().errors()).isZero();
        assertThat(r.round().firstError()).isNull();
        assertThat(r.round().opsPerSecond()).isEqualTo(500.0);
        assertThat(r.round().latencies().getTotalCount()).isEqualTo(1000);
        assertThat(r.round().latencies().getValueAtPercentile(50)).isBetween(899L, 901L);
        assertThat(r.round().latencies().getValueAtPercentile(99)).isBetween(4990L, 5010L);
        assertThat(r.cpuSeconds()).isEqualTo(CpuClock.ticksToSeconds(25));
    }

    @Test
    void statusErrorsAreNotCompletedCallsAndEveryErrorIsNamed() throws IOException {
        Wrk.Result r = Wrk.parse(List.of("duration_us 1000000", "requests 100", "errors 1 0 0 10 2", "cpu_ticks 3",
                "latency 700 100"));
        assertThat(r.round().ops()).isEqualTo(90);
        assertThat(r.round().errors()).isEqualTo(13);
        assertThat(r.round().firstError()).contains("1 connect").contains("10 status >= 400").contains("2 timeout");
    }

    @Test
    void anIncompleteOrUnexpectedResultIsRefused() {
        assertThatThrownBy(() -> Wrk.parse(List.of("requests 100", "errors 0 0 0 0 0"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Wrk.parse(List.of("bogus 1"))).isInstanceOf(IOException.class);
    }
}
