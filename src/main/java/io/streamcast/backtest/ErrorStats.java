package io.streamcast.backtest;

/**
 * Accuracy of one method over a set of (origin, h) pairs.
 *
 * @param count    pairs scored
 * @param mae      mean absolute error
 * @param rmse     root mean squared error
 * @param smape    symmetric MAPE in percent, mean of 200|f-y|/(|f|+|y|), a pair with f = y = 0
 *                 counting as 0; ranges 0..200
 * @param mase     mean of |f-y| divided by the series' in-sample seasonal naive MAE; pairs of
 *                 series without a usable scale (too short, or constant before the first origin)
 *                 are left out, NaN when no pair has one
 * @param coverage share of pairs with lower <= y <= upper among those that carry both bounds,
 *                 {@code null} when none does
 * All figures are NaN when {@code count} is 0.
 */
public record ErrorStats(int count, double mae, double rmse, double smape, double mase, Double coverage) {
}
