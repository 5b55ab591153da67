package io.streamcast.model;

/**
 * The stated fallback for a series with less history than the network needs: seasonal naive
 * (the value one season ago) once a full season is known, naive (the last value) before that.
 */
public final class SeasonalNaive {
    public static final String SEASONAL = "seasonal-naive";
    public static final String NAIVE = "naive";

    private SeasonalNaive() {}

    /** Name of the fallback that {@link #forecast} uses for a history of this length. */
    /** Whether {@code model} names one of these fallbacks (forecasts made before the series had the base's history). */
    public static boolean isFallback(String model) {
        return SEASONAL.equals(model) || NAIVE.equals(model);
    }

    public static String nameFor(int historyLength, int period) {
        return period > 1 && historyLength >= period ? SEASONAL : NAIVE;
    }

    public static double[] forecast(double[] history, int period, int horizon) {
        int n = history.length;
        double[] f = new double[horizon];
        boolean seasonal = period > 1 && n >= period;
        for (int h = 1; h <= horizon; h++) {
            f[h - 1] = seasonal ? history[n - 1 + h - period * ((h + period - 1) / period)] : history[n - 1];
        }
        return f;
    }
}
