package io.streamcast.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One series' past as pretraining cuts examples from it: its values, oldest first, with each
 * step's timestamp (epoch millis; what calendar covariates are computed from) and its observed
 * features ([step][feature] in the topology's order, NaN where missing), each null when unknown.
 */
public record History(double[] values, long[] times, float[] features) {
    /** Values alone: no timestamps, no features. */
    public static History of(double[] values) {
        return new History(values, null, null);
    }

    /** Each series' values alone. */
    public static Map<String, History> of(Map<String, double[]> histories) {
        Map<String, History> of = new LinkedHashMap<>();
        histories.forEach((series, values) -> of.put(series, of(values)));
        return of;
    }
}
