package io.streamcast.backtest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Scores a backtest's forecasts against the actuals by rolling origin, next to the naive and
 * seasonal naive baselines computed on the same (origin, h) pairs, and optionally next to the
 * forecasts of a "base" method (e.g. the model before online learning) on those pairs too.
 *
 * <p>Per series of n points the origins are {@link HoldoutProtocol#scoredOrigins}: the 0-based
 * indices {@link HoldoutProtocol#firstOriginIndex} .. n-2, evenly subsampled to
 * {@value HoldoutProtocol#MAX_SCORED_ORIGINS} on long series; at origin t, horizons h = 1..H with
 * t + h <= n-1 are scored against y[t+h]. The baselines at origin t are naive y[t] and seasonal
 * naive y[t + h - period * ceil(h / period)] (the same month last year; with period 1 it is
 * naive). When an origin has less than one period of history, seasonal naive falls back to naive.
 *
 * <p>MASE divides each absolute error by the series' in-sample seasonal naive MAE, mean
 * |y[i] - y[i-period]| over i = period .. first origin. A data set's MASE is the mean of its
 * series' MASEs (see {@link ErrorStats}); the other figures are pooled over pairs. A model
 * forecast is looked up by (series, origin = ts[t], h); a scored pair without one is counted as
 * missing, never skipped silently: the product promises a forecast for every origin. Forecast rows
 * outside the scored pairs (warm-up origins, origins the subsampling skips, horizons past the end
 * of the data) are ignored.
 */
public final class Scorer {
    private Scorer() {}

    /** As {@link #score(Map, List, List, int, int, double)} without a base method. */
    public static BacktestScore score(
            Map<String, List<SeriesPoint>> actuals,
            List<ForecastRow> forecasts,
            int period,
            int horizon,
            double holdout) {
        return score(actuals, forecasts, null, period, horizon, holdout);
    }

    /**
     * @param actuals       every series with its points sorted by ts, as {@link SeriesCsv#read} gives them
     * @param forecasts     every forecast point the model emitted, in any order
     * @param baseForecasts forecast points of the base method to report next to the model, looked
     *                      up on the same pairs; {@code null} when there is none. Its missing or
     *                      non-finite forecasts are left out without a count of their own: they
     *                      show as its pair count falling short of the scorable pairs
     * @param period        seasonal period in steps (1 = none)
     * @param horizon       H, the largest horizon scored
     * @param holdout       fraction of each series used as forecast origins (at least 24 origins)
     */
    public static BacktestScore score(
            Map<String, List<SeriesPoint>> actuals,
            List<ForecastRow> forecasts,
            List<ForecastRow> baseForecasts,
            int period,
            int horizon,
            double holdout) {
        if (period < 1) {
            throw new IllegalArgumentException("period must be >= 1, was " + period);
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, was " + horizon);
        }
        HoldoutProtocol.originCount(0, holdout); // validates holdout even when there are no series
        ForecastIndex index = new ForecastIndex(forecasts);
        ForecastIndex baseIndex = baseForecasts == null ? null : new ForecastIndex(baseForecasts);
        Tally tally = new Tally(horizon, baseIndex != null);
        List<SeriesScore> perSeries = new ArrayList<>();
        actuals.forEach((series, points) ->
                perSeries.add(scoreSeries(series, points, index, baseIndex, period, horizon, holdout, tally)));
        return new BacktestScore(
                        period,
                        horizon,
                        holdout,
                        tally.scorablePairs,
                        tally.missing,
                        tally.nonFinite,
                        index.duplicates,
                        tally.tsMismatches,
                        tally.model.score("model"),
                        tally.naive.score("naive"),
                        tally.seasonalNaive.score("seasonal naive"),
                        tally.base == null ? null : tally.base.score("base"),
                        perSeries)
                .withQuantiles(tally.quantiles.scores());
    }

    private static SeriesScore scoreSeries(
            String series,
            List<SeriesPoint> points,
            ForecastIndex index,
            ForecastIndex baseIndex,
            int period,
            int horizon,
            double holdout,
            Tally tally) {
        int n = points.size();
        double[] y = points.stream().mapToDouble(SeriesPoint::value).toArray();
        int[] origins = HoldoutProtocol.scoredOrigins(n, holdout);
        double scale = inSampleScale(y, period, HoldoutProtocol.firstOriginIndex(n, holdout));
        int missingBefore = tally.missing;
        for (int t : origins) {
            Instant origin = points.get(t).ts();
            for (int h = 1; h <= horizon && t + h <= n - 1; h++) {
                double actual = y[t + h];
                tally.scorablePairs++;
                tally.naive.add(h, y[t], actual, scale, null, null);
                tally.seasonalNaive.add(h, seasonalNaive(y, t, h, period), actual, scale, null, null);
                ForecastRow row = index.find(series, origin, h);
                if (row == null) {
                    tally.missing++;
                } else if (!Double.isFinite(row.forecast())) {
                    tally.nonFinite++;
                } else {
                    if (!row.ts().equals(points.get(t + h).ts())) {
                        tally.tsMismatches++;
                    }
                    tally.model.add(h, row.forecast(), actual, scale, row.lower(), row.upper());
                    tally.quantiles.add(h, row.quantiles(), actual, scale);
                }
                if (baseIndex != null) {
                    ForecastRow base = baseIndex.find(series, origin, h);
                    if (base != null && Double.isFinite(base.forecast())) {
                        tally.base.add(h, base.forecast(), actual, scale, base.lower(), base.upper());
                    }
                }
            }
        }
        tally.quantiles.endSeries();
        return new SeriesScore(
                series,
                n,
                origins.length,
                scale,
                tally.missing - missingBefore,
                tally.model.endSeries(),
                tally.naive.endSeries(),
                tally.seasonalNaive.endSeries(),
                tally.base == null ? null : tally.base.endSeries());
    }

    /** y[t + h - period * ceil(h / period)]: the last observed value at the same phase of the season. */
    static double seasonalNaive(double[] y, int t, int h, int period) {
        int seasonsBack = (h + period - 1) / period;
        int i = t + h - period * seasonsBack;
        return i >= 0 ? y[i] : y[t];
    }

    /** Mean |y[i] - y[i-period]| over i = period .. first (inclusive); NaN when that range is empty. */
    static double inSampleScale(double[] y, int period, int first) {
        int end = Math.min(first, y.length - 1);
        if (end < period) {
            return Double.NaN;
        }
        return IntStream.rangeClosed(period, end)
                .mapToDouble(i -> Math.abs(y[i] - y[i - period]))
                .average()
                .orElseThrow();
    }

    /** Forecast rows by (series, origin, h); duplicates are counted and the first row kept. */
    private static final class ForecastIndex {
        private record Key(String series, Instant origin, int h) {}

        private final Map<Key, ForecastRow> rows = new HashMap<>();
        private int duplicates;

        ForecastIndex(List<ForecastRow> forecasts) {
            for (ForecastRow row : forecasts) {
                if (rows.putIfAbsent(new Key(row.series(), row.origin(), row.h()), row) != null) {
                    duplicates++;
                }
            }
        }

        ForecastRow find(String series, Instant origin, int h) {
            return rows.get(new Key(series, origin, h));
        }
    }

    /** Totals across series; {@code base} is null when no base method is scored. */
    private static final class Tally {
        final MethodTally model;
        final MethodTally naive;
        final MethodTally seasonalNaive;
        final MethodTally base;
        final QuantileTally quantiles;
        int scorablePairs;
        int missing;
        int nonFinite;
        int tsMismatches;

        Tally(int horizon, boolean withBase) {
            model = new MethodTally(horizon);
            naive = new MethodTally(horizon);
            seasonalNaive = new MethodTally(horizon);
            base = withBase ? new MethodTally(horizon) : null;
            quantiles = new QuantileTally(horizon);
        }
    }
}
