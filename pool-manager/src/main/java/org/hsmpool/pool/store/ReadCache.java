package org.hsmpool.pool.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values read from the store, kept until the next write that may change them. A load that raced
 * with a write is not kept: the generation is taken before the load and the value is stored only
 * if no {@link #invalidate} happened since (both under this object's lock), so a value read before
 * a write committed can never outlive that write's invalidation. Bounded: when full it starts
 * again empty, which costs a few reads and keeps no least-recently-used bookkeeping on the hot path.
 */
final class ReadCache<K, V> {
    private final ConcurrentHashMap<K, V> entries = new ConcurrentHashMap<>();
    private final int capacity;
    private long generation; // guarded by this

    ReadCache(int capacity) {
        this.capacity = capacity;
    }

    /** The kept value, or {@code load}'s; a null from {@code load} (nothing there) is not kept. */
    V get(K key, Function<K, V> load) {
        V kept = entries.get(key);
        if (kept != null) {
            return kept;
        }
        long before;
        synchronized (this) {
            before = generation;
        }
        V loaded = load.apply(key);
        if (loaded != null) {
            synchronized (this) {
                if (generation == before) {
                    if (entries.size() >= capacity) {
                        entries.clear();
                    }
                    entries.put(key, loaded);
                }
            }
        }
        return loaded;
    }

    /** Forgets everything; call after every write that may change a kept value, also a failed one. */
    synchronized void invalidate() {
        generation++;
        entries.clear();
    }

    int size() {
        return entries.size();
    }
}
