package io.streamcast.topology;

import java.util.Arrays;

/**
 * How far a task's forecasting has fallen behind its input, measured on the records it processes:
 * the age (the task's wall clock less the record's timestamp) of the freshest record of the last
 * interval, less the age of the freshest record of the last {@link #WINDOW_MS}. A task that keeps
 * up processes records about as fresh as ever (0); one that falls behind processes ever older ones.
 *
 * <p>Why relative to its own recent best rather than the age itself: record timestamps come from the
 * producers' clocks (or the broker's), and a producer whose clock runs a minute behind makes every
 * record a minute old; a constant offset cancels (a clock running ahead reads as age 0). A backlog of history, whose records are old but
 * get fresher as it drains, is not behind either; a backlog produced faster than it drains is.
 *
 * <p>One per processor, on its stream thread.
 */
final class InputLag {
    /** How far back the freshest record is remembered. */
    static final long WINDOW_MS = 30_000;

    private static final long NONE = Long.MAX_VALUE;

    /** The freshest age of each of the last intervals, oldest overwritten first; {@link #NONE}: no record. */
    private final long[] freshest;

    private int next;
    private long freshestThisInterval = NONE;

    /** @param intervalMs how often {@link #endInterval} is called */
    InputLag(long intervalMs) {
        freshest = new long[(int) Math.max(1, WINDOW_MS / Math.max(1, intervalMs))];
        Arrays.fill(freshest, NONE);
    }

    /**
     * A record stamped {@code recordTsMs} was processed at {@code nowMs}. A record from the future (a
     * producer whose clock runs ahead) counts as fresh, not as fresher than fresh: otherwise one such
     * producer, writing now and then, would make every interval without it look behind by its lead.
     */
    void processed(long nowMs, long recordTsMs) {
        freshestThisInterval = Math.min(freshestThisInterval, Math.max(0, nowMs - recordTsMs));
    }

    /** Ends an interval: how far behind the task is, in milliseconds (0 when it processed nothing). */
    long endInterval() {
        long current = freshestThisInterval;
        freshestThisInterval = NONE;
        freshest[next] = current;
        next = (next + 1) % freshest.length;
        if (current == NONE) {
            return 0;
        }
        long best = current;
        for (long age : freshest) {
            best = Math.min(best, age);
        }
        return current - best;
    }
}
