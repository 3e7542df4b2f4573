package org.hsmpool.bench.core;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

/**
 * One measured interval of one case: completed calls, failed calls, wall seconds, latencies of the
 * completed calls (microseconds), and the first failure's message (null when none failed).
 */
public record Round(long ops, long errors, double seconds, Histogram latencies, String firstError) {

    public static Histogram newHistogram() {
        return new Histogram(60_000_000L, 3); // up to 60 s, in microseconds
    }

    public double opsPerSecond() {
        return seconds <= 0 ? 0 : ops / seconds;
    }

    /** Several processes' rounds of the same interval as one: counts add up, latencies merge. */
    public Round plus(Round other) {
        Histogram merged = latencies.copy();
        merged.add(other.latencies);
        return new Round(ops + other.ops, errors + other.errors, Math.max(seconds, other.seconds), merged,
                firstError != null ? firstError : other.firstError);
    }

    /** The histogram as one line of text, for a worker process to send it to the coordinator. */
    public static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static Histogram decode(String text) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not an encoded histogram: " + e.getMessage(), e);
        }
    }
}
