package io.streamcast.series;

/**
 * The further quantiles a remembered forecast carried ({@code interval.quantiles}), kept so that
 * each can be scored live as its actuals arrive: {@code values[i][h]} is the quantile of
 * probability {@code probabilities[i]} at 0-based step h (NaN for a step already past, as in the
 * forecast itself), floats like the rest of a remembered forecast.
 */
public record RememberedQuantiles(double[] probabilities, float[][] values) {
    public RememberedQuantiles {
        if (probabilities.length != values.length) {
            throw new IllegalArgumentException(
                    probabilities.length + " probabilities but " + values.length + " quantiles");
        }
    }

    /**
     * The float copy of quantiles as published ({@code values[i][h]}, probabilities ascending) for
     * a forecast whose points are {@code forecast} as floats: each value rounded to a float, except
     * the upper one of a pair around the point (p and 1 - p, as symmetric errors give them), which
     * is the point plus the point's distance to its partner, in floats. That is within float
     * rounding of its own value, and the record of remembered forecasts keeps it as a byte
     * ({@link RecentForecastsSerde}) instead of a float per step.
     */
    public static RememberedQuantiles of(double[] probabilities, double[][] values, float[] forecast) {
        float[][] floats = new float[values.length][];
        for (int i = 0; i < values.length; i++) {
            int partner = partner(probabilities, i);
            floats[i] = new float[values[i].length];
            for (int h = 0; h < values[i].length; h++) {
                floats[i][h] = partner < 0 ? (float) values[i][h] : mirrored(forecast[h], floats[partner][h]);
            }
        }
        return new RememberedQuantiles(probabilities, floats);
    }

    /** The quantile mirroring {@code other} around the point {@code f}: f + (f - other), in floats. */
    static float mirrored(float f, float other) {
        return f + (f - other);
    }

    /** The same in doubles, for the newest forecast as published. */
    static double mirrored(double f, double other) {
        return f + (f - other);
    }

    /** For an upper quantile (p > 0.5), the index of its lower partner 1 - p, or -1. */
    private static int partner(double[] probabilities, int i) {
        if (probabilities[i] <= 0.5) {
            return -1;
        }
        for (int j = 0; j < i; j++) {
            if (Math.abs(probabilities[i] + probabilities[j] - 1) < 1e-12) {
                return j;
            }
        }
        return -1;
    }
}
