package io.streamcast.topology;

import io.streamcast.series.PublishedPoints;
import io.streamcast.series.RecentForecasts;
import io.streamcast.series.RememberedForecast;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The emitted forecasts a task keeps until their actuals arrive, in the {@link StoreNames#REMEMBERED}
 * store: one record per series, keyed {@code series + '#'}, holding its {@link RecentForecasts}.
 *
 * <p>Why one record per series: an actual is scored against every forecast made in the horizon
 * before it, and with one entry per forecast that was H store reads per observation (12 of the 16
 * store operations of an observation and its forecast). Now an observation reads the record once
 * ({@link #load}) and its forecast, carried with the waiting origin, writes it once
 * ({@link #remember}). The record keeps only the steps still to come, about H/2 forecasts' worth.
 *
 * <p>The layout before: one entry per (series, origin mod H) slot, keyed {@code series + '#' + slot}.
 * The new key ends in '#', a slot key in digits, so neither can be taken for the other whatever the
 * series id holds. A series with no record yet but observations behind it may have slot entries:
 * the first load takes them over (those with a step still to come) into its record and deletes
 * them, in the same commit, so a task upgraded with forecasts awaiting actuals still scores them.
 */
final class RememberedForecasts {
    private final KeyValueStore<String, RecentForecasts> store;
    private final int horizon;

    /** Null: every forecast is kept until its last step is scored. */
    private final ScoringSample sample;

    RememberedForecasts(KeyValueStore<String, RecentForecasts> store, int horizon) {
        this(store, horizon, null);
    }

    /** Forecasts outside {@code sample} leave a series' record when its next forecast is remembered. */
    RememberedForecasts(KeyValueStore<String, RecentForecasts> store, int horizon, ScoringSample sample) {
        this.store = store;
        this.horizon = horizon;
        this.sample = sample;
    }

    /** The key of a series' record. */
    static String key(String series) {
        return series + '#';
    }

    /** A slot entry of the earlier layout. */
    private String slotKey(String series, long originIndex) {
        return series + '#' + Math.floorMod(originIndex, horizon);
    }

    /**
     * The series' remembered forecasts, for its observation with index {@code nextIndex}: one read,
     * none for a series with no observation yet (a new series, or one that restarted).
     */
    RecentForecasts load(String series, long nextIndex) {
        if (nextIndex == 0) {
            return RecentForecasts.NONE;
        }
        RecentForecasts recent = store.get(key(series));
        return recent != null ? recent : adoptSlots(series, nextIndex);
    }

    /**
     * Once per series after an upgrade (and once for a series that has emitted nothing yet): its
     * slot entries become its record, written now so that no later load looks for slots again.
     */
    private RecentForecasts adoptSlots(String series, long nextIndex) {
        List<RememberedForecast> found = new ArrayList<>();
        for (int slot = 0; slot < horizon; slot++) {
            String slotKey = series + '#' + slot;
            RecentForecasts entry = store.get(slotKey);
            if (entry != null) {
                found.addAll(entry.forecasts());
                store.delete(slotKey);
            }
        }
        RecentForecasts recent = RecentForecasts.NONE.adopt(found, nextIndex);
        store.put(key(series), recent);
        return recent;
    }

    /**
     * Remembers the forecast just emitted, and {@code published}, its points as published (the
     * series' latest forecast): {@code before} is what {@link #load} returned for the observation
     * that made it (null: not at hand, as for an origin recovered after a restart; then it is read).
     */
    void remember(String series, RecentForecasts before, RememberedForecast made, PublishedPoints published) {
        RecentForecasts recent = before != null ? before : load(series, made.originIndex() + 1);
        boolean keepSuperseded = sample == null || sample.includes(series, recent.newestOrigin());
        store.put(key(series), recent.with(made, published, keepSuperseded));
    }

    /** Whether the forecast made at origin {@code originIndex} of {@code series} is remembered (it was emitted). Writes nothing. */
    boolean holds(String series, long originIndex) {
        RecentForecasts recent = store.get(key(series));
        if (recent == null) {
            recent = store.get(slotKey(series, originIndex));
        }
        return recent != null && recent.holds(originIndex);
    }

    /**
     * Forgets every forecast of a series that restarts (a gap too long to bridge): its observation
     * indices begin again at 0, and an old forecast must not be scored against the new values.
     */
    void forget(String series) {
        store.delete(key(series));
        for (int slot = 0; slot < horizon; slot++) {
            // Rare (a restart), so no read first: a slot entry left by the earlier layout goes too.
            store.delete(series + '#' + slot);
        }
    }

    /**
     * Takes over the forecasts a series record of format 3 or older carried: those with a step
     * still to come (at observation {@code nextIndex} or later), unless one of the same origin is
     * already remembered.
     */
    void adopt(String series, List<RememberedForecast> legacy, long nextIndex) {
        store.put(key(series), load(series, nextIndex).adopt(legacy, nextIndex));
    }
}
