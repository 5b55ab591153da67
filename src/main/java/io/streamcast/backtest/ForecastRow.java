package io.streamcast.backtest;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One forecast point as written to the backtest output CSV: the forecast made at {@code origin}
 * for {@code h} steps ahead, whose target time is {@code ts}.
 *
 * @param lower lower interval bound, or {@code null} when the forecaster gives no interval
 * @param upper upper interval bound, or {@code null} when the forecaster gives no interval
 * @param quantiles the point's further quantiles by probability ({@code interval.quantiles}), or
 *                  {@code null}: scored, not written to the CSV (its columns are the contract's)
 */
public record ForecastRow(
        String series,
        Instant origin,
        int h,
        Instant ts,
        double forecast,
        Double lower,
        Double upper,
        Map<String, Double> quantiles) {
    public ForecastRow {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(ts, "ts");
        if (h < 1) {
            throw new IllegalArgumentException("h must be >= 1, was " + h);
        }
    }

    public ForecastRow(String series, Instant origin, int h, Instant ts, double forecast, Double lower, Double upper) {
        this(series, origin, h, ts, forecast, lower, upper, null);
    }

    /** True when both interval bounds are present. */
    public boolean hasInterval() {
        return lower != null && upper != null;
    }
}
