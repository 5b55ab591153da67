package io.streamcast.model;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Prediction intervals from the errors actually observed (split conformal, online): per horizon
 * step, the last {@value #WINDOW} scaled errors |actual - forecast| / scale of the model's own
 * forecasts, where scale is the series' running seasonal scale; the half-width is their
 * {@code coverage} quantile (the ceil((n + 1) coverage)-th smallest of n: at least {@code coverage}
 * of the next error's chances fall inside, as long as errors are exchangeable). Before the fewest
 * errors for which that rank exists (4 for 80%), a shorter step's half-width grown as the steps
 * with errors grow with the horizon, or before any step has them a guess: the errors of seasonal
 * naive, whose mean absolute error the scale is; a backtest of a monthly series has only a few
 * dozen origins, so waiting for more would leave most of them with the guess. With {@code
 * adaptRate} > 0 the quantile's level itself adapts per step ({@link #outcome}: adaptive conformal
 * inference), so coverage recovers after a break before the window has turned over.
 *
 * <p>Further central intervals ({@code interval.quantiles}, {@link #extraHalfWidths}) are the same
 * errors' quantiles at their own coverage, scaled by how far adapting has moved the main interval
 * (adapted over plain half-width): adapting says the errors to come are that much larger or
 * smaller than the window's, whatever the level. So a quantile at the main interval's bound equals
 * that bound, and every interval follows a break as the main one does. A level whose rank does not
 * exist yet in the window (19 errors for 95%) takes the main half-width times the Gaussian ratio of
 * the two levels, as does every level while the main interval has too few errors of its own.
 *
 * <p>Why a window of errors and not a running quantile estimate: the stochastic estimate this
 * replaced moved a few percent per error from its guess, so on monthly data it never got there
 * (co2: 100% of actuals inside nominal 80% intervals, AirPassengers 99.6%); the window is right as
 * soon as it holds enough errors, and follows when errors change. The state is small
 * ({@value #WINDOW} floats per step) and goes to the task's model store, so a restart keeps it.
 * Thread-confined to one stream task.
 */
public final class IntervalCalibrator {
    /** Errors remembered per horizon step. */
    static final int WINDOW = 200;

    /**
     * The lowest miss rate adapting may reach, as a share of the nominal one (1 - coverage): at
     * 80%, 0.05, so with a full window the half-width is at most the 95th percentile of the
     * remembered errors and never the largest of them. At a miss rate of 0 the width was the single
     * largest error, and a faulty reading in one series, divided by that series' calm scale, was
     * hundreds of scale units: after one reading three times too high beside the bundled
     * temperatures, the other series' next-day intervals reached +-72 degrees where they are +-0.3
     * without it (src/site/markdown/accuracy.md, "Intervals: adapting stops short of the largest
     * error"). A quarter: the 23 real data sets' coverage per step as at 0, their MSIS 0.5% lower;
     * at a half, two more steps fell below 70%.
     */
    static final double LOWEST_MISS_SHARE = 0.25;

    private static final int FORMAT = 3;
    /** Format 3 without the per-step miss rates: still restored (the rates start at 1 - coverage). */
    private static final int FORMAT_WITHOUT_MISS_RATES = 2;

    private final double coverage;
    /** Adaptive conformal step per outcome (0: off); see {@link #outcome}. */
    private final double adaptRate;
    /** Per step, the miss rate whose quantile the half-width is: 1 - coverage, moved by {@link #outcome}. */
    private final double[] missRate;
    /** The lowest {@link #missRate} adapting reaches: {@link #LOWEST_MISS_SHARE} of 1 - coverage. */
    private final double lowestMissRate;
    /** Errors per step before the observed quantile replaces the guess. */
    private final int minErrors;

    private final double[] guess;
    private final float[][] errors;
    private final int[] count;
    private final int[] next;
    private final double[] quantile;
    private final boolean[] stale;
    /** Central-interval coverages besides {@code coverage}, ascending. */
    private final double[] extraLevels;

    private final int[] extraMinErrors;
    /** Per extra level, its Gaussian half-width over the main level's: the stand-in before its rank exists. */
    private final double[] gaussianRatio;
    /** Per extra level and step: the quantile of the errors at that level, scaled as adapting scales the main one; NaN before the rank exists. */
    private final double[][] extraQuantile;

    private long observed;

    public IntervalCalibrator(int horizon, double coverage) {
        this(horizon, coverage, 0);
    }

    /** With adaptive conformal steps of {@code adaptRate} per time step of a series (0: off). */
    public IntervalCalibrator(int horizon, double coverage, double adaptRate) {
        this(horizon, coverage, adaptRate, new double[0]);
    }

    /**
     * With {@code extraLevels}, further central-interval coverages in (0, 1), ascending and without
     * {@code coverage} ({@code TopologySpec.Interval#extraLevels}), for {@link #extraHalfWidths}.
     */
    public IntervalCalibrator(int horizon, double coverage, double adaptRate, double[] extraLevels) {
        this(horizon, coverage, adaptRate, extraLevels, 1);
    }

    /**
     * For a topology of seasonal {@code period} (1: none), which sets the guess before any errors
     * ({@link #scaledHalfWidth}).
     */
    public IntervalCalibrator(int horizon, double coverage, double adaptRate, double[] extraLevels, int period) {
        this.coverage = coverage;
        this.adaptRate = adaptRate;
        this.missRate = new double[horizon];
        Arrays.fill(missRate, 1 - coverage);
        this.lowestMissRate = LOWEST_MISS_SHARE * (1 - coverage);
        this.minErrors = minErrors(coverage);
        this.guess = new double[horizon];
        this.errors = new float[horizon][WINDOW];
        this.count = new int[horizon];
        this.next = new int[horizon];
        this.quantile = new double[horizon];
        this.stale = new boolean[horizon];
        NormalDistribution normal = new NormalDistribution();
        double z = normal.inverseCumulativeProbability(0.5 + coverage / 2);
        // Seasonal naive's errors, one seasonal difference per season spanned (see scaledHalfWidth).
        double firstSeason = z * Math.sqrt(Math.PI / 2);
        for (int h = 0; h < horizon; h++) {
            guess[h] = firstSeason * Math.sqrt(Math.ceil((h + 1.0) / Math.max(1, period)));
        }
        this.extraLevels = extraLevels.clone();
        this.extraMinErrors = new int[extraLevels.length];
        this.gaussianRatio = new double[extraLevels.length];
        this.extraQuantile = new double[extraLevels.length][horizon];
        for (int i = 0; i < extraLevels.length; i++) {
            double level = extraLevels[i];
            if (!(level > 0 && level < 1) || level == coverage || (i > 0 && level <= extraLevels[i - 1])) {
                throw new IllegalArgumentException("extra levels must be ascending in (0, 1) without " + coverage + ": "
                        + Arrays.toString(extraLevels));
            }
            extraMinErrors[i] = minErrors(level);
            gaussianRatio[i] = normal.inverseCumulativeProbability(0.5 + level / 2) / z;
            Arrays.fill(extraQuantile[i], Double.NaN);
        }
    }

    /** The fewest errors n whose ceil((n + 1) coverage)-th smallest exists. */
    static int minErrors(double coverage) {
        int n = 1;
        while (Math.ceil((n + 1) * coverage) > n) {
            n++;
        }
        return n;
    }

    /** Half-width of the interval at 0-based horizon step {@code h0} for a series of this scale. */
    public double halfWidth(int h0, double scale) {
        return scaledHalfWidth(h0) * scale;
    }

    /**
     * The half-width at step {@code h0} in units of the series' scale. A step without enough errors
     * of its own borrows from the longest shorter step h' that has them, grown to step h as the
     * half-widths of the steps with errors grow with the horizon ({@link #growthExponent}): a
     * step-h error is known only h steps after its forecast, so the long steps of a new topology
     * would otherwise keep the guess for a horizon's worth of origins after the short steps learnt
     * that the model errs far less (AirPassengers' base: 0.4 scale units at every step, the guess
     * 1.6).
     *
     * <p>The guess, before step 1 has errors: seasonal naive's. The scale is its mean absolute error
     * (the MASE denominator), so with normal errors its {@code coverage} quantile is z sqrt(pi / 2)
     * scale units (1.6 at 80%), the same at every step within a season (a step-h forecast of
     * seasonal naive errs by one seasonal difference) and sqrt(k) times that for a step in the k-th
     * season ahead; without seasons (period 1), naive's random walk, growing with sqrt(h). A model
     * is there to beat seasonal naive, so this is wide, but not as wide as the one scale unit per
     * step, growing with sqrt(h), it replaced (2026-12-04: 4.4 scale units at h = 12, where
     * seasonal naive's errors do not grow; the first four origins of a monthly backtest, a fifth of
     * its forecasts, carried that width: src/site/markdown/accuracy.md).
     */
    double scaledHalfWidth(int h0) {
        if (count[h0] < minErrors) {
            for (int shorter = h0 - 1; shorter >= 0; shorter--) {
                if (count[shorter] >= minErrors) {
                    double lent = scaledHalfWidth(shorter);
                    return lent * Math.pow((h0 + 1.0) / (shorter + 1.0), growthExponent(shorter, lent));
                }
            }
            return guess[h0];
        }
        if (stale[h0]) {
            refresh(h0);
        }
        return quantile[h0];
    }

    /**
     * The exponent b of the growth w(h) = w(1) h^b through step 1's half-width and {@code
     * longestWidth}, that of 0-based step {@code longest}, the longest step with errors of its own:
     * how much wider the errors of this topology's forecasts actually get per step, where a fixed
     * rule would assume it. Within [0, 1]: no narrower than the step that lends, and no faster than
     * the linear growth of a wrong trend. A random walk's 1/2 while step 1 is the only step with
     * errors. Measured on 23 real data sets (base alone, src/site/markdown/accuracy.md) against
     * always 1/2: the long steps of a short backtest, whose forecasts are mostly made before they
     * have errors of their own, were too wide on seasonal series whose errors barely grow (VanKilled,
     * USAccDeaths, the deaths series: 92-100% covered at h = 10-12); 48 steps outside 70-90% against
     * 53, the mean scaled interval score 1.4% lower.
     */
    private double growthExponent(int longest, double longestWidth) {
        if (longest == 0 || count[0] < minErrors) {
            return 0.5;
        }
        double first = scaledHalfWidth(0);
        if (!(first > 0) || !(longestWidth > 0)) {
            return 0.5;
        }
        double exponent = Math.log(longestWidth / first) / Math.log(longest + 1.0);
        return Math.max(0, Math.min(1, exponent));
    }

    /** The quantiles of step {@code h0}'s errors, from one sort of them. */
    private void refresh(int h0) {
        float[] sorted = Arrays.copyOf(errors[h0], count[h0]);
        Arrays.sort(sorted);
        quantile[h0] = ranked(sorted, 1 - missRate[h0]);
        if (extraLevels.length > 0) {
            double plain = ranked(sorted, coverage);
            double adapted = plain > 0 ? quantile[h0] / plain : 1;
            for (int i = 0; i < extraLevels.length; i++) {
                extraQuantile[i][h0] =
                        sorted.length >= extraMinErrors[i] ? adapted * ranked(sorted, extraLevels[i]) : Double.NaN;
            }
        }
        stale[h0] = false;
    }

    /** The ceil((n + 1) level)-th smallest of the n sorted errors (clamped to the n there are). */
    private static double ranked(float[] sorted, double level) {
        int rank = (int) Math.ceil((sorted.length + 1) * level);
        return sorted[Math.max(1, Math.min(sorted.length, rank)) - 1];
    }

    /** How many further central-interval coverages {@link #extraHalfWidths} fills. */
    public int extraLevelCount() {
        return extraLevels.length;
    }

    /**
     * Fills {@code out[i]} with the half-width at step {@code h0} of the central interval of the
     * i-th extra level, for a series of this scale. Nested whatever the errors: a level's interval
     * is never narrower than a lower level's, nor on the wrong side of the main interval.
     */
    public void extraHalfWidths(int h0, double scale, double[] out) {
        double main = scaledHalfWidth(h0);
        boolean own = h0 < count.length && count[h0] >= minErrors;
        double widest = 0;
        for (int i = 0; i < extraLevels.length; i++) {
            double w = own && !Double.isNaN(extraQuantile[i][h0]) ? extraQuantile[i][h0] : main * gaussianRatio[i];
            w = extraLevels[i] < coverage ? Math.min(w, main) : Math.max(w, main);
            widest = Math.max(widest, w);
            out[i] = widest * scale;
        }
    }

    public void observe(int h0, double absError, double scale) {
        if (h0 >= errors.length || !(scale > 0) || !Double.isFinite(absError)) {
            return;
        }
        errors[h0][next[h0]] = (float) (absError / scale);
        next[h0] = (next[h0] + 1) % WINDOW;
        count[h0] = Math.min(WINDOW, count[h0] + 1);
        stale[h0] = true;
        observed++;
    }

    /**
     * Adaptive conformal inference (Gibbs and Candes, 2021): after each outcome at step {@code h0}
     * the miss rate whose quantile sets the half-width moves by {@code adaptRate / series} x
     * (target miss rate - missed), so a step that misses more than 1 - coverage of its actuals
     * widens and one that misses fewer narrows, whatever the errors' distribution does (a break
     * such as a recession, a calm stretch after the turbulent years the window still holds).
     * Divided by the series feeding this calibrator so the rate moves per time step of a series,
     * not faster for a topology with more of them. Kept within [{@link #LOWEST_MISS_SHARE} x (1 -
     * coverage), 1]: adapting widens up to a high percentile of the errors (with a full window,
     * never to the largest).
     */
    public void outcome(int h0, boolean covered, long series) {
        if (adaptRate == 0 || h0 >= missRate.length || series < 1) {
            return;
        }
        double next = missRate[h0] + adaptRate / series * ((1 - coverage) - (covered ? 0 : 1));
        missRate[h0] = Math.max(lowestMissRate, Math.min(1, next));
        stale[h0] = true;
    }

    /** The miss rate step {@code h0}'s half-width is currently the quantile of; 1 - coverage unless adapting. */
    double missRate(int h0) {
        return missRate[h0];
    }

    /** Errors observed since this calibrator was created or restored. */
    public long observed() {
        return observed;
    }

    /** The remembered errors, for the task's model store. */
    public byte[] toBytes() {
        int size = 16;
        for (int c : count) {
            size += 16 + 4 * c;
        }
        ByteBuffer b =
                ByteBuffer.allocate(size).putInt(FORMAT).putInt(errors.length).putDouble(coverage);
        for (int h = 0; h < errors.length; h++) {
            b.putInt(count[h]).putInt(next[h]).putDouble(missRate[h]);
            for (int i = 0; i < count[h]; i++) {
                b.putFloat(errors[h][i]);
            }
        }
        return b.array();
    }

    /**
     * Restores {@link #toBytes} (or format 2, without miss rates); ignores state of another format or
     * horizon (the guess then stands). The adapted miss rates are taken only while adapting and for
     * the same nominal coverage: an operator who turns adapting off, or changes the coverage, gets
     * the nominal level back rather than one adapted toward another target.
     */
    public void restore(byte[] bytes) {
        if (bytes == null || bytes.length < 8) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int format = b.getInt();
        if ((format != FORMAT && format != FORMAT_WITHOUT_MISS_RATES) || b.getInt() != errors.length) {
            return;
        }
        boolean takeRates = format == FORMAT && b.getDouble() == coverage && adaptRate > 0;
        for (int h = 0; h < errors.length; h++) {
            count[h] = Math.min(WINDOW, b.getInt());
            next[h] = b.getInt() % WINDOW;
            if (format == FORMAT) {
                double rate = b.getDouble();
                // A rate saved before adapting had its floor may be below it.
                missRate[h] = takeRates ? Math.max(lowestMissRate, rate) : 1 - coverage;
            }
            for (int i = 0; i < count[h]; i++) {
                errors[h][i] = b.getFloat();
            }
            stale[h] = true;
        }
    }
}
