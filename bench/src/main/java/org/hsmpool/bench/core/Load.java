package org.hsmpool.bench.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Recorder;

/**
 * Drives one call for a fixed time. Closed loop: {@code concurrency} threads, each starts its next
 * call when the last one answered (throughput at saturation). Open loop: calls start at a fixed
 * rate whatever the answers do, and a call's latency counts from the moment it was due, so a
 * backlog shows in the percentiles instead of hiding (no coordinated omission).
 */
public final class Load {
    /** Calls that may be outstanding in open loop before new ones queue (and their wait counts). */
    private static final int OPEN_LOOP_THREADS = 64;

    private Load() {
    }

    public static Round closed(Target.Call call, int concurrency, double seconds) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong ops = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        Thread[] threads = new Thread[concurrency];
        for (int i = 0; i < concurrency; i++) {
            threads[i] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    once(call, System.nanoTime(), recorder, ops, errors, firstError);
                }
            }, "load-" + i);
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Round(ops.get(), errors.get(), elapsed, recorder.getIntervalHistogram(), firstError.get());
    }

    public static Round open(Target.Call call, double ratePerSecond, double seconds) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong ops = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(OPEN_LOOP_THREADS);
        long intervalNanos = (long) (1e9 / ratePerSecond);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        try {
            for (long due = start; due < end; due += intervalNanos) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long intended = due;
                pool.execute(() -> once(call, intended, recorder, ops, errors, firstError));
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(2, TimeUnit.MINUTES);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Round(ops.get(), errors.get(), elapsed, recorder.getIntervalHistogram(), firstError.get());
    }

    private static void once(Target.Call call, long startedNanos, Recorder recorder, AtomicLong ops,
            AtomicLong errors, AtomicReference<String> firstError) {
        try {
            call.run();
            recorder.recordValue(Math.max(1, (System.nanoTime() - startedNanos) / 1000));
            ops.incrementAndGet();
        } catch (Exception e) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, e.toString());
        }
    }
}
