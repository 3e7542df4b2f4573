package org.hsmpool.sd;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The two kinds of share envelope, told apart by the JWE {@code typ} so that one can never be
 * passed off as the other: an administrator share lives in the blob, a transfer share is what an
 * administrator makes from it for one node's transfer key.
 */
enum ShareKind {
    ADMIN("hsmpool-sd-share-v1", "an administrator share"),
    TRANSFER("hsmpool-sd-transfer-share-v1", "a transfer share");

    final String type;
    final String description;

    ShareKind(String type, String description) {
        this.type = type;
        this.description = description;
    }

    /** Exactly the header parameters an envelope of this kind carries; anything else is refused. */
    Set<String> headerParams() {
        return this == ADMIN ? Params.ADMIN : Params.TRANSFER;
    }

    static ShareKind ofType(String type) {
        for (ShareKind kind : values()) {
            if (kind.type.equals(type)) {
                return kind;
            }
        }
        return null;
    }

    private static final class Params {
        static final Set<String> ADMIN = Set.of("alg", "enc", "typ", "kid", "x5t#S256",
                ShareHeader.POOL_ID, ShareHeader.CREATED, ShareHeader.REQUIRED, ShareHeader.SHARE_COUNT,
                ShareHeader.CHECK_VALUE, ShareHeader.INDEX);
        static final Set<String> TRANSFER = Stream.concat(ADMIN.stream(), Stream.of(ShareHeader.ADMIN))
                .collect(Collectors.toUnmodifiableSet());
    }
}
