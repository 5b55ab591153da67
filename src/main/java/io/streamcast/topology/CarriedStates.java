package io.streamcast.topology;

import io.streamcast.model.FusedRecurrentForward;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each series' recurrent state as of its last network forecast ({@code model.carryState}), so its
 * next forecast advances the state over the steps since (one per observation) instead of re-running
 * the whole window from zeros: the recurrent network is most of a live observation's cost (a fifth
 * to a quarter of the stream thread at 12,000 observations/s, window 48), and the window's re-run
 * is all but one step of that.
 *
 * <p><b>Anchored.</b> A state carried for good would remember the series' whole history since its
 * first forecast: more than the window the network was trained on, and more than a restarted or
 * moved task, which can only rebuild from the window, could ever reproduce. So a state starts from
 * zeros at an anchor, an index of the series that is a multiple of {@link #spacing} (a quarter
 * window), and a forecast reads the state started at the oldest anchor inside its window: a context
 * of {@code window - spacing + 1} to {@code window} steps. When that anchor leaves the window the
 * state is run again from the next one (the context's steps at once, normalised as the window
 * ending at that origin normalises them) and then advanced one step per observation: on average
 * {@code window / spacing} steps per forecast (4), instead of {@code window} (48 at the bench's
 * shape). Everything after such a restart from an anchor depends only on the series' values and the
 * weights, so a restarted task, which rebuilds from the window, forecasts exactly as the
 * uninterrupted one once the anchor has moved on, at most a quarter window after the restart
 * ({@code CarriedStateTopologyTest}). The networks serve from these contexts as well as from their
 * whole window (the README's "Carried recurrent state").
 *
 * <p>In memory only, per task: a carried state is derived data, recomputed whenever it is missing
 * (a restart, a moved task, an entry evicted beyond {@link #MAX_BYTES}) or stale: other serving
 * weights (a promotion, a rollback: each is a new {@link FusedRecurrentForward}), a series that
 * restarted after a long gap or had a filled step replaced by its late value ({@link #forget}), a
 * base that left the log scale (a value <= 0 re-expresses the whole window on the linear one).
 * Nothing is written to the series record, so neither the changelog nor the state per series grows.
 * Used on the task's stream thread only.
 */
final class CarriedStates {
    /**
     * Anchors per window: contexts of at least three quarters of it. Measured against the whole
     * window on the accuracy table's sixteen runs (2026-12-05): anchors every quarter window serve
     * within 0.002 of it on every row; every half window (contexts from half the window, emulated)
     * hourly temperatures' LSTM lost 3% and co2's 2% (src/site/markdown/performance.md).
     */
    static final int ANCHORS_PER_WINDOW = 4;
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

    /** The topology's window: where the anchors lie. */
    private final int window;

    CarriedStates(int window) {
        this.window = window;
    }

    /** Steps between two anchors of a series. */
    static int spacing(int window) {
        return (window + ANCHORS_PER_WINDOW - 1) / ANCHORS_PER_WINDOW;
    }

    /** The anchor a forecast after the series' {@code count}th value reads from: the oldest inside its window. */
    static long anchor(long count, int window) {
        int spacing = spacing(window);
        long first = Math.max(0, count - window);
        return Math.floorDiv(first + spacing - 1, spacing) * spacing;
    }

    /**
     * How many of its window's newest steps a series whose newest value is its {@code count}th, its
     * base on the log scale or not ({@code logScale}), must run, and from which state, written to
     * {@code states} at {@code at} ({@code size} floats): the steps since its carried state and that
     * state where one is usable, else the steps since its anchor and zeros.
     */
    int stepsToRun(
            String series,
            long count,
            boolean logScale,
            FusedRecurrentForward forward,
            float[] states,
            int at,
            int size) {
        Entry entry = entries.get(series);
        long anchor = anchor(count, window);
        long since = entry == null ? 0 : count - entry.count;
        // A series whose base left the log scale (a value <= 0) has its whole window re-expressed on the linear one.
        if (entry == null
                || entry.forward != forward
                || entry.logScale != logScale
                || anchor(entry.count, window) != anchor
                || since < 1) {
            Arrays.fill(states, at, at + size, 0f);
            return (int) (count - anchor);
        }
        System.arraycopy(entry.state, 0, states, at, size);
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
