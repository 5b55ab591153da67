package io.streamcast.emit;

import java.time.Instant;
import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.RandomAccess;

/**
 * A forecast's points as it was published, read from its arrays: per step the value, the
 * interval's half-width (the bounds are value -/+ half-width, inside the topology's {@link ValueRange})
 * and the further quantiles' values.
 * It is a list of {@link ForecastPoint} to whoever reads it, but {@link ForecastJson} writes the
 * message straight from the arrays: building H points with two boxed bounds and a timestamp each
 * for every forecast, only for the writer to read them once, was 5% of the bytes the stream thread
 * allocated in the performance issue's drain. A point is built when one is asked for (REST's
 * callers, tests), the same as the writer writes.
 */
public final class PublishedForecastPoints extends AbstractList<ForecastPoint> implements RandomAccess {
    private final Instant origin;
    private final Step step;
    private final double[] values;
    private final double[] halfWidths;
    /** The quantiles' keys ({@link ForecastPoint#key}), ascending; empty when the topology asks for none. */
    private final String[] quantileKeys;
    /** {@code quantileValues[i][h]}: the quantile keyed {@code quantileKeys[i]} at step h + 1. */
    private final double[][] quantileValues;

    /** The range the bounds are clamped into; the values and quantiles come clamped already. */
    private final ValueRange range;
    /**
     * The targets' timestamps for a step with sessions, walked once at construction (final: the
     * points may be read on other threads); null for every other step, whose targets are arithmetic.
     */
    private final Instant[] targets;

    /**
     * The arrays are the caller's and must not change after: the forecast is published as they
     * are, its bounds value -/+ half-width clamped into {@code range} ({@link ValueRange}), where
     * the values and quantiles already are.
     */
    public PublishedForecastPoints(
            Instant origin,
            Step step,
            double[] values,
            double[] halfWidths,
            String[] quantileKeys,
            double[][] quantileValues,
            ValueRange range) {
        if (values.length != halfWidths.length || quantileKeys.length != quantileValues.length) {
            throw new IllegalArgumentException("one value and half-width per step, one row per quantile");
        }
        this.origin = origin;
        this.step = step;
        this.values = values;
        this.halfWidths = halfWidths;
        this.quantileKeys = quantileKeys;
        this.quantileValues = quantileValues;
        this.range = range;
        this.targets = step.walks() ? step.targets(origin, values.length) : null;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public ForecastPoint get(int i) {
        return new ForecastPoint(i + 1, timestamp(i), values[i], lower(i), upper(i), quantiles(i));
    }

    /** Step {@code i + 1}'s target timestamp. */
    Instant timestamp(int i) {
        // Trading hours: the targets walked once, not from the origin per point.
        return targets != null ? targets[i] : step.after(origin, i + 1);
    }

    double value(int i) {
        return values[i];
    }

    double lower(int i) {
        return range.clamp(values[i] - halfWidths[i]);
    }

    double upper(int i) {
        return range.clamp(values[i] + halfWidths[i]);
    }

    int quantileCount() {
        return quantileKeys.length;
    }

    String quantileKey(int q) {
        return quantileKeys[q];
    }

    double quantile(int q, int i) {
        return quantileValues[q][i];
    }

    private Map<String, Double> quantiles(int i) {
        if (quantileKeys.length == 0) {
            return null;
        }
        Map<String, Double> quantiles = new LinkedHashMap<>(quantileKeys.length * 2);
        for (int q = 0; q < quantileKeys.length; q++) {
            quantiles.put(quantileKeys[q], quantileValues[q][i]);
        }
        return quantiles;
    }
}
