package io.streamcast.topology;

import io.streamcast.series.SeriesState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Origins waiting for the next batch: one per series at most, in the changelogged
 * {@link StoreNames#PENDING} store (a commit may already cover their input offsets when the
 * process dies, so memory alone would lose forecasts), mirrored in memory so the per-record
 * "is this series waiting?" check needs no store read.
 *
 * <p>The mirror also holds the series state each origin was queued with: the state the processor
 * has just written, unchanged until the batch is forecast (emitting does not touch it), so a flush
 * reads no series record back from the store. After a restart only the store's keys come back;
 * those origins read their state from the series store.
 */
final class PendingOrigins {
    /** An origin to forecast: its series, the observation's record timestamp, its state (null: read it from the store). */
    record Origin(String series, long recordTs, SeriesState state, long receivedNanos) {
    }

    private final KeyValueStore<String, Long> store;
    /** By series id, the order the store iterates in: a batch is forecast and emitted in the order it always was. */
    private final Map<String, Origin> waiting = new TreeMap<>();

    PendingOrigins(KeyValueStore<String, Long> store) {
        this.store = store;
        // A revived task calls init again on the same processor: start from the store, not from what memory held.
        try (KeyValueIterator<String, Long> it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                // Receipt time unknown after a restart: no processing-latency sample for these.
                waiting.put(kv.key, new Origin(kv.key, kv.value, null, -1));
            }
        }
    }

    void add(String series, long recordTs, SeriesState state) {
        store.put(series, recordTs);
        waiting.put(series, new Origin(series, recordTs, state, System.nanoTime()));
    }

    boolean contains(String series) {
        return waiting.containsKey(series);
    }

    /** The state {@code series} was queued with, or null when it is not waiting or its state must be read from the store. */
    SeriesState stateOf(String series) {
        Origin o = waiting.get(series);
        return o == null ? null : o.state();
    }

    int size() {
        return waiting.size();
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** Every waiting origin, by series id, and none left waiting. */
    List<Origin> drain() {
        List<Origin> batch = new ArrayList<>(waiting.values());
        for (Origin o : batch) {
            store.delete(o.series());
        }
        waiting.clear();
        return batch;
    }
}
