package io.streamcast.backtest;

import io.streamcast.emit.StepGrid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a backtest's forecasts against the actuals by rolling origin, next to the naive and
 * seasonal naive baselines computed on the same (origin, h) pairs, and optionally next to the
 * forecasts of a "base" method (e.g. the model before online learning) on those pairs too.
 *
 * <p>Per series of n points the origins are {@link HoldoutProtocol#scoredOrigins}: the 0-based
 * indices {@link HoldoutProtocol#firstOriginIndex} .. n-2, evenly subsampled to
 * {@value HoldoutProtocol#MAX_SCORED_ORIGINS} on long series; at origin t, horizons h = 1..H are
 * scored against the actual h steps later. The baselines at origin t are naive y[t] and seasonal
 * naive, the value at the same phase of the last season before the target (the same month last
 * year; with period 1 it is naive). When an origin has less than one period of history, seasonal
 * naive falls back to naive.
 *
 * <p>Steps are counted by timestamp ({@link GriddedSeries}): the points are placed on the topology's step
 * grid as the topology places them, so a series with a missing step is scored against the actual
 * that is h steps later in time, not h rows later, and a pair whose target was never observed is
 * not scorable. A point on the step of the point before it (which the topology dead-letters as a
 * duplicate) is left out. Without a grid every point is the next step, as when the data has no gaps.
 *
 * <p>MASE divides each absolute error by the series' in-sample seasonal naive MAE, mean
 * |y[i] - y[i-period]| over the observed pairs a season apart up to the first origin. A data set's MASE is the mean of its
 * series' MASEs (see {@link ErrorStats}); the other figures are pooled over pairs. A model
 * forecast is looked up by (series, origin = the origin's grid time, h); a scored pair without one is counted as
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

    /** As {@link #score(Map, List, List, int, int, double, StepGrid)} with every point the next step. */
    public static BacktestScore score(
            Map<String, List<SeriesPoint>> actuals,
            List<ForecastRow> forecasts,
            List<ForecastRow> baseForecasts,
            int period,
            int horizon,
            double holdout) {
        return score(actuals, forecasts, baseForecasts, period, horizon, holdout, null);
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
     * @param grid          where the points lie in time; {@code null}: each point is the next step
     */
    public static BacktestScore score(
            Map<String, List<SeriesPoint>> actuals,
            List<ForecastRow> forecasts,
            List<ForecastRow> baseForecasts,
            int period,
            int horizon,
            double holdout,
            StepGrid grid) {
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
        actuals.forEach((series, points) -> perSeries.add(scoreSeries(
                series, GriddedSeries.of(points, grid), index, baseIndex, period, horizon, holdout, tally)));
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
            GriddedSeries points,
            ForecastIndex index,
            ForecastIndex baseIndex,
            int period,
            int horizon,
            double holdout,
            Tally tally) {
        int n = points.size();
        double[] y = points.y();
        int[] origins = HoldoutProtocol.scoredOrigins(n, holdout);
        double scale = inSampleScale(points, period, HoldoutProtocol.firstOriginIndex(n, holdout));
        int missingBefore = tally.missing;
        for (int t : origins) {
            Instant origin = points.ts()[t];
            for (int h = 1; h <= horizon; h++) {
                int target = points.at(points.step()[t] + h);
                if (target < 0) {
                    // Never observed (a missing step, or past the end of the data): nothing to score.
                    continue;
                }
                double actual = y[target];
                tally.scorablePairs++;
                tally.naive.add(h, y[t], actual, scale, null, null);
                tally.seasonalNaive.add(h, seasonalNaive(points, t, h, period), actual, scale, null, null);
                ForecastRow row = index.find(series, origin, h);
                if (row == null) {
                    tally.missing++;
                } else if (!Double.isFinite(row.forecast())) {
                    tally.nonFinite++;
                } else {
                    if (!row.ts().equals(points.ts()[target])) {
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

    /**
     * Seasonal naive on the grid: the value at the target's phase in the last season before it that
     * the origin has seen and that was observed; y[t] when there is none.
     */
    private static double seasonalNaive(GriddedSeries points, int t, int h, int period) {
        for (long s = points.step()[t] + h - (long) period * ((h + period - 1) / period); s >= 0; s -= period) {
            int i = points.at(s);
            if (i >= 0) {
                return points.y()[i];
            }
        }
        return points.y()[t];
    }

    /** Mean |y - y a season earlier| over the observed pairs up to point {@code first}; NaN when there are none. */
    private static double inSampleScale(GriddedSeries points, int period, int first) {
        int end = Math.min(first, points.size() - 1);
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i <= end; i++) {
            int earlier = points.at(points.step()[i] - period);
            if (earlier >= 0) {
                sum += Math.abs(points.y()[i] - points.y()[earlier]);
                pairs++;
            }
        }
        return pairs == 0 ? Double.NaN : sum / pairs;
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
