package io.streamcast.backtest;

/**
 * Accuracy of one method over a set of (origin, h) pairs: one series ({@link SeriesScore}), or a
 * whole data set at one horizon or overall ({@link MethodScore}).
 *
 * <p>In a data set's figures, {@code count}, {@code mae}, {@code rmse}, {@code smape} and
 * {@code coverage} are pooled over all the pairs of all series, while {@code mase} is the mean of
 * the per-series MASEs, as the accuracy protocol in {@code data/README.md} reports it: pooling
 * scaled errors would weight a series by its number of pairs, so long series would outvote short
 * ones.
 *
 * @param count    pairs scored
 * @param mae      mean absolute error
 * @param rmse     root mean squared error
 * @param smape    symmetric MAPE in percent, mean of 200|f-y|/(|f|+|y|), a pair with f = y = 0
 *                 counting as 0; ranges 0..200
 * @param mase     of one series: its MAE divided by its in-sample seasonal naive MAE, NaN when the
 *                 series has no usable scale (too short, or constant before the first origin);
 *                 of a data set: the mean of that MASE over the series that have a usable scale
 *                 and at least one scored pair here, NaN when none has
 * @param coverage share of pairs with lower <= y <= upper among those that carry both bounds,
 *                 {@code null} when none does
 * @param intervalWidth mean width upper - lower of those pairs' intervals, scaled as MASE scales
 *                 errors (and, like MASE, a data set's figure is the mean over its series);
 *                 {@code null} without intervals
 * @param intervalMiss  mean distance by which the actual fell outside the interval (0 inside),
 *                 scaled and averaged alike; {@code null} without intervals
 * All figures are NaN when {@code count} is 0.
 */
public record ErrorStats(
        int count,
        double mae,
        double rmse,
        double smape,
        double mase,
        Double coverage,
        Double intervalWidth,
        Double intervalMiss) {

    /** Without interval widths and misses: a method that gives no intervals, or a pooled figure. */
    public ErrorStats(int count, double mae, double rmse, double smape, double mase, Double coverage) {
        this(count, mae, rmse, smape, mase, coverage, null, null);
    }

    /** The same figures with the data-set means of the scaled ones replacing the pooled ones. */
    ErrorStats withScaled(double otherMase, Double otherWidth, Double otherMiss) {
        return new ErrorStats(count, mae, rmse, smape, otherMase, coverage, otherWidth, otherMiss);
    }

    /**
     * The mean scaled interval score (MSIS, as the M4 competition scores intervals) of intervals
     * meant to cover {@code level} of actuals: width + 2 / (1 - level) x miss. Coverage alone
     * rewards intervals for being wide; the score charges both the width and every miss, so
     * lower is better, and a narrower interval that still covers wins. {@code null} without
     * intervals.
     */
    public Double msis(double level) {
        if (intervalWidth == null || intervalMiss == null) {
            return null;
        }
        return intervalWidth + 2 / (1 - level) * intervalMiss;
    }
}
