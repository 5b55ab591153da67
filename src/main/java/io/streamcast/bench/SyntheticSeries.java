package io.streamcast.bench;

import io.streamcast.backtest.SeriesPoint;
import java.time.Instant;
import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * K synthetic hourly series for the bench: a per-series level, a daily season of per-series
 * amplitude and phase, a slow trend and Gaussian noise, all from one seed, so every run replays
 * the same numbers. Values are computed on demand (series {@code k}, step {@code t}): 100,000
 * series x 120 steps would otherwise hold 12 million points in the heap the bench is measuring.
 */
public final class SyntheticSeries {
    /** Hour 0 of every series. */
    public static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private static final long HOUR_MILLIS = 3_600_000L;

    private final int count;
    private final int period;
    private final long seed;
    private final double[] level;
    private final double[] amplitude;
    private final double[] phase;
    private final double[] trend;
    private final double[] noise;

    public SyntheticSeries(int count, int period, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("series must be >= 1, got " + count);
        }
        this.count = count;
        this.period = Math.max(1, period);
        this.seed = seed;
        level = new double[count];
        amplitude = new double[count];
        phase = new double[count];
        trend = new double[count];
        noise = new double[count];
        SplittableRandom r = new SplittableRandom(seed);
        for (int k = 0; k < count; k++) {
            level[k] = 50 + 100 * r.nextDouble();
            amplitude[k] = level[k] * (0.1 + 0.3 * r.nextDouble());
            phase[k] = 2 * Math.PI * r.nextDouble();
            trend[k] = level[k] * 0.001 * (r.nextDouble() - 0.5);
            noise[k] = amplitude[k] * (0.05 + 0.15 * r.nextDouble());
        }
    }

    public int count() {
        return count;
    }

    /** Key of series {@code k}: {@code s000042}. */
    public String key(int k) {
        return String.format("s%06d", k);
    }

    /** Timestamp of step {@code t}. */
    public static Instant ts(int t) {
        return Instant.ofEpochMilli(START.toEpochMilli() + t * HOUR_MILLIS);
    }

    /** Value of series {@code k} at step {@code t}: the same for the same seed, whatever else was asked before. */
    public double value(int k, int t) {
        // Noise from a generator seeded by (seed, k, t): any step can be computed alone.
        long mix = seed * 0x9E3779B97F4A7C15L + k * 0xBF58476D1CE4E5B9L + t * 0x94D049BB133111EBL;
        SplittableRandom r = new SplittableRandom(mix);
        double gaussian = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        double season = amplitude[k] * Math.sin(2 * Math.PI * t / period + phase[k]);
        double v = level[k] + trend[k] * t + season + noise[k] * gaussian;
        // Three decimals, as a sensor would send: keeps the JSON short and the values exact.
        return Math.round(v * 1000) / 1000.0;
    }

    /** The observation of series {@code k} at step {@code t} as the contract's JSON value. */
    public String json(int k, int t) {
        return observationJson(ts(t), value(k, t));
    }

    /** The contract's observation value, as {@code Replayer} writes it. */
    public static String observationJson(Instant ts, double value) {
        return "{\"ts\":\"" + ts + "\",\"value\":" + value + "}";
    }

    /** Steps {@code 0 .. steps-1} of every series, computed when read (for the replayer and the pretrainer). */
    public Map<String, List<SeriesPoint>> points(int steps) {
        Map<String, List<SeriesPoint>> all = new LinkedHashMap<>();
        for (int k = 0; k < count; k++) {
            int series = k;
            all.put(key(k), new AbstractList<>() {
                @Override
                public SeriesPoint get(int t) {
                    if (t < 0 || t >= steps) {
                        throw new IndexOutOfBoundsException(t);
                    }
                    return new SeriesPoint(ts(t), value(series, t));
                }

                @Override
                public int size() {
                    return steps;
                }
            });
        }
        return all;
    }

    /** Steps {@code 0 .. steps-1} of every series as plain values (for pretraining). */
    public Map<String, double[]> histories(int steps) {
        Map<String, double[]> all = new LinkedHashMap<>();
        for (int k = 0; k < count; k++) {
            double[] v = new double[steps];
            for (int t = 0; t < steps; t++) {
                v[t] = value(k, t);
            }
            all.put(key(k), v);
        }
        return all;
    }
}
