package org.hsmpool.sd;

import static org.hsmpool.sd.SecurityDomainException.Reason.DUPLICATE_SHARE;
import static org.hsmpool.sd.SecurityDomainException.Reason.INVALID_ARGUMENT;
import static org.hsmpool.sd.SecurityDomainException.Reason.TOO_FEW_SHARES;
import static org.hsmpool.sd.SecurityDomainException.Reason.WRONG_SHARES;

import com.codahale.shamir.Scheme;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Shamir's M-of-N split of S over GF(256), by {@code com.codahale:shamir}. That library returns
 * wrong bytes without complaint when given too few, mixed or corrupted shares, so every join here
 * is verified against the domain's {@link CheckValue} before anyone sees the result.
 */
public final class Shares {

    /** Joining uses neither the random source nor N and M; only the constructor insists on them. */
    private static final Scheme JOINER = new Scheme(new SecureRandom(), 255, 2);

    private Shares() {
    }

    /** Splits the 32-byte {@code master} into {@code n} shares (indexes 1..n), any {@code m} of which recombine. */
    public static List<Share> split(byte[] master, int n, int m, SecureRandom random) {
        Limits.requireMaster(master);
        Limits.requireCounts(n, m);
        Objects.requireNonNull(random, "random");
        Map<Integer, byte[]> parts = new TreeMap<>(new Scheme(random, n, m).split(master));
        List<Share> shares = new ArrayList<>(n);
        parts.forEach((index, bytes) -> {
            shares.add(new Share(index, bytes));
            Arrays.fill(bytes, (byte) 0);
        });
        return List.copyOf(shares);
    }

    /**
     * Recombines S from at least {@code required} shares with distinct indexes and verifies it
     * against {@code expected}. The caller zeroes the returned array.
     *
     * @throws SecurityDomainException {@code DUPLICATE_SHARE}, {@code TOO_FEW_SHARES}, or
     *     {@code WRONG_SHARES} when the result is not the S of {@code expected}
     */
    public static byte[] join(List<Share> shares, int required, String poolId, CheckValue expected) {
        Objects.requireNonNull(shares, "shares");
        Objects.requireNonNull(expected, "expected check value");
        Limits.requirePoolId(poolId);
        if (required < Limits.MIN_REQUIRED || required > Limits.MAX_SHARES) {
            throw new SecurityDomainException(INVALID_ARGUMENT, "required (M) must be between "
                    + Limits.MIN_REQUIRED + " and " + Limits.MAX_SHARES + ", got " + required);
        }
        boolean[] seen = new boolean[256];
        for (Share share : shares) {
            if (seen[share.index()]) {
                throw new SecurityDomainException(DUPLICATE_SHARE, "share index " + share.index() + " is given twice");
            }
            seen[share.index()] = true;
        }
        if (shares.size() < required) {
            throw new SecurityDomainException(TOO_FEW_SHARES, shares.size() + " distinct shares given, the quorum is " + required);
        }
        return recombine(shares, poolId, expected);
    }

    /** The join without the quorum rule; kept apart so tests can show that the check value alone stops a short set. */
    static byte[] recombine(List<Share> shares, String poolId, CheckValue expected) {
        if (shares.isEmpty()) {
            throw new SecurityDomainException(TOO_FEW_SHARES, "no share given");
        }
        Map<Integer, byte[]> parts = new HashMap<>();
        for (Share share : shares) {
            parts.put(share.index(), share.value());
        }
        byte[] master = JOINER.join(parts);
        parts.values().forEach(bytes -> Arrays.fill(bytes, (byte) 0));
        if (!expected.matches(master, poolId)) {
            Arrays.fill(master, (byte) 0);
            throw new SecurityDomainException(WRONG_SHARES, "the " + shares.size() + " shares do not recombine to the"
                    + " security domain's secret (check value mismatch): a share is corrupted, belongs to another"
                    + " domain, or fewer shares than the quorum were given");
        }
        return master;
    }
}
