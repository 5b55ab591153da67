package io.streamcast.topology;

import io.streamcast.series.RememberedForecast;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The emitted forecasts a task keeps until their actuals arrive, one store entry per (series,
 * origin), in the {@link StoreNames#REMEMBERED} store.
 *
 * <p>Why a store of their own: they used to sit in the series record, so every observation
 * rewrote H of them (most of the record) although each changes only once, when it is made. Here
 * each is written once. Why slots: the key is the origin index modulo the horizon, so the forecast
 * made H steps later overwrites one whose every step has been scored, and nothing is ever deleted
 * in the common case (no tombstone per observation, at most H entries per series). Each entry
 * names its origin, so a slot still holding an older forecast is told apart and skipped.
 */
final class RememberedForecasts {
    private final KeyValueStore<String, RememberedForecast> store;
    private final int horizon;

    RememberedForecasts(KeyValueStore<String, RememberedForecast> store, int horizon) {
        this.store = store;
        this.horizon = horizon;
    }

    private String key(String series, long originIndex) {
        // The slot follows the last '#', so no two (series, slot) pairs share a key whatever the series id holds.
        return series + '#' + Math.floorMod(originIndex, horizon);
    }

    void remember(String series, RememberedForecast forecast) {
        store.put(key(series, forecast.originIndex()), forecast);
    }

    /** The forecasts with a step at observation {@code index}: those made at the {@code horizon} origins before it. */
    List<RememberedForecast> dueAt(String series, long index) {
        List<RememberedForecast> due = new ArrayList<>(horizon);
        for (long origin = Math.max(0, index - horizon); origin < index; origin++) {
            RememberedForecast f = store.get(key(series, origin));
            if (f != null && f.originIndex() == origin) {
                due.add(f);
            }
        }
        return due;
    }

    /** Whether the forecast made at origin {@code originIndex} of {@code series} is remembered (it was emitted). */
    boolean holds(String series, long originIndex) {
        RememberedForecast f = store.get(key(series, originIndex));
        return f != null && f.originIndex() == originIndex;
    }

    /**
     * Forgets every forecast of a series that restarts (a gap too long to bridge): its observation
     * indices begin again at 0, and an old forecast must not be scored against the new values.
     */
    void forget(String series) {
        for (int slot = 0; slot < horizon; slot++) {
            store.delete(series + '#' + slot);
        }
    }

    /**
     * Takes over the forecasts a series record of format 3 or older carried: those with a step
     * still to come (at observation {@code nextIndex} or later) go to their slots, unless a newer
     * forecast is already there.
     */
    void adopt(String series, List<RememberedForecast> legacy, long nextIndex) {
        for (RememberedForecast f : legacy) {
            if (f.originIndex() + f.forecast().length < nextIndex || f.originIndex() < nextIndex - horizon) {
                continue;
            }
            RememberedForecast there = store.get(key(series, f.originIndex()));
            if (there == null || there.originIndex() < f.originIndex()) {
                remember(series, f);
            }
        }
    }
}
