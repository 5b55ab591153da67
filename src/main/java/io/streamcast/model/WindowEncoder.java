package io.streamcast.model;

import java.util.Arrays;

/**
 * Per-series normalization of one window, the input choice that matters most for a recurrent
 * forecaster (MODELING.md 6). Computed from the window's own history so that the same history
 * always gives the same input: a training example can be rebuilt from the stored values once its
 * actuals arrive, and a restart needs no extra state.
 *
 * <p>With seasonal period m, at an origin whose last {@link #historyNeeded()} values are known:
 * <ul>
 *   <li>level = mean of the last m values (the deseasonalized level; the last value when m = 1);</li>
 *   <li>scale = median |y[i] - y[i-m]| over the window (robust: one wild value cannot shrink every
 *       other input to zero), falling back to the mean, the standard deviation, then a floor;</li>
 *   <li>feature 0 = (y - level) / scale, feature 1 = (y[i] - y[i-m]) / scale, both clamped;</li>
 *   <li>drift = level - the level one season earlier, i.e. the mean of the last m seasonal
 *       differences (per season; with m = 1, where one difference is only noise, the mean
 *       difference over the window);</li>
 *   <li>target h = (y[t+h] - base[h]) / scale where base is the seasonal-naive forecast plus the
 *       drift for every season it reaches ahead (seasonal naive with drift).</li>
 * </ul>
 * The network therefore learns a correction to seasonal naive with drift in units of the series'
 * own seasonal change: an output of zero is exactly that forecast, so an untrained or poorly
 * trained network degrades towards a baseline instead of away from it. The drift is what keeps a
 * trending series or a level shift from being lagged by a full season: plain seasonal naive
 * repeats last year's values even when the whole last season has moved, and the network then
 * has to learn the missing level from inputs it rarely saw that large in pretraining.
 */
public final class WindowEncoder {
    public static final int FEATURES = 2;

    private final int window;
    private final int period;
    private final int horizon;
    private final double clamp;

    public WindowEncoder(int window, int period, int horizon, double clamp) {
        this.window = window;
        this.period = period;
        this.horizon = horizon;
        this.clamp = clamp;
    }

    /** Values needed at an origin: the window plus one season of lag partners for the differences. */
    public int historyNeeded() {
        return Math.max(window, period) + period;
    }

    /** Values a series state keeps: the history at an origin plus the horizon of actuals that follow it. */
    public int stateCapacity() {
        return historyNeeded() + horizon;
    }

    public int window() {
        return window;
    }

    public int horizon() {
        return horizon;
    }

    public int period() {
        return period;
    }

    /** The normalization of one window: what the network output is mapped back with. */
    public record Norm(double level, double scale, double[] base) {
        public double decode(int h0, double z) {
            return base[h0] + scale * z;
        }
    }

    /**
     * Writes the normalized window into {@code out} at {@code offset} in [feature][time] order
     * (one NCW example) and returns its normalization. {@code hist} holds exactly
     * {@link #historyNeeded()} values ending at the origin, oldest first.
     */
    public Norm encode(double[] hist, float[] out, int offset) {
        int n = hist.length;
        if (n != historyNeeded()) {
            throw new IllegalArgumentException("expected " + historyNeeded() + " values, got " + n);
        }
        double level = 0;
        for (int i = n - period; i < n; i++) {
            level += hist[i];
        }
        level /= period;
        double[] diffs = new double[window];
        for (int k = 0; k < window; k++) {
            int i = n - window + k;
            diffs[k] = hist[i] - hist[i - period];
        }
        double scale = scaleOf(diffs, hist, level);
        for (int k = 0; k < window; k++) {
            int i = n - window + k;
            out[offset + k] = (float) clamp((hist[i] - level) / scale);
            out[offset + window + k] = (float) clamp(diffs[k] / scale);
        }
        double drift = driftPerSeason(hist);
        double[] base = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            int seasonsAhead = ceilDiv(h, period);
            base[h - 1] = hist[n - 1 + h - period * seasonsAhead] + seasonsAhead * drift;
        }
        return new Norm(level, scale, base);
    }

    /**
     * Change of the level over one season: the mean of the last {@code period} seasonal
     * differences (equal to the last season's mean minus the one before). Without a season
     * (period 1) a single difference is noise that the horizon would multiply, so the mean over
     * the whole window is used instead (the classic random walk with drift).
     */
    private double driftPerSeason(double[] hist) {
        int n = hist.length;
        int span = period > 1 ? period : window;
        double sum = 0;
        for (int i = n - span; i < n; i++) {
            sum += hist[i] - hist[i - period];
        }
        return sum / span;
    }

    /** Normalized targets for the actuals that followed the origin. */
    public float[] targets(Norm norm, double[] actuals) {
        float[] z = new float[horizon];
        for (int h = 0; h < horizon; h++) {
            z[h] = (float) clamp((actuals[h] - norm.base()[h]) / norm.scale());
        }
        return z;
    }

    private double scaleOf(double[] diffs, double[] hist, double level) {
        double[] abs = new double[diffs.length];
        double sum = 0;
        for (int i = 0; i < diffs.length; i++) {
            abs[i] = Math.abs(diffs[i]);
            sum += abs[i];
        }
        Arrays.sort(abs);
        double median = abs.length % 2 == 1 ? abs[abs.length / 2] : 0.5 * (abs[abs.length / 2 - 1] + abs[abs.length / 2]);
        double floor = 1e-6 * Math.max(1.0, Math.abs(level));
        if (median > floor) {
            return median;
        }
        double mean = sum / abs.length;
        if (mean > floor) {
            return mean;
        }
        double var = 0;
        for (int i = hist.length - window; i < hist.length; i++) {
            var += (hist[i] - level) * (hist[i] - level);
        }
        double sd = Math.sqrt(var / window);
        return Math.max(sd, floor);
    }

    private double clamp(double v) {
        if (v > clamp) {
            return clamp;
        }
        return v < -clamp ? -clamp : v;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
