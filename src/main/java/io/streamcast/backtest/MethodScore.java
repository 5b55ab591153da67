package io.streamcast.backtest;

import java.util.List;

/**
 * Accuracy of one forecasting method in a backtest.
 *
 * @param method     {@code model}, {@code naive} or {@code seasonal naive}
 * @param byHorizon  one entry per horizon, index 0 is h = 1
 * @param overall    all pairs of all horizons and series together
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
