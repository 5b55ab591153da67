package io.streamcast.topology;

import java.util.Arrays;

/**
 * How far a task's forecasting has fallen behind its input, measured on the records it processes:
 * the age (the task's wall clock less the record's timestamp) of the freshest record of the last
 * interval, less the age of the freshest record of about the last {@link #WINDOW_MS}. A task that
 * keeps up processes records about as fresh as ever (0); one that falls behind processes ever older ones.
 *
 * <p>Why relative to its own recent best rather than the age itself: record timestamps come from the
 * producers' clocks (or the broker's), and a producer whose clock runs a minute behind makes every
 * record a minute old; a constant offset cancels (a clock running ahead reads as age 0). A backlog of
 * history, whose records are old but get fresher as it drains, is not behind either; a backlog
 * produced faster than it drains is.
 *
 * <p>The window is kept as the freshest age of each of its seconds, so what an interval's end costs
 * does not grow as intervals shorten ({@code batching.maxDelayMs} may be 1 ms). One per processor,
 * on its stream thread.
 */
final class InputLag {
    /** How far back the freshest record is remembered (the current second and those before it). */
    static final long WINDOW_MS = 30_000;

    private static final long SECOND_MS = 1_000;
    private static final int SECONDS = (int) (WINDOW_MS / SECOND_MS);
    private static final long NONE = Long.MAX_VALUE;

    /** The freshest age of each second of the window, at that second modulo {@link #SECONDS}. */
    private final long[] freshest = new long[SECONDS];
    /** Which second each slot of {@link #freshest} holds. */
    private final long[] second = new long[SECONDS];

    private long freshestThisInterval = NONE;

    InputLag() {
        Arrays.fill(second, Long.MIN_VALUE);
    }

    /**
     * A record stamped {@code recordTsMs} was processed at {@code nowMs}. A record from the future (a
     * producer whose clock runs ahead) counts as fresh, not as fresher than fresh: otherwise one such
     * producer, writing now and then, would make every interval without it look behind by its lead.
     */
    void processed(long nowMs, long recordTsMs) {
        freshestThisInterval = Math.min(freshestThisInterval, Math.max(0, nowMs - recordTsMs));
    }

    /** Ends an interval at {@code nowMs}: how far behind the task is, in milliseconds (0 when it processed nothing). */
    long endInterval(long nowMs) {
        long current = freshestThisInterval;
        freshestThisInterval = NONE;
        if (current == NONE) {
            return 0;
        }
        long now = Math.floorDiv(nowMs, SECOND_MS);
        int slot = (int) Math.floorMod(now, SECONDS);
        freshest[slot] = second[slot] == now ? Math.min(freshest[slot], current) : current;
        second[slot] = now;
        long best = current;
        for (int i = 0; i < SECONDS; i++) {
            if (second[i] > now - SECONDS) {
                best = Math.min(best, freshest[i]);
            }
        }
        return current - best;
    }
}
