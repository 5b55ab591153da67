package io.streamcast.series;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The readings of a series' newest step so far, where a topology aggregates readings faster than
 * its step ({@link Aggregation}): enough to give the step's value by any aggregation (count, sum,
 * minimum, maximum, and the values of the earliest and latest reading by timestamp) and the mean
 * of each feature the readings carried. Also when the step before it was closed, so a straggler of
 * that step is recognised for what it is. Mutable: one per series, rewritten with each reading.
 *
 * <p>For a cumulative counter ({@link Aggregation#INCREASE}: an energy meter's kWh total) it keeps
 * the counter's rise over the step: between its readings, each newer than the newest so far, and
 * of the intervals that cross its edges, from the series' newest reading before the step to its
 * first and from its last to the reading that closes it, the share that lies within the step (the
 * counter taken to rise evenly between two readings). So readings at :00, :15, :30 and :45 give an
 * hour exactly what the counter rose from its start to its end, and over hours without a reading
 * the rise is shared out by time. A reading lower than the one before is a counter that restarted
 * from zero (a meter replaced, a process restarted): its whole value is the rise, as Prometheus'
 * {@code increase()} takes it. A reading older than the step's newest so far says nothing new
 * about a counter and is left out.
 */
public final class OpenStep {
    /** {@link #closedStartMillis} before any step of the series was closed. */
    public static final long NONE_CLOSED = Long.MIN_VALUE;

    private final long startMillis;
    private final long closedStartMillis;
    private int count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long firstTsMillis = Long.MAX_VALUE;
    private double first;
    private long lastTsMillis = Long.MIN_VALUE;
    private double last;
    /** The series' newest reading before this step, for a counter's rise; NaN for a series' first step. */
    private final double baseline;
    /** When it was read. */
    private final long baselineTsMillis;
    /** A counter's rise in this step so far, from its share of the interval before its first reading on. */
    private double increase;
    /**
     * From when this step counts a counter's rise since its baseline: its start, or, after a step
     * closed by time ({@link #afterClosedByTime}), that step's last reading, whose rise to the
     * series' next reading the closed step could not count.
     */
    private long countFromMillis;
    /** Per feature name, its sum and how many readings carried it. */
    private final Map<String, double[]> features;

    /** A series' first step, starting at {@code startMillis}, with no reading yet. */
    public OpenStep(long startMillis) {
        this(startMillis, NONE_CLOSED, Double.NaN, Long.MIN_VALUE, new TreeMap<>());
    }

    /**
     * The step starting at {@code startMillis} after {@code closed}, a step with readings closed by
     * time ({@code closeAfter}) before the series' next reading came: its rise ended at its last
     * reading, so this step counts the rise from there, the part in the closed step included. A
     * counter's total is conserved; the closed step's tail is counted a step late.
     */
    public static OpenStep afterClosedByTime(long startMillis, OpenStep closed) {
        OpenStep next = new OpenStep(startMillis, closed);
        next.countFromMillis = Math.min(startMillis, next.baselineTsMillis);
        return next;
    }

    /**
     * The step starting at {@code startMillis} after {@code closed}, the series' step just closed
     * (a step without readings, closed by time, passes on the counter's baseline it had).
     */
    public OpenStep(long startMillis, OpenStep closed) {
        this(
                startMillis,
                closed.startMillis,
                closed.count == 0 ? closed.baseline : closed.last,
                closed.count == 0 ? closed.baselineTsMillis : closed.lastTsMillis,
                new TreeMap<>());
    }

    private OpenStep(
            long startMillis,
            long closedStartMillis,
            double baseline,
            long baselineTsMillis,
            Map<String, double[]> features) {
        this.startMillis = startMillis;
        this.closedStartMillis = closedStartMillis;
        this.baseline = baseline;
        this.baselineTsMillis = baselineTsMillis;
        this.features = features;
        this.countFromMillis = startMillis;
    }

    /** Adds a reading stamped {@code tsMillis}; a reading at the same time as the earliest or latest so far: the first to arrive is first, the last last. */
    public void add(long tsMillis, double value, Map<String, Double> readingFeatures) {
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        if (tsMillis < firstTsMillis) {
            firstTsMillis = tsMillis;
            first = value;
        }
        if (lastTsMillis == Long.MIN_VALUE) {
            if (!Double.isNaN(baseline)) {
                increase += rise(baseline, value) * share(countFromMillis, tsMillis, baselineTsMillis, tsMillis);
            }
        } else if (tsMillis > lastTsMillis) {
            increase += rise(last, value);
        }
        if (tsMillis >= lastTsMillis) {
            lastTsMillis = tsMillis;
            last = value;
        }
        readingFeatures.forEach((name, v) -> {
            double[] acc = features.computeIfAbsent(name, n -> new double[2]);
            acc[0] += v;
            acc[1]++;
        });
    }

    /**
     * A counter's rise over the step, closed by the series' reading {@code nextValue} at {@code
     * nextTsMillis}, the first of a later step; the step ends at {@code endMillis}.
     */
    public double increaseUntil(long endMillis, long nextTsMillis, double nextValue) {
        return increase + rise(last, nextValue) * share(lastTsMillis, endMillis, lastTsMillis, nextTsMillis);
    }

    /**
     * The step's value by {@code aggregation}, closed by the series' reading {@code nextValue} at
     * {@code nextTsMillis}, the first of a later step (a counter's rise reaches to the step's end,
     * {@code endMillis}); the step has a reading.
     */
    public double valueClosedBy(Aggregation aggregation, long endMillis, long nextTsMillis, double nextValue) {
        return aggregation == Aggregation.INCREASE
                ? increaseUntil(endMillis, nextTsMillis, nextValue)
                : value(aggregation);
    }

    /**
     * The share of a counter's rise that falls in a later step {@code [fromMillis, toMillis)} which
     * had no reading, the series' next reading {@code nextValue} at {@code nextTsMillis}: the rise
     * from this step's last reading (or, for a step without readings, the baseline it carries) to
     * that one, shared out by time. Three hours between readings at 01:45 and 05:15 each take 2/7 of
     * the rise. NaN where the series has no reading before.
     */
    public double riseShareOf(long fromMillis, long toMillis, long nextTsMillis, double nextValue) {
        double before = count > 0 ? last : baseline;
        long beforeTs = count > 0 ? lastTsMillis : baselineTsMillis;
        if (Double.isNaN(before)) {
            return Double.NaN;
        }
        // The first step after one closed by time takes the closed step's uncounted tail too.
        long from = count == 0 && fromMillis == startMillis ? countFromMillis : fromMillis;
        return rise(before, nextValue) * share(from, toMillis, beforeTs, nextTsMillis);
    }

    /**
     * {@link #riseShareOf} for each of the {@code steps - 1} steps without readings after the
     * series' newest step sent, starting at {@code sent} ({@code stepAfter} gives the start of the
     * step after a step), keyed by the step's start in order: what the stream sends and a file's
     * steps hold for them. Empty where the series has no reading before them.
     */
    public Map<Instant, Double> riseSharesAfter(
            Instant sent, int steps, UnaryOperator<Instant> stepAfter, long nextTsMillis, double nextValue) {
        Map<Instant, Double> shares = new LinkedHashMap<>();
        Instant from = sent;
        for (int k = 1; k < steps; k++) {
            from = stepAfter.apply(from);
            double share =
                    riseShareOf(from.toEpochMilli(), stepAfter.apply(from).toEpochMilli(), nextTsMillis, nextValue);
            if (Double.isNaN(share)) {
                return Map.of();
            }
            shares.put(from, share);
        }
        return shares;
    }

    /** What a counter rose from {@code before} to {@code after}: all of {@code after} where it restarted from zero. */
    private static double rise(double before, double after) {
        return after >= before ? after - before : after;
    }

    /** The share of the interval {@code [from, to]} that lies within {@code [stepFrom, stepTo]}. */
    private static double share(long stepFrom, long stepTo, long from, long to) {
        if (to <= from) {
            return 0;
        }
        long within = Math.min(stepTo, to) - Math.max(stepFrom, from);
        return Math.max(0, (double) within / (to - from));
    }

    /** The step's value by {@code aggregation} (for {@link Aggregation#INCREASE}: {@link #increaseUntil}); the step has a reading. */
    public double value(Aggregation aggregation) {
        return switch (aggregation) {
            case MEAN -> sum / count;
            case SUM -> sum;
            case MIN -> min;
            case MAX -> max;
            case FIRST -> first;
            case LAST -> last;
            case COUNT -> count;
            case INCREASE ->
                throw new IllegalArgumentException("a counter's rise needs the reading that closes its step");
        };
    }

    /** Each feature's mean over the readings that carried it. */
    public Map<String, Double> featureMeans() {
        Map<String, Double> means = new TreeMap<>();
        features.forEach((name, acc) -> means.put(name, acc[0] / acc[1]));
        return means;
    }

    public long startMillis() {
        return startMillis;
    }

    public long closedStartMillis() {
        return closedStartMillis;
    }

    public int count() {
        return count;
    }

    /** The newest reading's timestamp in the step. */
    public long lastTsMillis() {
        return lastTsMillis;
    }

    // For the serde: the accumulators as stored.
    double sum() {
        return sum;
    }

    double min() {
        return min;
    }

    double max() {
        return max;
    }

    long firstTsMillis() {
        return firstTsMillis;
    }

    double first() {
        return first;
    }

    double last() {
        return last;
    }

    double baseline() {
        return baseline;
    }

    /** When the series' newest reading before this step was read (Long.MIN_VALUE: a series' first step). */
    public long baselineTsMillis() {
        return baselineTsMillis;
    }

    double increase() {
        return increase;
    }

    long countFromMillis() {
        return countFromMillis;
    }

    Map<String, double[]> featureSums() {
        return features;
    }

    /** An open step as stored. */
    static OpenStep restored(
            long startMillis,
            long closedStartMillis,
            int count,
            double sum,
            double min,
            double max,
            long firstTsMillis,
            double first,
            long lastTsMillis,
            double last,
            double baseline,
            long baselineTsMillis,
            double increase,
            long countFromMillis,
            Map<String, double[]> features) {
        OpenStep step = new OpenStep(startMillis, closedStartMillis, baseline, baselineTsMillis, features);
        step.countFromMillis = countFromMillis;
        step.count = count;
        step.sum = sum;
        step.min = min;
        step.max = max;
        step.firstTsMillis = firstTsMillis;
        step.first = first;
        step.lastTsMillis = lastTsMillis;
        step.last = last;
        step.increase = increase;
        return step;
    }
}
