package org.hsmpool.sd;

import static org.hsmpool.sd.SecurityDomainException.Reason.INVALID_ARGUMENT;

import java.time.Instant;
import java.util.Objects;

/**
 * The public facts of a security domain: what a blob states in clear and what every share
 * envelope repeats in its authenticated header. Field names in messages are the blob's JSON names.
 *
 * @param poolId the security domain's id; a pool restored from this domain keeps it
 * @param created creation time in Unix seconds
 * @param required the quorum M
 * @param shareCount the number of administrators N
 * @param checkValue the check value of S under {@code poolId}
 */
public record DomainFacts(String poolId, long created, int required, int shareCount, CheckValue checkValue) {

    /** 9999-12-31T23:59:59Z: bounds {@code created} so that it is always a valid date. */
    public static final long MAX_CREATED = 253_402_300_799L;

    public DomainFacts {
        Limits.requirePoolId(poolId);
        if (created < 0 || created > MAX_CREATED) {
            throw new SecurityDomainException(INVALID_ARGUMENT, "created must be Unix seconds between 0 and "
                    + MAX_CREATED + ", got " + created);
        }
        Limits.requireCounts(shareCount, required);
        Objects.requireNonNull(checkValue, "check_value");
    }

    public Instant createdAt() {
        return Instant.ofEpochSecond(created);
    }

    /** The JSON name of the first fact that differs from {@code other}, or {@code null} when all agree. */
    String firstDifference(DomainFacts other) {
        if (!poolId.equals(other.poolId)) {
            return "pool_id";
        }
        if (!checkValue.equals(other.checkValue)) {
            return "check_value";
        }
        if (created != other.created) {
            return "created";
        }
        if (required != other.required) {
            return "required";
        }
        return shareCount != other.shareCount ? "share_count" : null;
    }
}
