package io.streamcast.series;

import java.util.Arrays;
import java.util.List;

/**
 * Everything Streamcast keeps about one series, stored per key in a changelogged state store so
 * that a restart or a rebalance resumes without replaying history:
 * <ul>
 *   <li>the most recent values, oldest first (enough for the window, one season of lags for the
 *       scale, and the horizon so that a training example can be rebuilt once its actuals arrive);</li>
 *   <li>the base's one-step errors at all but the oldest season of them: the network reads the
 *       errors of the window at an origin up to a horizon back, and the oldest season of values is
 *       kept only as lag partners for the scale;</li>
 *   <li>running scaling statistics (Welford mean/variance and an exponentially weighted mean
 *       absolute seasonal difference) used for fallback intervals and the accuracy metrics;</li>
 *   <li>the exponential smoothing base twice: as of the newest value (forecasts start from it)
 *       and as of {@code horizon} values earlier (the origin of the training example the newest
 *       value completes, so that example is rebuilt exactly as it would have been forecast);</li>
 *   <li>the index of the newest value filled in for a missing step, so no forecast is scored
 *       against, and no example trained on, a value nobody observed;</li>
 *   <li>the indices of the kept values that were filled in and that no late observation has
 *       replaced yet ({@code lateness.grace}): the only steps a late observation may still take;</li>
 *   <li>with covariates, the observed features at each kept value (NaN where a step had none),
 *       under the layout of the topology's feature list they were kept for.</li>
 * </ul>
 * The forecasts still waiting for their actuals are not part of it: they are written once each,
 * when emitted, to a store of their own ({@link RememberedForecast}), so the record rewritten for
 * every observation holds only what every observation changes. A record stored before that
 * (series record formats 1 to 3) still carries them; {@link #takeLegacyAwaiting()} hands them over.
 * Not thread-safe: owned by one stream task.
 */
public final class SeriesState {
    private static final Smoothing[] NO_ALTERNATIVES = new Smoothing[0];
    private static final SmoothingParams[] NO_PARAMS = new SmoothingParams[0];

    /** {@link #queuedOrigin()} when the newest observation is no origin. */
    public static final long NOT_QUEUED = -1;
    /**
     * Weight of the newest seasonal difference in {@link #scale()} once it has seen
     * 1 / EW_ALPHA of them; before that each difference weighs 1/n, so the scale is their running
     * mean. Started from the first difference with this weight alone, the first difference held
     * 0.95^n of the scale after n more (a third after 20, a monthly series' first two years): a
     * single month's change, or a single hour's, was the unit a new series' intervals were learnt
     * and set in for its whole first seasons.
     */
    static final double EW_ALPHA = 0.05;

    /*
     * The arrays below change in place (a full window moves along, a late value replaces a fill):
     * nothing holds them past the observation that reads them. A queued origin holds its state, and
     * its series' next observation forecasts it before moving that state (ForecastProcessor.process).
     */
    private double[] values;
    /**
     * The base's one-step errors (smoothing scale) at the newest kept values, aligned with the end
     * of {@link #values}: at most {@code capacity - period} of them (see {@link #appendValue}), each
     * as {@link #asKept} rounds it.
     */
    private float[] residuals = new float[0];

    /** Observed features per kept value, [step][feature], NaN where missing; empty without covariates. */
    private float[] features = new float[0];
    /** Features kept per step; 0 without covariates. */
    private int featureWidth;
    /** Which feature list {@link #features} was kept for (see {@link #useFeatures}). */
    private int featureLayout;

    private long lastTsMillis;
    private long count;
    private int sinceForecast;
    private double mean;
    private double m2;
    private double ewAbsSeasonalDiff;
    /** Forecasts awaiting actuals read from a record of format 3 or older; empty otherwise and once taken. */
    private List<RememberedForecast> legacyAwaiting;
    /** Null only for state stored before smoothing existed; rebuilt from the values on the next append. */
    private Smoothing smoothing;

    private Smoothing lagged;
    /**
     * The same smoothing run with other constants, for a base that adapts online (one per
     * alternative set of constants, in the topology's order; empty when it does not adapt).
     */
    private Smoothing[] alternatives = NO_ALTERNATIVES;

    private long lastFilledIndex = -1;
    /**
     * Indices (like {@link #count()}) of kept values filled in for a missing step and not replaced
     * by a late observation since, ascending. Usually empty; at most one per kept value.
     */
    private long[] openFills = new long[0];
    /** See {@link #queuedOrigin()}. */
    private long queuedOrigin = NOT_QUEUED;
    /** See {@link #resolution()}: the smallest non-zero move between readings; 0 before the first. */
    private float smallestMove;
    /** See {@link #resolution()}: whether two consecutive readings were ever exactly equal. */
    private boolean readingsRepeat;

    public SeriesState() {
        this(new double[0], Long.MIN_VALUE, 0, 0, 0, 0, Double.NaN, List.of());
    }

    /** A new series whose smoothing base has {@code period} phases and starts on the log scale when {@code log}. */
    public SeriesState(int period, boolean log) {
        this();
        this.smoothing = new Smoothing(period, log);
        this.lagged = new Smoothing(period, log);
    }

    SeriesState(
            double[] values,
            long lastTsMillis,
            long count,
            int sinceForecast,
            double mean,
            double m2,
            double ewAbsSeasonalDiff,
            List<RememberedForecast> legacyAwaiting) {
        this.values = values;
        this.lastTsMillis = lastTsMillis;
        this.count = count;
        this.sinceForecast = sinceForecast;
        this.mean = mean;
        this.m2 = m2;
        this.ewAbsSeasonalDiff = ewAbsSeasonalDiff;
        this.legacyAwaiting = legacyAwaiting;
    }

    /**
     * Appends an observed value, keeping at most {@code capacity} of them, updates the running
     * statistics ({@code period} is the seasonal lag of the scale) and moves both smoothing states
     * on: the current one by this value, the lagged one by the value {@code horizon} steps back.
     */
    public void append(long tsMillis, double value, int capacity, int period, int horizon, SmoothingParams params) {
        append(tsMillis, value, null, capacity, period, horizon, params, NO_PARAMS);
    }

    /**
     * As {@link #append(long, double, int, int, int, SmoothingParams)}, keeping the value's observed
     * features ({@link #featureWidth()} of them, NaN where missing; null: all missing).
     */
    public void append(
            long tsMillis,
            double value,
            float[] stepFeatures,
            int capacity,
            int period,
            int horizon,
            SmoothingParams params) {
        append(tsMillis, value, stepFeatures, capacity, period, horizon, params, NO_PARAMS);
    }

    /**
     * Appends an observed value with its observed features ({@link #featureWidth()} of them, NaN
     * where missing; null: all missing) and moves the own smoothing, the lagged one and the
     * alternative smoothings on (one per set of constants in {@code alternativeParams}; none drops them).
     */
    public void append(
            long tsMillis,
            double value,
            float[] stepFeatures,
            int capacity,
            int period,
            int horizon,
            SmoothingParams params,
            SmoothingParams[] alternativeParams) {
        appendFeatures(stepFeatures, capacity);
        noteMove(value);
        if (smoothing == null || !smoothing.accepts(value)) {
            appendValue(tsMillis, value, capacity, period, 0);
            rebuildSmoothing(period, horizon, params, smoothing == null ? params.log() : false, alternativeParams);
            return;
        }
        keepAlternatives(alternativeParams);
        appendValue(tsMillis, value, capacity, period, smoothing.residual(value, params));
        if (params.robust() > 0 && Float.isNaN(smoothing.robustScale())) {
            seedRobustScales();
        }
        smoothing.update(value, params);
        for (int i = 0; i < alternatives.length; i++) {
            if (alternatives[i].log() != smoothing.log()) {
                // Stored before its series left the log scale: start again where the own smoothing is.
                alternatives[i] = smoothing.copy();
            }
            alternatives[i].update(value, alternativeParams[i]);
        }
        if (count > horizon) {
            lagged.update(values[values.length - 1 - horizon], params);
        }
    }

    /**
     * True when the newest value appended was beyond its robust base's bound and taken as k robust
     * standard deviations of the one-step errors ({@code base.robust}), i.e. treated as a fault.
     */
    public boolean newestValueClipped() {
        return smoothing != null && smoothing.clippedLast();
    }

    /**
     * A state kept before its topology's base became robust ({@code base.robust}) has no scale of
     * its one-step errors: it starts from the median absolute error the window's residuals hold
     * (the own smoothing's errors as they were made; filled steps, kept as 0, left out), for the
     * lagged and the alternative smoothings too, rather than from the next error alone.
     */
    private void seedRobustScales() {
        float[] kept = new float[residuals.length];
        int n = 0;
        for (float r : residuals) {
            if (r != 0) {
                kept[n++] = Math.abs(r);
            }
        }
        if (n == 0) {
            return;
        }
        Arrays.sort(kept, 0, n);
        float scale = (float) (1.4826 * (n % 2 == 1 ? kept[n / 2] : 0.5 * (kept[n / 2 - 1] + kept[n / 2])));
        smoothing.seedRobustScale(scale);
        lagged.seedRobustScale(scale);
        for (Smoothing alternative : alternatives) {
            alternative.seedRobustScale(scale);
        }
    }

    /**
     * One alternative per set of constants: a series that had none (new, stored before the base
     * adapted, or under another list) starts them as copies of its own smoothing, so they begin
     * where it is and part only as their constants make them.
     */
    private void keepAlternatives(SmoothingParams[] alternativeParams) {
        if (alternativeParams.length == alternatives.length) {
            return;
        }
        alternatives = new Smoothing[alternativeParams.length];
        for (int i = 0; i < alternatives.length; i++) {
            alternatives[i] = smoothing.copy();
        }
    }

    /**
     * The smoothing of candidate {@code candidate}: 0 the own, i the alternative i - 1; the own one
     * when that alternative is not kept or not ready.
     */
    public Smoothing candidate(int candidate) {
        if (candidate > 0 && candidate <= alternatives.length && alternatives[candidate - 1].ready()) {
            return alternatives[candidate - 1];
        }
        return smoothing;
    }

    /** The alternative smoothings; for the serde. */
    Smoothing[] alternatives() {
        return alternatives;
    }

    void restoreAlternatives(Smoothing[] alternatives) {
        this.alternatives = alternatives;
    }

    /**
     * Fills a missing step with the base's one-step forecast (MODELING: a missing step is filled or
     * marked, never skipped, so seasonality and target timestamps stay aligned) and marks it;
     * before the base is ready, with the newest value.
     */
    public void fillMissing(long tsMillis, int capacity, int period, int horizon, SmoothingParams params) {
        fillMissing(tsMillis, Double.NaN, 0, capacity, period, horizon, params, NO_PARAMS);
    }

    /**
     * Fills a missing step {@code stepsToNext} steps before an arriving value {@code next} (NaN:
     * none known, as above), the alternatives moved on by the fill too. Once the base is ready the
     * fill is its one-step forecast, which knows the season; before that (a series' first two
     * seasons) it is the straight line from the newest value to {@code next}: what the fallbacks
     * and the base's first seasonal terms then read, where carrying the newest value forward put
     * a flat stretch (a night's first-day gap in Seattle's temperatures was forecast a day later
     * at the last value before it, 40.1 degrees, for hours that were 42.7-43.7).
     */
    public void fillMissing(
            long tsMillis,
            double next,
            int stepsToNext,
            int capacity,
            int period,
            int horizon,
            SmoothingParams params,
            SmoothingParams[] alternativeParams) {
        double straightLine = Double.isFinite(next) && stepsToNext >= 1
                ? lastValue() + (next - lastValue()) / stepsToNext
                : lastValue();
        double value = smoothing != null ? smoothing.fillValue(straightLine, params) : straightLine;
        append(tsMillis, value, null, capacity, period, horizon, params, alternativeParams);
        lastFilledIndex = count - 1;
        openFills = Arrays.copyOf(openFills, openFills.length + 1);
        openFills[openFills.length - 1] = lastFilledIndex;
    }

    /**
     * True when the value {@code stepsBack} steps before the newest is kept, was filled in for a
     * missing step, and no late observation has replaced it yet.
     */
    public boolean isOpenFill(int stepsBack) {
        return stepsBack >= 0 && Arrays.binarySearch(openFills, count - 1 - stepsBack) >= 0;
    }

    /**
     * Puts a late observation where its step's filled-in value was ({@link #isOpenFill} must hold):
     * the window now holds what was observed. Its residual becomes the base's error against the
     * one-step forecast the fill was, so the window's error input says what the base got wrong
     * there. What ran on since is not rewound: the smoothing states and the scale statistics
     * are recursive summaries whose steps since the fill are not kept, and the fill, being the
     * base's own forecast, taught them nothing wrong, only nothing. The step stays behind
     * {@link #lastFilledIndex()}, so the forecasts made around the gap are still neither scored
     * nor trained on as an origin or a target: their base started from the fill. A value a log-scale base cannot take
     * (zero or below) moves the base to the linear scale, as it would on time.
     */
    public void replaceFill(int stepsBack, double value, int period, int horizon, SmoothingParams params) {
        replaceFill(stepsBack, value, null, period, horizon, params, NO_PARAMS);
    }

    /**
     * As {@link #replaceFill(int, double, int, int, SmoothingParams)}, the late observation's
     * features taking the fill's step too; a rebuilt base rebuilds its alternatives too.
     */
    public void replaceFill(
            int stepsBack,
            double value,
            float[] stepFeatures,
            int period,
            int horizon,
            SmoothingParams params,
            SmoothingParams[] alternativeParams) {
        long index = count - 1 - stepsBack;
        int at = Arrays.binarySearch(openFills, index);
        if (at < 0) {
            throw new IllegalStateException("the value " + stepsBack + " steps back is not an open fill");
        }
        long[] still = new long[openFills.length - 1];
        System.arraycopy(openFills, 0, still, 0, at);
        System.arraycopy(openFills, at + 1, still, at, still.length - at);
        openFills = still;
        int pos = values.length - 1 - stepsBack;
        int residualPos = residuals.length - 1 - stepsBack;
        double fill = values[pos];
        values[pos] = value;
        if (stepFeatures != null && featureWidth > 0) {
            System.arraycopy(stepFeatures, 0, features, pos * featureWidth, featureWidth);
        }
        // A step in the oldest kept season has no residual kept: nothing reads one there.
        boolean residualKept = residualPos >= 0;
        if (smoothing == null || !smoothing.accepts(value)) {
            if (residualKept) {
                residuals[residualPos] = 0;
            }
            rebuildSmoothing(period, horizon, params, smoothing == null ? params.log() : false, alternativeParams);
        } else if (residualKept && smoothing.ready() && smoothing.accepts(fill)) {
            residuals[residualPos] =
                    asKept(residuals[residualPos] + (smoothing.toScale(value) - smoothing.toScale(fill)));
        }
    }

    /** See {@link #openFills}; for the serde. */
    long[] openFills() {
        return openFills;
    }

    void restoreOpenFills(long[] openFills) {
        this.openFills = openFills;
    }

    /** Index of the newest value that was filled in rather than observed; -1 when none. */
    public long lastFilledIndex() {
        return lastFilledIndex;
    }

    /** Smoothing as of the newest value; null before the first value of a state stored without one. */
    public Smoothing smoothing() {
        return smoothing;
    }

    /** Smoothing as of {@code horizon} values before the newest: the origin of the example the newest value completes. */
    public Smoothing lagged() {
        return lagged;
    }

    /**
     * Smoothing as of {@code stepsBack} values before the newest ({@code 1 <= stepsBack <=
     * horizon}): the lagged state moved on by the values after its origin, a copy unless
     * {@code stepsBack == horizon}. Null when the kept values do not reach back that far.
     */
    public Smoothing smoothingStepsBack(int stepsBack, int horizon, SmoothingParams params) {
        if (stepsBack < 1 || stepsBack > horizon) {
            throw new IllegalArgumentException("stepsBack must be in [1, " + horizon + "], got " + stepsBack);
        }
        if (lagged == null || count <= horizon || values.length < horizon) {
            return null;
        }
        if (stepsBack == horizon) {
            return lagged;
        }
        Smoothing moved = lagged.copy();
        for (int i = values.length - horizon; i < values.length - stepsBack; i++) {
            if (!moved.accepts(values[i])) {
                return null;
            }
            moved.update(values[i], params);
        }
        return moved;
    }

    /** Smoothing from the kept values: for state stored before smoothing existed, or a log-scale series that met a value <= 0. */
    private void rebuildSmoothing(
            int period, int horizon, SmoothingParams params, boolean log, SmoothingParams[] alternativeParams) {
        smoothing = Smoothing.of(values, period, log, params);
        lagged = Smoothing.of(
                Arrays.copyOf(values, Math.max(0, values.length - horizon)), period, smoothing.log(), params);
        alternatives = new Smoothing[alternativeParams.length];
        for (int i = 0; i < alternatives.length; i++) {
            alternatives[i] = Smoothing.of(values, period, smoothing.log(), alternativeParams[i]);
        }
    }

    /**
     * Residuals kept for a capacity of {@code capacity} values: all but the oldest season's. The
     * capacity is max(window, period) + period + horizon ({@code WindowEncoder#stateCapacity}); the
     * network reads the residuals of the window at an origin up to a horizon back, at most
     * max(window, period) + horizon of them, and the oldest season of values is kept only as lag
     * partners for the scale.
     */
    static int residualCapacity(int capacity, int period) {
        return Math.max(1, capacity - Math.max(1, period));
    }

    private void appendValue(long tsMillis, double value, int capacity, int period, double residual) {
        if (values.length >= period) {
            double diff = Math.abs(value - values[values.length - period]);
            // The n-th difference: values before this one, less the first season's.
            long n = Math.max(1, count - period + 1);
            double weight = Double.isNaN(ewAbsSeasonalDiff) ? 1 : Math.max(EW_ALPHA, 1.0 / n);
            ewAbsSeasonalDiff =
                    Double.isNaN(ewAbsSeasonalDiff) ? diff : (1 - weight) * ewAbsSeasonalDiff + weight * diff;
        }
        int keep = Math.min(values.length, capacity - 1);
        // A full window moves along in place (see the fields): a new array per observation was a kilobyte of garbage.
        double[] next = values.length == keep + 1 ? values : new double[keep + 1];
        System.arraycopy(values, values.length - keep, next, 0, keep);
        next[keep] = value;
        values = next;
        // A record of format 7 or older kept one residual per value: trimmed here.
        int keepResiduals = Math.min(residuals.length, residualCapacity(capacity, period) - 1);
        float[] nextResiduals = residuals.length == keepResiduals + 1 ? residuals : new float[keepResiduals + 1];
        System.arraycopy(residuals, residuals.length - keepResiduals, nextResiduals, 0, keepResiduals);
        nextResiduals[keepResiduals] = asKept(residual);
        residuals = nextResiduals;
        lastTsMillis = tsMillis;
        count++;
        dropFillsNoLongerKept();
        double delta = value - mean;
        mean += delta / count;
        m2 += delta * (value - mean);
    }

    /**
     * Keeps {@code width} observed features per step from now on, for the feature list {@code
     * layout} identifies. A state kept for another list (or none: state from before covariates)
     * forgets what it kept: its kept steps read as missing rather than as some other feature.
     */
    public void useFeatures(int width, int layout) {
        if (width == featureWidth && layout == featureLayout && features.length == values.length * width) {
            return;
        }
        featureWidth = width;
        featureLayout = layout;
        features = new float[values.length * width];
        Arrays.fill(features, Float.NaN);
    }

    /** Observed features kept per step; 0 without covariates. */
    public int featureWidth() {
        return featureWidth;
    }

    int featureLayout() {
        return featureLayout;
    }

    /** Observed features of the kept values, [step][feature], aligned with {@link #values()}; do not modify. */
    public float[] features() {
        return features;
    }

    void restoreFeatures(int width, int layout, float[] features) {
        this.featureWidth = width;
        this.featureLayout = layout;
        this.features = features;
    }

    /** Observed features of the {@code n} kept values from index {@code from}, [step][feature]; null without covariates. */
    public float[] featuresOf(int from, int n) {
        if (featureWidth == 0) {
            return null;
        }
        return Arrays.copyOfRange(features, from * featureWidth, (from + n) * featureWidth);
    }

    /** Observed features of the most recent {@code n} values, [step][feature]; null without covariates. */
    public float[] lastFeatures(int n) {
        return featuresOf(values.length - n, n);
    }

    /** Moves the kept features on by one step, as {@link #appendValue} moves the values (called before it). */
    private void appendFeatures(float[] stepFeatures, int capacity) {
        if (featureWidth == 0) {
            return;
        }
        int keep = Math.min(values.length, capacity - 1);
        float[] next = new float[(keep + 1) * featureWidth];
        System.arraycopy(features, features.length - keep * featureWidth, next, 0, keep * featureWidth);
        if (stepFeatures != null) {
            System.arraycopy(stepFeatures, 0, next, keep * featureWidth, featureWidth);
        } else {
            Arrays.fill(next, keep * featureWidth, next.length, Float.NaN);
        }
        features = next;
    }

    private void dropFillsNoLongerKept() {
        long oldestKept = count - values.length;
        int gone = 0;
        while (gone < openFills.length && openFills[gone] < oldestKept) {
            gone++;
        }
        if (gone > 0) {
            openFills = Arrays.copyOfRange(openFills, gone, openFills.length);
        }
    }

    /** True when this observation should produce a forecast under {@code stride}; advances the stride counter. */
    public boolean strideDue(int stride) {
        sinceForecast++;
        if (sinceForecast >= stride) {
            sinceForecast = 0;
            return true;
        }
        return false;
    }

    /**
     * The forecasts awaiting actuals that a record of format 3 or older carried, once: the caller
     * moves them to where remembered forecasts now live. Empty for every newer record.
     */
    public List<RememberedForecast> takeLegacyAwaiting() {
        List<RememberedForecast> taken = legacyAwaiting;
        legacyAwaiting = List.of();
        return taken;
    }

    /** Values oldest first; do not modify. */
    public double[] values() {
        return values;
    }

    /**
     * The base's one-step errors at the newest kept values (fewer of them than values: the oldest
     * season has none), aligned with the end of {@link #values()}; do not modify.
     */
    public float[] residuals() {
        return residuals;
    }

    void restoreResiduals(float[] residuals) {
        this.residuals = residuals;
    }

    /**
     * A one-step error as the state keeps it: rounded to bfloat16 (a relative error of at most 2^-8, the
     * float's range), the precision a network input divided by its window's scale needs; it halves
     * what the residuals take in the record written for every observation. Pretraining rounds the
     * residuals it encodes the same way, so a network is trained on the inputs it is served.
     */
    public static float asKept(double residual) {
        return Bfloat16.round((float) residual);
    }

    /** The base's one-step errors at the most recent {@code n} values, oldest first. */
    public float[] lastResiduals(int n) {
        return residualsStepsBack(0, n);
    }

    /**
     * The base's one-step errors at the {@code n} values ending {@code stepsBack} values before the
     * newest, oldest first: the window of the origin {@code stepsBack} steps back.
     */
    public float[] residualsStepsBack(int stepsBack, int n) {
        int end = residuals.length - stepsBack;
        if (end - n < 0) {
            throw new IllegalArgumentException(
                    n + " residuals " + stepsBack + " steps back, " + residuals.length + " kept");
        }
        return Arrays.copyOfRange(residuals, end - n, end);
    }

    /** The most recent {@code n} values, oldest first, or null when fewer are kept. */
    public double[] last(int n) {
        if (values.length < n) {
            return null;
        }
        return Arrays.copyOfRange(values, values.length - n, values.length);
    }

    public double lastValue() {
        return values[values.length - 1];
    }

    public long lastTsMillis() {
        return lastTsMillis;
    }

    /** Observations accepted so far; the index of the newest one is {@code count - 1}. */
    public long count() {
        return count;
    }

    int sinceForecast() {
        return sinceForecast;
    }

    public double mean() {
        return mean;
    }

    public double variance() {
        return count > 1 ? m2 / (count - 1) : 0.0;
    }

    double m2() {
        return m2;
    }

    void restoreSmoothing(Smoothing current, Smoothing lagged, long lastFilledIndex) {
        this.smoothing = current;
        this.lagged = lagged;
        this.lastFilledIndex = lastFilledIndex;
    }

    /**
     * The record timestamp of the newest observation when it was queued as an origin to forecast,
     * else {@link #NOT_QUEUED}. Written with the record, so after a crash a task finds the origins
     * that were waiting for their batch: those whose forecast is not among the remembered ones.
     */
    public long queuedOrigin() {
        return queuedOrigin;
    }

    /** @param recordTs the newest observation's record timestamp if it is an origin, else {@link #NOT_QUEUED} */
    public void queueOrigin(long recordTs) {
        this.queuedOrigin = recordTs;
    }

    double ewAbsSeasonalDiff() {
        return ewAbsSeasonalDiff;
    }

    /**
     * Whether {@link #scale()} is in seasonal units (the running mean absolute seasonal difference,
     * or the base's one-step error where larger): the series has a season and a step of values (and
     * they moved). Before that the scale is the mean
     * absolute step between its values, a size in other units: a temperature moves by a degree an
     * hour where it differs from the same hour yesterday by tenths.
     */
    public boolean hasSeasonalScale() {
        return !Double.isNaN(ewAbsSeasonalDiff) && ewAbsSeasonalDiff > 0;
    }

    /**
     * Whether {@link #scale()} measures the series at all: false while it has one value, or
     * only equal ones, when the scale is a placeholder (a thousandth of the mean) that keeps
     * divisions finite and means nothing.
     */
    public boolean hasScale() {
        return hasSeasonalScale() || meanAbsoluteStep() > 0 || variance() > 0;
    }

    /**
     * The unit a series' forecast errors are measured in, pooled with other series' (interval
     * calibrators, the scaled accuracy, the correction gate, the adaptive base) and multiplied back
     * into its half-widths: a robust size of one step's change. Once the series has a season and a
     * step, the running mean absolute seasonal difference (the MASE denominator), but never less
     * than the mean absolute one-step error of its base over the kept values ({@link
     * #meanAbsoluteBaseError}). Before the first seasonal difference, the mean absolute step
     * between the values (the denominator without a season: naive's error, the forecast that
     * serves then); failing both, the values' standard deviation and finally a placeholder, so it
     * is never zero ({@link #hasSeasonalScale}, {@link #hasScale}). The standard deviation it once
     * fell back to first measures a new series' drift, not its moves: tenths of a degree over a
     * calm night's first hours, degrees by the afternoon, so the night's errors, in tenths, became
     * many units.
     *
     * <p>Why the floor: a series that stops moving (a sensor frozen at its last reading) has
     * seasonal differences of 0, so the running one decays 5% a step toward zero, while the base
     * goes on forecasting the daily swing it learnt and errs by degrees. Divided by the vanishing
     * difference alone those errors grew without bound in the calibrators a task's series share,
     * and with them every series' intervals: two weeks after a sensor froze beside the bundled
     * temperatures, San Francisco's next-day intervals were +-106,853 degrees, the frozen sensor's
     * own covered 45% ({@code TroubledSeriesIntervalsTest}). Where the base errs less than seasonal
     * naive the floor does not bind: on the real data sets measured it moved only hourly
     * temperatures' intervals (MSIS 1.6% lower) and UKgas's (3% higher).
     */
    public double scale() {
        if (hasSeasonalScale()) {
            return Math.max(ewAbsSeasonalDiff, meanAbsoluteBaseError());
        }
        double step = meanAbsoluteStep();
        if (step > 0) {
            return step;
        }
        double sd = Math.sqrt(variance());
        if (sd > 0) {
            return sd;
        }
        return Math.max(1e-9, Math.abs(mean) * 1e-3 + (mean == 0 ? 1 : 0));
    }

    /**
     * The base's mean absolute one-step error over the kept residuals, in the series' units; 0
     * without any. Filled steps (kept as 0) are left out. A residual on the log scale is a relative
     * error, so it counts as that fraction of its value (first order: exact enough for a floor,
     * and no logarithm per residual on a path every observation takes).
     */
    private double meanAbsoluteBaseError() {
        if (smoothing == null) {
            return 0;
        }
        boolean log = smoothing.log();
        int offset = values.length - residuals.length;
        double sum = 0;
        int n = 0;
        for (int i = Math.max(0, -offset); i < residuals.length; i++) {
            float r = residuals[i];
            if (r != 0) {
                sum += Math.abs(r) * (log ? values[offset + i] : 1);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /**
     * The data's resolution: once two consecutive observed readings have been exactly equal, the
     * smallest non-zero move between two such readings the series has made; 0 before (filled-in
     * steps are not readings). Readings come in quanta: a sensor's humidity in steps of 0.03 %RH
     * and its temperature in 0.01 degrees, counts in ones. Where a series sits still, its calibrated
     * interval shrinks below one quantum (+-0.002 %RH around a humidity that can only move by 0.03),
     * and the next reading's smallest possible move scored as an anomaly 17 half-widths out ({@code
     * AnomalyDetector}). A reading repeated exactly is the evidence of quanta: continuous values
     * (a smooth wave forecast closely, a computed mean) almost never repeat, and their smallest move
     * is no quantum but merely the smallest change, which may be far larger than an interval the
     * base has earned. Kept for the series' life, not over the kept values: a sensor still for
     * longer than its window has no move there to measure it by, and is where it matters most. Its
     * first moves overstate it until a one-quantum move comes.
     */
    public double resolution() {
        return readingsRepeat ? smallestMove : 0;
    }

    float smallestMove() {
        return smallestMove;
    }

    boolean readingsRepeat() {
        return readingsRepeat;
    }

    void restoreResolution(float smallestMove, boolean readingsRepeat) {
        this.smallestMove = smallestMove;
        this.readingsRepeat = readingsRepeat;
    }

    /** Notes the move from the newest kept value to {@code value}, the next reading, in {@link #resolution}. */
    private void noteMove(double value) {
        if (values.length == 0 || isOpenFillAt(count - 1)) {
            return;
        }
        float move = (float) Math.abs(value - values[values.length - 1]);
        if (move == 0) {
            readingsRepeat = true;
        } else if (smallestMove == 0 || move < smallestMove) {
            smallestMove = move;
        }
    }

    private boolean isOpenFillAt(long index) {
        return openFills.length > 0 && Arrays.binarySearch(openFills, index) >= 0;
    }

    /** The mean absolute difference of consecutive kept values; 0 with fewer than two. */
    private double meanAbsoluteStep() {
        if (values.length < 2) {
            return 0;
        }
        double sum = 0;
        for (int i = 1; i < values.length; i++) {
            sum += Math.abs(values[i] - values[i - 1]);
        }
        return sum / (values.length - 1);
    }
}
