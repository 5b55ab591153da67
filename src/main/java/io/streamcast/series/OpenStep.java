package io.streamcast.series;

import java.util.Map;
import java.util.TreeMap;

/**
 * The readings of a series' newest step so far, where a topology aggregates readings faster than
 * its step ({@link Aggregation}): enough to give the step's value by any aggregation (count, sum,
 * minimum, maximum, and the values of the earliest and latest reading by timestamp) and the mean
 * of each feature the readings carried. Also when the step before it was closed, so a straggler of
 * that step is recognised for what it is. Mutable: one per series, rewritten with each reading.
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
    /** Per feature name, its sum and how many readings carried it. */
    private final Map<String, double[]> features;

    /** A step starting at {@code startMillis} with no reading yet; the series' previous closed step started at {@code closedStartMillis}. */
    public OpenStep(long startMillis, long closedStartMillis) {
        this(startMillis, closedStartMillis, new TreeMap<>());
    }

    private OpenStep(long startMillis, long closedStartMillis, Map<String, double[]> features) {
        this.startMillis = startMillis;
        this.closedStartMillis = closedStartMillis;
        this.features = features;
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

    /** The step's value by {@code aggregation}; the step has a reading. */
    public double value(Aggregation aggregation) {
        return switch (aggregation) {
            case MEAN -> sum / count;
            case SUM -> sum;
            case MIN -> min;
            case MAX -> max;
            case FIRST -> first;
            case LAST -> last;
            case COUNT -> count;
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
            Map<String, double[]> features) {
        OpenStep step = new OpenStep(startMillis, closedStartMillis, features);
        step.count = count;
        step.sum = sum;
        step.min = min;
        step.max = max;
        step.firstTsMillis = firstTsMillis;
        step.first = first;
        step.lastTsMillis = lastTsMillis;
        step.last = last;
        return step;
    }
}
