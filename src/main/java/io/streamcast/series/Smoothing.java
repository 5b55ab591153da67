package io.streamcast.series;

import java.util.Arrays;

/**
 * One series' exponential smoothing state: level, damped trend and one additive seasonal term
 * per phase, updated online with every observation (Holt-Winters error-correction form). It is
 * the statistical base every forecast starts from and the normaliser of the network's input
 * (MODELING.md 6 and 10): the network only learns what smoothing leaves over.
 *
 * <p>On the log scale (for positive series) level, trend and season are multiplicative in the
 * original units, which is what trending seasonal series such as airline traffic need. A series
 * in log mode that meets a value of zero or below cannot stay there; {@link SeriesState} then
 * rebuilds it on the linear scale from the values it keeps.
 *
 * <p>Initialisation follows the classic decomposition: after two seasons, the trend is the change
 * of the seasonal mean per step, the seasonal terms the mean detrended deviation of both seasons,
 * and the level the trend line just before the first value; both seasons are then smoothed
 * normally, so the first season's values inform the state as well as the estimate (as an ETS
 * model's initial states stand before its first observation). Without a season the first value is
 * the level and the trend starts at zero.
 *
 * <p>Two seasons are a poor estimate of a seasonal pattern, so for the first
 * {@value #AVERAGING_SEASONS} seasons each seasonal term is updated with a gain of at least
 * 1/(j+1) in season j (counting from 0): it is the running mean of that phase's deviations, the
 * estimate a model with a fixed season would make, until the topology's {@code gamma} is the
 * larger gain. Without it a topology fitted on short histories picks a large {@code gamma} to
 * repair the initial season and keeps it for good.
 *
 * <p>Not thread-safe; owned by the series state of one task.
 */
public final class Smoothing {
    /**
     * Seasons over which the seasonal terms are at least running means (see the class comment).
     * Measured with the topology's constants refitted each time (mean MASE, base alone): six unseen
     * R monthly sets 0.941 without, 0.933 with 4, 0.922 with 8, 0.942 without end; the bundled
     * monthly sets and hourly temperatures unchanged (1.066); confirmed afterwards on seven other
     * monthly sets, 0.780 -> 0.730.
     */
    static final int AVERAGING_SEASONS = 8;

    private final int period;
    private final boolean log;
    private long seen;
    private boolean ready;
    private double level;
    private double trend;
    /**
     * Seasonal terms on the smoothing scale, one per phase; phase of the value at index i is i mod
     * period. Floats: they are the larger part of the series record every observation rewrites (four
     * smoothings of 24 terms with an adaptive hourly base), and a seasonal deviation needs no more
     * than float precision relative to itself. Kept as floats in memory too, so a state read back
     * from its record forecasts exactly as the one that wrote it.
     */
    private final float[] season;
    /** Values (on the smoothing scale) buffered until there are enough to initialise. */
    private double[] warmup;

    /**
     * With {@link SmoothingParams#robust}: the weight of each new one-step error in the robust
     * scale, and the bounded loss it enters with (Tukey's biweight at 2, scaled so a normal error
     * weighs 1 on average), as Gelper, Fried and Croux's robust Holt-Winters updates its scale: a
     * run of large errors (a break, not a fault) widens the scale within a few steps, so the state
     * follows a new level while a lone fault moves it by at most k standard deviations.
     */
    private static final double SCALE_WEIGHT = 0.1;

    private static final double BIWEIGHT_C = 2;
    private static final double BIWEIGHT_NORM = 2.52;
    /** Robust standard deviation of the one-step errors, on the smoothing scale; NaN unless the base is robust. */
    private float sigma = Float.NaN;
    /** With a robust base: +1 / -1 when the newest value's error was beyond k scales above / below its forecast, else 0. */
    private byte beyond;
    /** The newest value was taken as k scales (not kept: it says what the last update did, for a meter). */
    private boolean clipped;

    public Smoothing(int period, boolean log) {
        this.period = period;
        this.log = log;
        this.season = new float[period > 1 ? period : 0];
        this.warmup = new double[0];
    }

    /** Values needed before the first forecast: two seasons, or one value without a season. */
    public int warmupLength() {
        return period > 1 ? 2 * period : 1;
    }

    public int period() {
        return period;
    }

    public boolean log() {
        return log;
    }

    /** True once initialised: {@link #forecast} is defined. */
    public boolean ready() {
        return ready;
    }

    /** Values taken so far. */
    public long seen() {
        return seen;
    }

    /** True when {@code y} can be taken on this scale (the log scale needs positive values). */
    public boolean accepts(double y) {
        return !log || y > 0;
    }

    /** The value on the smoothing scale. */
    public double toScale(double y) {
        return log ? Math.log(y) : y;
    }

    /** A smoothing-scale value back in the series' units. */
    public double fromScale(double z) {
        return log ? Math.exp(Math.min(z, 700)) : z;
    }

    /** Takes the next observation; the caller checks {@link #accepts} first. */
    public void update(double y, SmoothingParams p) {
        clipped = false;
        double z = toScale(y);
        if (!ready) {
            warmup = Arrays.copyOf(warmup, warmup.length + 1);
            warmup[warmup.length - 1] = z;
            seen++;
            if (warmup.length == warmupLength()) {
                initialise(p);
            }
            return;
        }
        step(z, p);
        seen++;
    }

    private void initialise(SmoothingParams p) {
        if (period > 1) {
            double first = mean(warmup, 0, period);
            double second = mean(warmup, period, 2 * period);
            trend = (second - first) / period;
            double middle = (period - 1) / 2.0;
            // Each seasonal term averaged over both seasons, each measured against its own trend
            // line, so one odd value weighs half and the trend does not leak into the season
            // (USAccDeaths, 48 points of history: MASE 0.84 -> 0.65; six unseen R monthly sets
            // 0.970 -> 0.957; bundled 1.069 -> 1.066). The level is the first season's trend line
            // one step before its first value, and both seasons are smoothed from there (smoothing
            // only the second season from the first's end: USAccDeaths 0.654 against 0.560).
            level = first - trend * (middle + 1);
            for (int i = 0; i < period; i++) {
                double inFirst = warmup[i] - (first + trend * (i - middle));
                double inSecond = warmup[period + i] - (second + trend * (i - middle));
                season[i] = (float) ((inFirst + inSecond) / 2);
            }
            ready = true;
            long end = seen;
            seen = 0;
            // A robust base needs its errors' scale before it may clip: these steps are taken in
            // full, and the scale starts from their errors.
            double[] errors = p.robust() > 0 ? new double[2 * period] : null;
            SmoothingParams inFull = errors != null ? p.withRobust(0) : p;
            for (int i = 0; i < 2 * period; i++) {
                if (errors != null) {
                    errors[i] = Math.abs(warmup[i] - nextScaled(p));
                }
                step(warmup[i], inFull);
                seen++;
            }
            seen = end;
            if (errors != null) {
                // The scale starts as the median absolute error of the two seasons the state was
                // estimated on (x 1.4826: a standard deviation for normal errors).
                Arrays.sort(errors);
                sigma = (float) (1.4826 * 0.5 * (errors[period - 1] + errors[period]));
            }
        } else {
            level = warmup[0];
            trend = 0;
            ready = true;
        }
        warmup = new double[0];
    }

    /** One error-correction step for the value at index {@link #seen}. */
    private void step(double z, SmoothingParams p) {
        int phase = phase(seen);
        double s = period > 1 ? season[phase] : 0;
        double previous = level;
        if (p.robust() > 0) {
            z = robustValue(z, previous + p.phi() * trend + s, p.robust());
        }
        level = p.alpha() * (z - s) + (1 - p.alpha()) * (previous + p.phi() * trend);
        trend = p.beta() * (level - previous) + (1 - p.beta()) * p.phi() * trend;
        if (period > 1) {
            double gamma = seasonalGain(p.gamma());
            season[phase] = (float) (gamma * (z - level) + (1 - gamma) * s);
        }
    }

    /**
     * The value the state takes in place of {@code z}: {@code z} itself while its one-step error
     * is within {@code k} robust standard deviations, else the forecast plus k of them on its
     * side; and the scale moves toward the new error. A state restored without a scale (kept
     * before the base was robust) starts it from this error.
     */
    private double robustValue(double z, double forecast, double k) {
        double error = z - forecast;
        if (!(sigma > 0)) {
            sigma = (float) Math.abs(error);
            return z;
        }
        double scale = sigma;
        double x = error / scale;
        double u = x / BIWEIGHT_C;
        double loss = Math.abs(u) >= 1 ? BIWEIGHT_NORM : BIWEIGHT_NORM * (1 - Math.pow(1 - u * u, 3));
        sigma = (float) (scale * Math.sqrt(1 + SCALE_WEIGHT * (loss - 1)));
        byte side = x > k ? (byte) 1 : x < -k ? (byte) -1 : 0;
        boolean again = side != 0 && side == beyond;
        beyond = side;
        clipped = side != 0 && !again;
        // A second value in a row beyond k on the same side is a new level, not a fault: taken in
        // full, so a break is followed one step late instead of k scales at a time.
        return again ? z : forecast + Math.max(-k, Math.min(k, x)) * scale;
    }

    /** The seasonal gain for the value at index {@link #seen}: at least 1/(j+1) in season j < {@value #AVERAGING_SEASONS}. */
    private double seasonalGain(double gamma) {
        long j = seen / period;
        return j >= 1 && j < AVERAGING_SEASONS ? Math.max(gamma, 1.0 / (j + 1)) : gamma;
    }

    /** Forecasts for 1..horizon steps after the newest value, on the smoothing scale. */
    public double[] forecastScaled(int horizon, SmoothingParams p) {
        double[] f = new double[horizon];
        forecastScaledInto(f, horizon, p);
        return f;
    }

    private void forecastScaledInto(double[] f, int horizon, SmoothingParams p) {
        if (!ready) {
            throw new IllegalStateException("smoothing needs " + warmupLength() + " values, has " + seen);
        }
        double damp = 0;
        double phiPower = 1;
        // seasonAhead(h) stepped through the phases, without a division per step: the constants'
        // fit forecasts H steps at every origin of every series for each of its 2,800 grid points.
        int phase = period > 1 ? phase(seen) : 0;
        for (int h = 1; h <= horizon; h++) {
            phiPower *= p.phi();
            damp += phiPower;
            f[h - 1] = level + damp * trend + (period > 1 ? season[phase] : 0);
            if (++phase == period) {
                phase = 0;
            }
        }
    }

    /**
     * The base's one-step error for {@code y}, the next value, on the smoothing scale (0 before
     * the base is ready or when {@code y} does not fit the scale): call before {@link #update}.
     * The recent errors are the network's best clue to what the base will get wrong next.
     */
    public double residual(double y, SmoothingParams p) {
        if (!ready || !accepts(y)) {
            return 0;
        }
        return toScale(y) - nextScaled(p);
    }

    /**
     * The value a missing step is filled with, wherever a series is run through its base (the
     * stream's {@link SeriesState#fillMissing}, pretraining's smoothing fit and examples): once
     * ready, the base's own one-step forecast, which knows the season and leaves the state as the
     * base expected it; before that, {@code straightLine}, the caller's value on the line between
     * the observed neighbours. Pretraining run through straight lines instead chose other constants
     * than the stream then uses: hourly temperatures with 3% of the hours missing in outages of 1-6
     * hours took gamma 0.80 instead of 0.95, and the base scored MASE 0.78 instead of 0.65.
     */
    public double fillValue(double straightLine, SmoothingParams p) {
        return ready ? oneStepForecast(p) : straightLine;
    }

    /** The forecast for the step after the newest value, in the series' units: {@link #forecast} at h = 1, without an array. */
    public double oneStepForecast(SmoothingParams p) {
        if (!ready) {
            throw new IllegalStateException("smoothing needs " + warmupLength() + " values, has " + seen);
        }
        return fromScale(nextScaled(p));
    }

    /** The forecast for the step after the newest value, on the smoothing scale. */
    private double nextScaled(SmoothingParams p) {
        return level + p.phi() * trend + seasonAhead(1);
    }

    /** Forecasts for 1..horizon steps after the newest value, in the series' units. */
    public double[] forecast(int horizon, SmoothingParams p) {
        double[] f = new double[horizon];
        forecastInto(f, horizon, p);
        return f;
    }

    /**
     * {@link #forecast} into the first {@code horizon} places of {@code f}, the same numbers without
     * an array per call: the constants' fit forecasts at every origin of every series for every
     * point of its grid.
     */
    public void forecastInto(double[] f, int horizon, SmoothingParams p) {
        forecastScaledInto(f, horizon, p);
        for (int i = 0; i < horizon; i++) {
            f[i] = fromScale(f[i]);
        }
    }

    /** The seasonal term of the step {@code h} after the newest value (negative h: before it). */
    public double seasonAhead(int h) {
        return period > 1 ? season[phase(seen - 1 + h)] : 0;
    }

    /** Current level, on the smoothing scale. */
    public double level() {
        return level;
    }

    public Smoothing copy() {
        Smoothing c = new Smoothing(period, log);
        c.seen = seen;
        c.ready = ready;
        c.level = level;
        c.trend = trend;
        System.arraycopy(season, 0, c.season, 0, season.length);
        c.warmup = warmup.clone();
        c.sigma = sigma;
        c.beyond = beyond;
        return c;
    }

    /** Smoothing of {@code values} (oldest first) from scratch, on the log scale when asked and every value allows it. */
    public static Smoothing of(double[] values, int period, boolean log, SmoothingParams p) {
        Smoothing s = new Smoothing(period, log && allPositive(values));
        for (double v : values) {
            s.update(v, p);
        }
        return s;
    }

    /** True when every value can be taken on the log scale. */
    public static boolean allPositive(double[] values) {
        for (double v : values) {
            if (!(v > 0)) {
                return false;
            }
        }
        return true;
    }

    private int phase(long index) {
        return (int) Math.floorMod(index, (long) period);
    }

    private static double mean(double[] a, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += a[i];
        }
        return sum / (to - from);
    }

    /** Current trend per step, on the smoothing scale; for the codec. */
    double trend() {
        return trend;
    }

    /** The seasonal terms, one per phase (none without a season); for the codec, do not modify. */
    float[] seasonTerms() {
        return season;
    }

    /** Values buffered until initialisation (none once ready); for the codec, do not modify. */
    double[] warmupValues() {
        return warmup;
    }

    /** A smoothing as {@link SmoothingCodec} reads it back: {@code season.length} phases (none: no season). */
    static Smoothing restored(
            boolean log, long seen, boolean ready, double level, double trend, float[] season, double[] warmup) {
        return restored(log, seen, ready, level, trend, season, warmup, Float.NaN, 0);
    }

    static Smoothing restored(
            boolean log,
            long seen,
            boolean ready,
            double level,
            double trend,
            float[] season,
            double[] warmup,
            float sigma,
            int beyond) {
        Smoothing s = new Smoothing(season.length > 0 ? season.length : 1, log);
        s.seen = seen;
        s.ready = ready;
        s.level = level;
        s.trend = trend;
        System.arraycopy(season, 0, s.season, 0, season.length);
        s.warmup = warmup;
        s.sigma = sigma;
        s.beyond = (byte) Integer.signum(beyond);
        return s;
    }

    /** True when the last {@link #update} took its value as k robust standard deviations ({@link SmoothingParams#robust}). */
    public boolean clippedLast() {
        return clipped;
    }

    /** Starts the robust scale at {@code scale} when it has none yet (a state kept before the base was robust). */
    void seedRobustScale(float scale) {
        if (Float.isNaN(sigma) && scale > 0) {
            sigma = scale;
        }
    }

    /** The robust scale of the one-step errors (NaN: not kept); for the codec. */
    float robustScale() {
        return sigma;
    }

    /** +1 / -1: the newest value's error was beyond the robust bound above / below; for the codec. */
    int beyondBound() {
        return beyond;
    }
}
