package io.streamcast.model;

import io.streamcast.series.Smoothing;
import io.streamcast.series.SmoothingParams;
import org.apache.commons.math3.util.KthSelector;

/**
 * Turns a series' window into the network's input, normalised by the series' own exponential
 * smoothing state, the input choice that matters most for a recurrent forecaster (MODELING.md 6,
 * the M4 lesson): the smoothing carries each series' level, trend and season; the network reads
 * what the smoothing got wrong lately and learns only the correction to its forecast.
 *
 * <p>At an origin whose last {@link #historyNeeded()} values are known, on the smoothing scale
 * (log for positive multiplicative series), with {@code scale} = median |z[i] - z[i-m]| over the
 * window (robust: one wild value cannot shrink every other input to zero):
 * <ul>
 *   <li>input at window step i = r_i / scale, the base's one-step error at that step as it was made;</li>
 *   <li>target h = (z_{t+h} - base_h) / scale, where base is the smoothing's h-step forecast.</li>
 * </ul>
 * Why only the errors: they are the one input that means the same thing in every season and at
 * every level. Measured on the pretraining part of the four bundled data sets (ridge regression on
 * the encoded windows, then the network itself): the base's recent errors alone cut the error of
 * the base by 7% on hourly temperatures and 9% on co2; adding the window around the level, the
 * seasonally adjusted window and the seasonal changes made both ridge and LSTM worse than the base
 * out of sample on three of the four (those inputs drift with the season and the level, so what
 * the network learned on one stretch did not carry to the next), and the window around the level
 * sat at the clamp 72% of the time on temperatures, whose daily swing is many day-to-day changes.
 *
 * <p>With {@link Covariates}, each window step carries their channels after the error channel
 * ({@link #inputFeatures()} in all); without, the one error channel is the whole input.
 *
 * <p>All values are clamped to +-clamp. An output of zero is exactly the smoothing forecast, so an
 * untrained or poorly trained network degrades to the statistical base instead of away from it.
 */
public final class WindowEncoder {
    /** Stateless (its pivoting strategy too): one for every encoder and thread. */
    private static final KthSelector MEDIAN_SELECTOR = new KthSelector();
    /**
     * Per thread, the arrays one {@link #encode} works in (the window on the smoothing's scale, its
     * seasonal differences and their absolute values): fresh ones per call were a kilobyte per
     * forecast, 3% of a stream thread's allocated bytes. The thread's, not the encoder's: an
     * encoder keeps no state, so it stays safe to share between threads.
     */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[3][0]);

    private static final int SCALED = 0;
    private static final int DIFFS = 1;
    private static final int ABS = 2;

    /** The thread's scratch array {@code slot}, of length {@code n} (made anew when the length changes). */
    private static double[] scratch(double[][] arrays, int slot, int n) {
        if (arrays[slot].length != n) {
            arrays[slot] = new double[n];
        }
        return arrays[slot];
    }

    /** Values per time step without covariates: the base's one-step error. */
    public static final int FEATURES = 1;

    private final int window;
    private final int period;
    private final int horizon;
    private final double clamp;
    private final Covariates covariates;

    public WindowEncoder(int window, int period, int horizon, double clamp) {
        this(window, period, horizon, clamp, Covariates.NONE);
    }

    public WindowEncoder(int window, int period, int horizon, double clamp, Covariates covariates) {
        this.window = window;
        this.period = period;
        this.horizon = horizon;
        this.clamp = clamp;
        this.covariates = covariates;
    }

    /** Input channels per window step: the error channel plus the covariates'. */
    public int inputFeatures() {
        return FEATURES + covariates.extraChannels();
    }

    /** Floats of one encoded window. */
    public int exampleSize() {
        return inputFeatures() * window;
    }

    public Covariates covariates() {
        return covariates;
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

    /**
     * The normalisation of one window: what a network output is mapped back with.
     *
     * @param base  the smoothing's forecast for h = 1..H, on the smoothing scale
     * @param scale the window's robust seasonal change, on the smoothing scale
     */
    public record Norm(double[] base, double scale, Smoothing smoothing) {
        /** The forecast for step {@code h0 + 1} given the network's normalised correction {@code z}. */
        public double decode(int h0, double z) {
            return smoothing.fromScale(base[h0] + scale * z);
        }

        /** The smoothing base's own forecast for step {@code h0 + 1}, in the series' units. */
        public double baseForecast(int h0) {
            return smoothing.fromScale(base[h0]);
        }
    }

    /**
     * Writes the normalised window into {@code out} at {@code offset} in [feature][time] order (one
     * NCW example) and returns its normalisation. {@code hist} holds exactly {@link #historyNeeded()}
     * values ending at the origin, oldest first, and {@code residuals} the base's one-step errors at
     * the steps ending at the origin, at least {@link #window()} of them (only the window's are read);
     * {@code smoothing} is the series' state as of that origin (it has taken the
     * newest value of {@code hist}).
     */
    public Norm encode(
            double[] hist, float[] residuals, Smoothing smoothing, SmoothingParams params, float[] out, int offset) {
        if (!covariates.isEmpty()) {
            throw new IllegalStateException("this encoder has covariates: pass their values and the window's times");
        }
        return encode(hist, residuals, null, null, smoothing, params, out, offset);
    }

    /**
     * As {@link #encode(double[], float[], Smoothing, SmoothingParams, float[], int)}, with the
     * covariates' channels: {@code stepFeatures} holds the observed features kept at the same steps
     * as {@code hist} ([step][feature], NaN where missing; null when none were kept) and {@code
     * windowTimes} the epoch millis of the window's steps (null unless {@link
     * Covariates#needsTimes()}).
     */
    public Norm encode(
            double[] hist,
            float[] residuals,
            float[] stepFeatures,
            long[] windowTimes,
            Smoothing smoothing,
            SmoothingParams params,
            float[] out,
            int offset) {
        int n = hist.length;
        if (n != historyNeeded()) {
            throw new IllegalArgumentException("expected " + historyNeeded() + " values, got " + n);
        }
        double[][] arrays = SCRATCH.get();
        double[] z = scratch(arrays, SCALED, n);
        for (int i = 0; i < n; i++) {
            z[i] = smoothing.toScale(hist[i]);
        }
        double[] diffs = scratch(arrays, DIFFS, window);
        for (int k = 0; k < window; k++) {
            int i = n - window + k;
            diffs[k] = z[i] - z[i - period];
        }
        double scale = scaleOf(diffs, z, smoothing.level(), scratch(arrays, ABS, window));
        if (residuals.length < window) {
            throw new IllegalArgumentException(
                    "expected the window's " + window + " residuals, got " + residuals.length);
        }
        int firstResidual = residuals.length - window;
        for (int k = 0; k < window; k++) {
            out[offset + k] = (float) clamp(residuals[firstResidual + k] / scale);
        }
        if (!covariates.isEmpty()) {
            covariates.encode(stepFeatures, n, windowTimes, window, clamp, out, offset);
        }
        return new Norm(smoothing.forecastScaled(horizon, params), scale, smoothing);
    }

    /** Normalised targets for the actuals that followed the origin. */
    public float[] targets(Norm norm, double[] actuals) {
        float[] t = new float[horizon];
        for (int h = 0; h < horizon; h++) {
            t[h] = (float) clamp((norm.smoothing().toScale(actuals[h]) - norm.base()[h]) / norm.scale());
        }
        return t;
    }

    /**
     * The median of {@code values} (reordered): a selection, not a sort. Sorting the window's
     * differences took 5% of a stream thread in a JFR profile of the bench's drain, for one value.
     * After selecting the upper middle every value before it is no larger, so the lower middle (even
     * counts) is the largest of those.
     */
    static double median(double[] values) {
        int half = values.length / 2;
        double upper = MEDIAN_SELECTOR.select(values, null, half);
        if (values.length % 2 == 1) {
            return upper;
        }
        double lower = values[0];
        for (int i = 1; i < half; i++) {
            lower = Math.max(lower, values[i]);
        }
        return 0.5 * (lower + upper);
    }

    /** {@code abs} is scratch of the diffs' length: their absolute values, reordered by the median's selection. */
    private double scaleOf(double[] diffs, double[] z, double level, double[] abs) {
        double sum = 0;
        for (int i = 0; i < diffs.length; i++) {
            abs[i] = Math.abs(diffs[i]);
            sum += abs[i];
        }
        double median = median(abs);
        double floor = 1e-6 * Math.max(1.0, Math.abs(level));
        if (median > floor) {
            return median;
        }
        double mean = sum / abs.length;
        if (mean > floor) {
            return mean;
        }
        double var = 0;
        for (int i = z.length - window; i < z.length; i++) {
            var += (z[i] - level) * (z[i] - level);
        }
        return Math.max(Math.sqrt(var / window), floor);
    }

    private double clamp(double v) {
        if (v > clamp) {
            return clamp;
        }
        return v < -clamp ? -clamp : v;
    }
}
