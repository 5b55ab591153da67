package io.streamcast.topology;

import io.streamcast.model.FusedRecurrentForward;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each series' recurrent states as of its last network forecast ({@code model.carryState}), so its
 * next forecast advances them over the steps since (one per observation) instead of re-running the
 * whole window from zeros: the recurrent network is most of a live observation's cost (a fifth to
 * a quarter of the stream thread at 12,000 observations/s, window 48), and the window's re-run is
 * all but one step of that.
 *
 * <p><b>Anchored lanes.</b> A single state carried for good would remember the series' whole
 * history since its first forecast: every forecast would read more than the window the network
 * was trained on, and a restarted or moved task, which can only rebuild from the window, would
 * never again forecast what the uninterrupted one does. So a series carries {@link #LANES} states,
 * each started from zeros at an anchor, an index of the series that is a multiple of {@link
 * #spacing}; a forecast at index t reads the oldest lane whose anchor is still inside its window
 * (a context of {@code window - spacing + 1} to {@code window} steps) and advances the others, a
 * lane per {@code spacing} steps starting and the oldest retiring. A lane rebuilt from the window
 * after a restart covers exactly the steps the uninterrupted lane covered, only each scaled by the
 * rebuilding origin's scale instead of the scale of the origin it arrived at; so once every lane
 * started after the restart (a window of observations later) the forecasts are the uninterrupted
 * task's again ({@code CarriedStateTopologyTest}). Accuracy: the networks serve as well from these
 * contexts as from their whole window (src/site/markdown/performance.md, "anchored lanes").
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
    /**
     * Lanes per series: contexts of at least three quarters of the window. Measured against the whole
     * window with the accuracy table's sixteen runs (emulated, 2026-12-05): four lanes serve within
     * 0.003 of it on every row, two lanes (contexts from half the window) lose up to 2.5% on hourly
     * temperatures' LSTM (performance.md).
     */
    static final int LANES = 4;
    /** The most lanes a forecast may run: one more than {@link #LANES} when the spacing does not divide the window. */
    static final int MAX_LANES = LANES + 1;
    /** Memory the carried states of one task may take; the least recently forecast series go first. */
    static final long MAX_BYTES = 16L << 20;
    /** An entry's cost beyond its floats: the map's node, the key, the entry and the array headers. */
    private static final int ENTRY_OVERHEAD_BYTES = 200;

    /** Kept per series and rewritten in place by its next forecast: no new objects per forecast. */
    private static final class Entry {
        FusedRecurrentForward forward;
        long count;
        boolean logScale;
        int lanes;
        final long[] anchors = new long[MAX_LANES];
        final float[] states;

        Entry(float[] states) {
            this.states = states;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > maxEntries;
        }
    };
    /** How many series fit in {@link #MAX_BYTES}: set by the first one kept (a task's states are all one size). */
    private int maxEntries = Integer.MAX_VALUE;

    /** Steps between two anchors of a series: its lanes start every {@code spacing} observations. */
    static int spacing(int window) {
        return (window + LANES - 1) / LANES;
    }

    /** The oldest anchor inside the window ending at the {@code count}th value: the lane a forecast there reads. */
    static long servingAnchor(long count, int window) {
        int spacing = spacing(window);
        long first = Math.max(0, count - window);
        return Math.floorDiv(first + spacing - 1, spacing) * spacing;
    }

    /**
     * The lanes a forecast of a series whose newest value is its {@code count}th, its base on the log
     * scale or not ({@code logScale}), runs: for each anchor inside its window, oldest (the serving
     * lane) first, the anchor goes to {@code anchors} and the steps to run to {@code steps}, both from
     * {@code at}, and its state to {@code states} from {@code stateAt} ({@code size} floats a lane):
     * the lane's carried state and the steps since it where one is usable, else zeros and the steps
     * since its anchor. Returns the number of lanes.
     */
    int plan(
            String series,
            long count,
            boolean logScale,
            FusedRecurrentForward forward,
            int window,
            long[] anchors,
            int[] steps,
            int at,
            float[] states,
            int stateAt,
            int size) {
        Entry entry = entries.get(series);
        long since = entry == null ? 0 : count - entry.count;
        // A series whose base left the log scale (a value <= 0) has its whole window re-expressed on the linear one.
        boolean usable =
                entry != null && entry.forward == forward && entry.logScale == logScale && since >= 1 && since < window;
        int spacing = spacing(window);
        int lanes = 0;
        for (long anchor = servingAnchor(count, window); anchor < count; anchor += spacing) {
            int lane = usable ? laneOf(entry, anchor) : -1;
            int to = stateAt + lanes * size;
            anchors[at + lanes] = anchor;
            if (lane >= 0) {
                System.arraycopy(entry.states, lane * size, states, to, size);
                steps[at + lanes] = (int) since;
            } else {
                Arrays.fill(states, to, to + size, 0f);
                steps[at + lanes] = (int) (count - anchor);
            }
            lanes++;
        }
        return lanes;
    }

    /** The lane of {@code entry} started at {@code anchor} and already past it, or -1. */
    private static int laneOf(Entry entry, long anchor) {
        for (int i = 0; i < entry.lanes; i++) {
            if (entry.anchors[i] == anchor && anchor < entry.count) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The lanes' states after the series' {@code count}th value, as {@link #plan} laid them out; an
     * older forecast's are not kept over a newer one's.
     */
    void keep(
            String series,
            long count,
            boolean logScale,
            FusedRecurrentForward forward,
            long[] anchors,
            int at,
            int lanes,
            float[] states,
            int stateAt,
            int size) {
        Entry entry = entries.get(series);
        if (entry != null && entry.forward == forward && entry.logScale == logScale && entry.count >= count) {
            return;
        }
        if (entry == null || entry.states.length != MAX_LANES * size) {
            if (entries.isEmpty()) {
                maxEntries = (int)
                        Math.max(1, MAX_BYTES / (ENTRY_OVERHEAD_BYTES + (long) MAX_LANES * (4L * size + Long.BYTES)));
            }
            entry = new Entry(new float[MAX_LANES * size]);
            entries.put(series, entry);
        }
        entry.forward = forward;
        entry.count = count;
        entry.logScale = logScale;
        entry.lanes = lanes;
        System.arraycopy(anchors, at, entry.anchors, 0, lanes);
        System.arraycopy(states, stateAt, entry.states, 0, lanes * size);
    }

    /** The series' past changed (a late value replaced a filled step) or restarted: its states must be rebuilt. */
    void forget(String series) {
        entries.remove(series);
    }

    int size() {
        return entries.size();
    }
}
