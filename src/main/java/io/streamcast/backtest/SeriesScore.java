package io.streamcast.backtest;

/**
 * Per-series outcome of a backtest, overall across horizons.
 *
 * @param points            observations in the series
 * @param origins           scorable forecast origins (origins with at least one later point)
 * @param scale             in-sample seasonal naive MAE that MASE divides by; NaN when the series
 *                          has no full period before its first origin, 0 when it is constant there
 * @param missingForecasts  scorable (origin, h) pairs for which the model emitted no forecast
 */
public record SeriesScore(String series, int points, int origins, double scale, int missingForecasts,
                          ErrorStats model, ErrorStats naive, ErrorStats seasonalNaive) {

    /** True when MASE can be computed for this series. */
    public boolean hasScale() {
        return Double.isFinite(scale) && scale > 0;
    }
}
