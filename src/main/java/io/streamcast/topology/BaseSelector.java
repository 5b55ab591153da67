package io.streamcast.topology;

import java.nio.ByteBuffer;

/**
 * Chooses, per task, which set of smoothing constants the adaptive base forecasts with: the
 * series' own (candidate 0: the topology's, or those fitting gave the series) or one of the
 * alternatives over them. Every series runs all of them; each
 * observation of a series in the task's sample scores their forecasts made for it ({@link
 * CandidateForecasts}: half the one-step error, half the mean over every horizon step), in units
 * of the series' scale, and the candidate with the lowest exponentially weighted mean error over
 * those series serves.
 *
 * <p>Why pooled over the task's series rather than per series: one series' few recent errors are
 * noise (per series, the same rule scored 2.49-2.54 on unemployment against 2.41-2.45 pooled,
 * replayed offline). The memory is in steps of each series ({@code memorySteps} observations per
 * series feeding the comparison), so it means the same for 14 series as for 10,000.
 *
 * <p>Saved in the task's changelogged model store at every flush, like the correction gate, so a
 * restarted or moved task keeps its choice. Thread-confined to one stream task.
 */
final class BaseSelector {
    private static final int FORMAT = 1;

    private final int memorySteps;
    private final double margin;
    /** Exponentially weighted mean scaled error of each candidate. */
    private final double[] error;

    private long observed;
    private int chosen;
    private boolean dirty;

    /**
     * @param candidates  the own constants plus the alternatives
     * @param memorySteps steps of each series the comparison remembers
     */
    BaseSelector(int candidates, int memorySteps) {
        this(candidates, memorySteps, 0);
    }

    /** @param margin an alternative serves only while its error is below the own constants' by this fraction */
    BaseSelector(int candidates, int memorySteps, double margin) {
        if (candidates < 1 || memorySteps < 1) {
            throw new IllegalArgumentException("need at least one candidate and one step of memory");
        }
        this.memorySteps = memorySteps;
        this.margin = margin;
        this.error = new double[candidates];
    }

    int candidates() {
        return error.length;
    }

    /**
     * One observation's errors, candidate 0 first, already divided by its series' scale.
     *
     * @param seriesInTask the series feeding the comparison, which sets how many observations a step of memory is
     */
    void observe(double[] scaledErrors, long seriesInTask) {
        if (scaledErrors.length != error.length) {
            return;
        }
        for (double e : scaledErrors) {
            if (!Double.isFinite(e)) {
                return;
            }
        }
        // A running mean until the memory is full, then exponential: early choices rest on all there is.
        double w = Math.max(1.0 / (observed + 1), 1.0 / ((double) memorySteps * Math.max(1, seriesInTask)));
        for (int i = 0; i < error.length; i++) {
            error[i] += w * (scaledErrors[i] - error[i]);
        }
        chosen = choose();
        observed++;
        dirty = true;
    }

    /**
     * The candidate with the lowest error if it is an alternative that beats the own
     * constants by the margin, else the own constants: a tie is no reason to leave the constants
     * history was fitted on. (Measured: with no margin the base cost co2 0.5% and hourly temps
     * 1.3%; with it co2 nothing and hourly temps 0.8%, unemployment 2.669 instead of 2.657.)
     */
    private int choose() {
        int best = 0;
        for (int i = 1; i < error.length; i++) {
            if (error[i] < error[best]) {
                best = i;
            }
        }
        return best != 0 && error[best] < error[0] * (1 - margin) ? best : 0;
    }

    /** The candidate that serves: 0 (the series' own constants) until something was observed. */
    int chosen() {
        return chosen;
    }

    /** The mean scaled error of candidate {@code i}, for logs and tests. */
    double error(int i) {
        return error[i];
    }

    boolean dirty() {
        return dirty;
    }

    byte[] toBytes() {
        dirty = false;
        ByteBuffer b =
                ByteBuffer.allocate(bytes()).putInt(FORMAT).putInt(error.length).putLong(observed);
        for (double e : error) {
            b.putDouble(e);
        }
        return b.array();
    }

    private int bytes() {
        return 4 + 4 + 8 + 8 * error.length;
    }

    /** Restores {@link #toBytes}; state of another format or candidate count is ignored (the comparison starts over). */
    void restore(byte[] bytes) {
        if (bytes == null || bytes.length != bytes()) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt() != FORMAT || b.getInt() != error.length) {
            return;
        }
        observed = b.getLong();
        for (int i = 0; i < error.length; i++) {
            error[i] = b.getDouble();
        }
        chosen = choose();
    }
}
