package org.hsmpool.pool.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param continuation an opaque token that asks for the next page, or null on the last page. It
 *     stays valid while rows change: the next page starts after the last item of this one.
 */
public record Page<T>(List<T> items, String continuation) {

    public Page {
        items = List.copyOf(items);
    }

    public Optional<String> next() {
        return Optional.ofNullable(continuation);
    }
}
