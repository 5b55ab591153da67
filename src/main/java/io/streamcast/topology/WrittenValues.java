package io.streamcast.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's key-value store with the values the task last wrote kept as objects, so that the next
 * read of a key is not a decode of the bytes it has just encoded.
 *
 * <p>Why: a series' record and its remembered forecasts are read by each observation and written
 * back by it (or by its forecast). Kafka Streams' cache keeps the bytes, so every read decoded them
 * again: 14% of a stream thread's samples, and another 6% finding them in the cache (2026-12-05,
 * src/site/markdown/performance.md). Every write still goes through the store, so its cache,
 * RocksDB and changelog hold exactly what they held: what memory keeps is only a decoded copy of
 * the newest value, lost without harm. A task whose stores are wiped or rewound (a rebalance, a
 * corrupted task under exactly once) closes and initialises its processor again, which starts
 * with none.
 *
 * <p>Two kinds of read. {@link #get} leaves the value kept: for values nobody changes in place
 * (the remembered forecasts). {@link #take} forgets it: for a value the caller changes in place
 * and writes back (a series' state), so a change that is never written (an observation refused
 * half way, an exception) cannot outlive the read; the next read then decodes the stored value.
 *
 * <p>Bounded, least recently used first out: memory stays flat however many series a task has.
 * At most {@link #CAPACITY} keys, about 2 KB each for a series' state at window 48 and 1 KB for its
 * forecasts. A task with more series than that, visited in turn, finds few of them kept: reads
 * then decode as before.
 */
final class WrittenValues<V> {
    /** Keys kept per store and task: 10,000 series on 4 partitions fit, at about 12 MB per task for both stores. */
    static final int CAPACITY = 4096;

    private final KeyValueStore<String, V> store;
    private final Map<String, V> kept;

    WrittenValues(KeyValueStore<String, V> store) {
        this(store, CAPACITY);
    }

    WrittenValues(KeyValueStore<String, V> store, int capacity) {
        this.store = store;
        this.kept = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The key's value, kept for later reads; the caller must not change it in place. */
    V get(String key) {
        V value = kept.get(key);
        if (value != null) {
            return value;
        }
        value = store.get(key);
        if (value != null) {
            kept.put(key, value);
        }
        return value;
    }

    /** The key's value, no longer kept: the caller may change it, and keeps it again by writing it with {@link #put}. */
    V take(String key) {
        V value = kept.remove(key);
        return value != null ? value : store.get(key);
    }

    /** Writes the value through to the store and keeps it: it must not change in place until read again. */
    void put(String key, V value) {
        store.put(key, value);
        kept.put(key, value);
    }

    void delete(String key) {
        kept.remove(key);
        store.delete(key);
    }

    /** The store itself, for reads that bypass what is kept (a walk at start, when nothing is). */
    KeyValueStore<String, V> store() {
        return store;
    }
}
