package io.streamcast.backtest;

import java.util.List;

/**
 * Accuracy of one forecasting method in a backtest, over all series: MAE, RMSE, sMAPE and
 * coverage pooled over the pairs, MASE the mean of the per-series MASEs (see {@link ErrorStats}).
 *
 * @param method     {@code model}, {@code naive}, {@code seasonal naive} or {@code base}
 * @param byHorizon  one entry per horizon, index 0 is h = 1; its MASE averages the series' MASEs
 *                   at that horizon
 * @param overall    all horizons together; its MASE averages the series' overall MASEs
 */
public record MethodScore(String method, List<ErrorStats> byHorizon, ErrorStats overall) {
    public MethodScore {
        byHorizon = List.copyOf(byHorizon);
    }

    /** The figures for horizon {@code h} (1-based). */
    public ErrorStats atHorizon(int h) {
        return byHorizon.get(h - 1);
    }
}
