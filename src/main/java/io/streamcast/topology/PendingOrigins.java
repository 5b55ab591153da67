package io.streamcast.topology;

import io.streamcast.series.RecentForecasts;
import io.streamcast.series.SeriesState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Origins waiting for the next batch: one per series at most, held in memory with the series
 * state each was queued with (the state the processor has just written, unchanged until the batch
 * is forecast), so a flush reads no series record back from the store.
 *
 * <p>What survives a crash: a commit may cover an origin's input offset before its batch is
 * forecast, so memory alone would lose its forecast. The series record, written once per
 * observation anyway, says whether its newest observation was queued as an origin
 * ({@link SeriesState#queuedOrigin()}), and the forecast, once emitted, is remembered in the same
 * transaction as its output record. So a restarted task finds exactly the origins still owed: those
 * queued whose forecast is not remembered ({@link #recover}). That replaced a put and a delete in
 * the {@link StoreNames#PENDING} store per origin; the store is still read once at start, for
 * origins a version that wrote it left waiting, and each of those is deleted from it when forecast.
 */
final class PendingOrigins {
    /**
     * An origin to forecast: its series, the observation's record timestamp, its state and the
     * series' remembered forecasts as its observation read them (null, both: read them from the
     * stores, as after a restart).
     */
    record Origin(String series, long recordTs, SeriesState state, RecentForecasts recent, long receivedNanos) {}

    private final KeyValueStore<String, Long> legacyStore;
    /** Series whose waiting origin came from {@link #legacyStore}: deleted there once forecast. */
    private final Set<String> fromLegacyStore = new HashSet<>();
    /** By series id, the order the store iterates in: a batch is forecast and emitted in the order it always was. */
    private final Map<String, Origin> waiting = new TreeMap<>();

    PendingOrigins(KeyValueStore<String, Long> legacyStore) {
        this.legacyStore = legacyStore;
        // A revived task calls init again on the same processor: start from the stores, not from what memory held.
        try (KeyValueIterator<String, Long> it = legacyStore.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                // Receipt time unknown after a restart: no processing-latency sample for these.
                waiting.put(kv.key, new Origin(kv.key, kv.value, null, null, -1));
                fromLegacyStore.add(kv.key);
            }
        }
    }

    /**
     * At task start, for each stored series: its newest observation is still owed a forecast when it
     * was queued as an origin and no forecast of that origin is remembered.
     */
    void recover(String series, SeriesState state, RememberedForecasts remembered) {
        if (state.queuedOrigin() == SeriesState.NOT_QUEUED
                || waiting.containsKey(series)
                || remembered.holds(series, state.count() - 1)) {
            return;
        }
        waiting.put(series, new Origin(series, state.queuedOrigin(), null, null, -1));
    }

    /**
     * Queues the origin; {@code state} must already be written with {@link SeriesState#queueOrigin}
     * set, which is what survives a crash. {@code recent} is held so that emitting its forecast
     * reads no remembered forecasts back: nothing else writes them while the origin waits.
     */
    void add(String series, long recordTs, SeriesState state, RecentForecasts recent) {
        waiting.put(series, new Origin(series, recordTs, state, recent, System.nanoTime()));
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
        if (!fromLegacyStore.isEmpty()) {
            for (Origin o : batch) {
                if (fromLegacyStore.remove(o.series())) {
                    legacyStore.delete(o.series());
                }
            }
        }
        waiting.clear();
        return batch;
    }
}
