package io.streamcast.emit;

import java.time.Instant;

/**
 * A topology's step grid as its series are placed on it: the {@code step}, and the most missing
 * steps it fills before a gap restarts a series. One rule for the stream and for the files
 * backtests and {@code train} read, so a file is placed exactly as its rows would be live.
 */
public record StepGrid(Step step, int maxFill) {
    /** Whether a reading {@code steps} after its series' newest restarts the series: more missing than are filled. */
    public boolean restarts(int steps) {
        return steps - 1 > maxFill;
    }

    /**
     * How many steps {@code ts} lies after a series' newest, {@code newest} ({@link
     * Step#stepsBetween}), counted up to one past the longest gap that is filled: beyond it the
     * series restarts, whatever the exact count.
     */
    public int stepsAfter(Instant newest, Instant ts) {
        return step.stepsBetween(newest, ts, maxFill + 2);
    }

    /**
     * The time the series keeps for a reading stamped {@code ts}, {@code steps} after its newest,
     * {@code newest}: {@link Step#landing}, or {@code ts} itself where the series restarts (its
     * grid starts again at the reading).
     */
    public Instant landing(Instant newest, int steps, Instant ts) {
        return restarts(steps) ? ts : step.landing(newest, steps, ts);
    }
}
