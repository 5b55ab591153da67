package io.streamcast.topology;

import io.streamcast.emit.StepGrid;
import io.streamcast.series.SeriesState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Finds the series of a task that have gone silent for good, so their state can go: a fleet with
 * churn (devices replaced, a series per container) otherwise grows its stores without bound. A
 * series is silent when the task's newest observation lies further past the series' newest than
 * the grid bridges ({@code gaps.maxFill}): were it to come back, it would restart from scratch
 * anyway ({@link StepGrid#restarts}), so dropping it loses nothing its return would have used.
 *
 * <p>Event time alone would drop a series that is merely behind the others (a backfill of last
 * month, a device whose clock lags by weeks): it goes on one step at a time and never restarts. So
 * a series is dropped only when its newest reading has also stayed the same, walk after walk, for
 * as long in wall-clock time as the grid bridges in event time ({@code maxFill + 1} steps): silent
 * by both clocks. The store is walked a slice at a time ({@value #SLICE} series per call), so no
 * single punctuation stalls the stream thread however many series the task holds; what is
 * remembered between walks is only the series found silent (after a restart the wait begins again).
 */
final class SilentSeries {
    static final int SLICE = 1_000;
    /** What a value with no reading gives as its newest. */
    static final long NOTHING_YET = Long.MIN_VALUE;

    private final StepGrid grid;
    /** The newest observation time (grid time, epoch millis) of any series of the task; MIN_VALUE before one. */
    private long taskNewest = Long.MIN_VALUE;
    /** How long, in wall-clock millis, a series must stay unchanged: the span the grid bridges. */
    private final long waitMillis;
    /** Found silent on the previous walk: series -> its newest reading and when it was first found so. */
    private Map<String, Suspect> suspects = new HashMap<>();
    /** Found silent so far on this walk. */
    private Map<String, Suspect> found = new HashMap<>();
    /** Where this walk goes on from (exclusive); null: from the start. */
    private String resumeAfter;

    private record Suspect(long newest, long sinceMillis) {}

    SilentSeries(StepGrid grid) {
        this.grid = grid;
        Instant from = Instant.EPOCH;
        this.waitMillis = grid.step().after(from, grid.maxFill() + 1).toEpochMilli() - from.toEpochMilli();
    }

    /** An observation of the task landed at {@code tsMillis}. */
    void observed(long tsMillis) {
        taskNewest = Math.max(taskNewest, tsMillis);
    }

    /**
     * Walks the next slice of {@code states} at wall-clock {@code nowMillis}, hands every series
     * silent by both clocks to {@code drop} (after the store's iterator is closed), and returns how
     * many it dropped.
     */
    int sweep(KeyValueStore<String, SeriesState> states, long nowMillis, Consumer<String> drop) {
        return sweep(states, s -> s.count() == 0 ? NOTHING_YET : s.lastTsMillis(), nowMillis, drop);
    }

    /**
     * {@link #sweep(KeyValueStore, long, Consumer)} over any store keyed by series, whose values
     * give their series' newest reading ({@link #NOTHING_YET}: none).
     */
    <V> int sweep(KeyValueStore<String, V> states, ToLongFunction<V> newestOf, long nowMillis, Consumer<String> drop) {
        if (taskNewest == Long.MIN_VALUE) {
            return 0;
        }
        List<String> silent = new ArrayList<>();
        int seen = 0;
        String last = null;
        try (KeyValueIterator<String, V> it = states.range(resumeAfter, null)) {
            while (it.hasNext() && seen < SLICE) {
                KeyValue<String, V> kv = it.next();
                if (kv.key.equals(resumeAfter)) {
                    continue;
                }
                seen++;
                last = kv.key;
                long newest = newestOf.applyAsLong(kv.value);
                if (newest == NOTHING_YET || !silentSince(newest)) {
                    continue;
                }
                Suspect before = suspects.get(kv.key);
                Suspect now = before != null && before.newest() == newest ? before : new Suspect(newest, nowMillis);
                if (nowMillis - now.sinceMillis() >= waitMillis) {
                    silent.add(kv.key);
                } else {
                    found.put(kv.key, now);
                }
            }
            if (it.hasNext()) {
                resumeAfter = last;
            } else {
                // The walk is complete: the series it found silent are the next walk's suspects.
                resumeAfter = null;
                suspects = found;
                found = new HashMap<>();
            }
        }
        silent.forEach(drop);
        return silent.size();
    }

    /** Whether a series whose newest reading is {@code newestMillis} would restart if it came back now. */
    private boolean silentSince(long newestMillis) {
        return grid.restarts(grid.stepsAfter(Instant.ofEpochMilli(newestMillis), Instant.ofEpochMilli(taskNewest)));
    }
}
