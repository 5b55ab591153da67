package io.streamcast.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One series' past as pretraining cuts examples from it: its values, oldest first, one per step
 * of the topology's grid, with each step's timestamp (epoch millis; what calendar covariates are
 * computed from), its observed features ([step][feature] in the topology's order, NaN where
 * missing) and which steps were filled in because nothing was observed there (no example contains
 * one, as online); each null when unknown or none.
 */
public record History(double[] values, long[] times, float[] features, boolean[] filled) {
    public History(double[] values, long[] times, float[] features) {
        this(values, times, features, null);
    }

    /** Values alone: no timestamps, no features. */
    public static History of(double[] values) {
        return new History(values, null, null);
    }

    /** Whether step {@code t} was filled in. */
    public boolean filled(int t) {
        return filled != null && filled[t];
    }

    /** Whether any of the steps {@code [from, to)} was filled in. */
    public boolean anyFilled(int from, int to) {
        if (filled == null) {
            return false;
        }
        for (int i = Math.max(0, from); i < to; i++) {
            if (filled[i]) {
                return true;
            }
        }
        return false;
    }

    /** Each series' values alone. */
    public static Map<String, History> of(Map<String, double[]> histories) {
        Map<String, History> of = new LinkedHashMap<>();
        histories.forEach((series, values) -> of.put(series, of(values)));
        return of;
    }
}
