package io.streamcast.backtest;

/**
 * Per-series outcome of a backtest, overall across horizons; every figure, MASE included, is
 * over this series' scored pairs. A data set's MASE is the mean of these series' MASEs.
 *
 * @param points            observations in the series
 * @param origins           scored forecast origins: origins with at least one later point,
 *                          subsampled to {@value HoldoutProtocol#MAX_SCORED_ORIGINS} when there
 *                          are more
 * @param scale             in-sample seasonal naive MAE that MASE divides by; NaN when the series
 *                          has no full period before its first origin, 0 when it is constant there
 * @param missingForecasts  scored (origin, h) pairs for which the model emitted no forecast
 * @param base              the base method's figures, {@code null} when no base method was given
 */
public record SeriesScore(
        String series,
        int points,
        int origins,
        double scale,
        int missingForecasts,
        ErrorStats model,
        ErrorStats naive,
        ErrorStats seasonalNaive,
        ErrorStats base) {

    /** True when MASE can be computed for this series. */
    public boolean hasScale() {
        return Double.isFinite(scale) && scale > 0;
    }
}
