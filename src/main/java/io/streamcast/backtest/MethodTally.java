package io.streamcast.backtest;

import java.util.ArrayList;
import java.util.List;

/**
 * One method's figures over a data set, built series by series. The pairs of the series being
 * scored go to accumulators of their own; {@link #endSeries} pools them with the earlier series'
 * pairs (for MAE, RMSE, sMAPE and coverage) and adds the series' MASE and scaled interval width
 * and miss, per horizon and overall, to the means the data set reports.
 */
final class MethodTally {
    private final int horizon;
    // Index h - 1 holds horizon h, index horizon holds all horizons together.
    private final ErrorAccumulator[] pooled;
    private final double[] maseSum;
    private final int[] maseSeries;
    private final double[] widthSum;
    private final double[] missSum;
    private final int[] intervalSeries;
    private ErrorAccumulator[] current;

    MethodTally(int horizon) {
        this.horizon = horizon;
        pooled = accumulators(horizon);
        maseSum = new double[horizon + 1];
        maseSeries = new int[horizon + 1];
        widthSum = new double[horizon + 1];
        missSum = new double[horizon + 1];
        intervalSeries = new int[horizon + 1];
        current = accumulators(horizon);
    }

    /** Adds one scored pair of the current series at horizon {@code h} (1-based). */
    void add(int h, double forecast, double actual, double scale, Double lower, Double upper) {
        current[h - 1].add(forecast, actual, scale, lower, upper);
        current[horizon].add(forecast, actual, scale, lower, upper);
    }

    /**
     * Closes the current series and returns its figures over all horizons. A series enters a MASE
     * mean only where it has a MASE: a usable scale and at least one scored pair.
     */
    ErrorStats endSeries() {
        for (int i = 0; i <= horizon; i++) {
            pooled[i].addAll(current[i]);
            ErrorStats stats = current[i].stats();
            if (Double.isFinite(stats.mase())) {
                maseSum[i] += stats.mase();
                maseSeries[i]++;
            }
            if (stats.intervalWidth() != null) {
                widthSum[i] += stats.intervalWidth();
                missSum[i] += stats.intervalMiss();
                intervalSeries[i]++;
            }
        }
        ErrorStats series = current[horizon].stats();
        current = accumulators(horizon);
        return series;
    }

    MethodScore score(String method) {
        List<ErrorStats> byHorizon = new ArrayList<>(horizon);
        for (int i = 0; i < horizon; i++) {
            byHorizon.add(dataSet(i));
        }
        return new MethodScore(method, byHorizon, dataSet(horizon));
    }

    private ErrorStats dataSet(int i) {
        boolean intervals = intervalSeries[i] > 0;
        return pooled[i]
                .stats()
                .withScaled(
                        maseSeries[i] == 0 ? Double.NaN : maseSum[i] / maseSeries[i],
                        intervals ? widthSum[i] / intervalSeries[i] : null,
                        intervals ? missSum[i] / intervalSeries[i] : null);
    }

    private static ErrorAccumulator[] accumulators(int horizon) {
        ErrorAccumulator[] accumulators = new ErrorAccumulator[horizon + 1];
        for (int i = 0; i <= horizon; i++) {
            accumulators[i] = new ErrorAccumulator();
        }
        return accumulators;
    }
}
