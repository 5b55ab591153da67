package io.streamcast.topology;

import io.streamcast.model.FusedRecurrentForward;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each series' recurrent state as of its last network forecast ({@code model.carryState}), so its
 * next forecast advances the state over the steps since (one per observation) instead of re-running
 * the whole window from zeros: the recurrent network is most of a live observation's cost (a fifth
 * to a quarter of the stream thread at 12,000 observations/s, window 48), and the window's
 * re-run is all but one step of that. Accuracy holds: the network's memory reaches back less than
 * its window ({@code CarriedStateAccuracyTest}, src/site/markdown/performance.md).
 *
 * <p>In memory only, per task: a carried state is derived data, recomputed from the window whenever
 * it is missing (a restart, a moved task, an entry evicted beyond {@link #MAX_BYTES}) or stale: other
 * serving weights (a promotion, a rollback: each is a new {@link FusedRecurrentForward}), a series
 * that restarted after a long gap or had a filled step replaced by its late value ({@link
 * #forget}), a base that left the log scale (a value <= 0 re-expresses the whole window on the
 * linear one), or more steps since than the window holds. Nothing is written to the series record, so
 * neither the changelog nor the state per series grows. Used on the task's stream thread only.
 */
final class CarriedStates {
    /** Memory the carried states of one task may take; the least recently forecast series go first. */
    static final long MAX_BYTES = 16L << 20;
    /** An entry's cost beyond its floats: the map's node, the key, the entry and the array headers. */
    private static final int ENTRY_OVERHEAD_BYTES = 160;

    /** Kept per series and rewritten in place by its next forecast: no new objects per forecast. */
    private static final class Entry {
        FusedRecurrentForward forward;
        long count;
        boolean logScale;
        final float[] state;

        Entry(float[] state) {
            this.state = state;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > maxEntries;
        }
    };
    /** How many states fit in {@link #MAX_BYTES}: set by the first one kept (a task's states are all one size). */
    private int maxEntries = Integer.MAX_VALUE;

    /**
     * How many of its window's newest steps a series whose newest value is its {@code count}th, its
     * base on the log scale or not ({@code logScale}), must run: the steps since its carried state,
     * which is then copied to {@code states} at {@code at}; {@code window} when nothing usable is
     * carried (the whole window from zeros).
     */
    int stepsToRun(
            String series,
            long count,
            boolean logScale,
            FusedRecurrentForward forward,
            int window,
            float[] states,
            int at) {
        Entry entry = entries.get(series);
        // A series whose base left the log scale (a value <= 0) has its whole window re-expressed on the linear one.
        if (entry == null || entry.forward != forward || entry.logScale != logScale) {
            return window;
        }
        long since = count - entry.count;
        if (since < 1 || since >= window) {
            return window;
        }
        System.arraycopy(entry.state, 0, states, at, entry.state.length);
        return (int) since;
    }

    /** The state after the series' {@code count}th value, from {@code states} at {@code at}; an older one is not kept over a newer. */
    void keep(
            String series,
            long count,
            boolean logScale,
            FusedRecurrentForward forward,
            float[] states,
            int at,
            int size) {
        Entry entry = entries.get(series);
        if (entry != null && entry.forward == forward && entry.logScale == logScale && entry.count >= count) {
            return;
        }
        if (entry == null || entry.state.length != size) {
            if (entries.isEmpty()) {
                maxEntries = (int) Math.max(1, MAX_BYTES / (ENTRY_OVERHEAD_BYTES + 4L * size));
            }
            entry = new Entry(new float[size]);
            entries.put(series, entry);
        }
        entry.forward = forward;
        entry.count = count;
        entry.logScale = logScale;
        System.arraycopy(states, at, entry.state, 0, size);
    }

    /** The series' past changed (a late value replaced a filled step) or restarted: its state must be rebuilt. */
    void forget(String series) {
        entries.remove(series);
    }

    int size() {
        return entries.size();
    }
}
