package io.streamcast.backtest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Scores a backtest's forecasts against the actuals by rolling origin, next to the naive and
 * seasonal naive baselines computed on the same (origin, h) pairs.
 *
 * <p>Per series of n points the origins are the 0-based indices
 * {@link HoldoutProtocol#firstOriginIndex} .. n-2; at origin t, horizons h = 1..H with t + h <= n-1
 * are scored against y[t+h]. The baselines at origin t are naive y[t] and seasonal naive
 * y[t + h - period * ceil(h / period)] (the same month last year; with period 1 it is naive).
 * When an origin has less than one period of history, seasonal naive falls back to naive.
 *
 * <p>MASE divides each absolute error by the series' in-sample seasonal naive MAE, mean
 * |y[i] - y[i-period]| over i = period .. first origin, and averages over the scored pairs, so
 * series of different magnitude can be pooled. A model forecast is looked up by
 * (series, origin = ts[t], h); a scorable pair without one is counted as missing, never skipped
 * silently: the product promises a forecast for every origin. Forecast rows outside the scored
 * pairs (warm-up origins, horizons past the end of the data) are ignored.
 */
public final class Scorer {
    private Scorer() {
    }

    /**
     * @param actuals   every series with its points sorted by ts, as {@link SeriesCsv#read} gives them
     * @param forecasts every forecast point the model emitted, in any order
     * @param period    seasonal period in steps (1 = none)
     * @param horizon   H, the largest horizon scored
     * @param holdout   fraction of each series used as forecast origins (at least 24 origins)
     */
    public static BacktestScore score(Map<String, List<SeriesPoint>> actuals, List<ForecastRow> forecasts,
                                      int period, int horizon, double holdout) {
        if (period < 1) {
            throw new IllegalArgumentException("period must be >= 1, was " + period);
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, was " + horizon);
        }
        HoldoutProtocol.originCount(0, holdout); // validates holdout even when there are no series
        ForecastIndex index = new ForecastIndex(forecasts);
        Tally tally = new Tally(horizon);
        List<SeriesScore> perSeries = new ArrayList<>();
        actuals.forEach((series, points) ->
                perSeries.add(scoreSeries(series, points, index, period, horizon, holdout, tally)));
        return new BacktestScore(period, horizon, holdout, tally.scorablePairs, tally.missing, tally.nonFinite,
                index.duplicates, tally.tsMismatches,
                tally.model.score("model"), tally.naive.score("naive"),
                tally.seasonalNaive.score("seasonal naive"), perSeries);
    }

    private static SeriesScore scoreSeries(String series, List<SeriesPoint> points, ForecastIndex index,
                                           int period, int horizon, double holdout, Tally tally) {
        int n = points.size();
        double[] y = points.stream().mapToDouble(SeriesPoint::value).toArray();
        int first = HoldoutProtocol.firstOriginIndex(n, holdout);
        int last = HoldoutProtocol.lastScorableOriginIndex(n);
        double scale = inSampleScale(y, period, first);
        ErrorAccumulator model = new ErrorAccumulator();
        ErrorAccumulator naive = new ErrorAccumulator();
        ErrorAccumulator seasonalNaive = new ErrorAccumulator();
        int missingBefore = tally.missing;
        for (int t = first; t <= last; t++) {
            Instant origin = points.get(t).ts();
            for (int h = 1; h <= horizon && t + h <= n - 1; h++) {
                double actual = y[t + h];
                tally.scorablePairs++;
                tally.naive.add(h, naive, y[t], actual, scale, null, null);
                tally.seasonalNaive.add(h, seasonalNaive, seasonalNaive(y, t, h, period), actual, scale, null, null);
                ForecastRow row = index.find(series, origin, h);
                if (row == null) {
                    tally.missing++;
                } else if (!Double.isFinite(row.forecast())) {
                    tally.nonFinite++;
                } else {
                    if (!row.ts().equals(points.get(t + h).ts())) {
                        tally.tsMismatches++;
                    }
                    tally.model.add(h, model, row.forecast(), actual, scale, row.lower(), row.upper());
                }
            }
        }
        int origins = Math.max(0, last - first + 1);
        return new SeriesScore(series, n, origins, scale, tally.missing - missingBefore,
                model.stats(), naive.stats(), seasonalNaive.stats());
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
        return IntStream.rangeClosed(period, end).mapToDouble(i -> Math.abs(y[i] - y[i - period])).average().orElseThrow();
    }

    /** Model rows by (series, origin, h); duplicates are counted and the first row kept. */
    private static final class ForecastIndex {
        private record Key(String series, Instant origin, int h) {
        }

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

    /** Accumulators of one method: one per horizon and one overall. */
    private static final class MethodTally {
        private final ErrorAccumulator[] byHorizon;
        private final ErrorAccumulator overall = new ErrorAccumulator();

        MethodTally(int horizon) {
            byHorizon = new ErrorAccumulator[horizon];
            for (int h = 0; h < horizon; h++) {
                byHorizon[h] = new ErrorAccumulator();
            }
        }

        void add(int h, ErrorAccumulator ofSeries, double forecast, double actual, double scale,
                 Double lower, Double upper) {
            byHorizon[h - 1].add(forecast, actual, scale, lower, upper);
            overall.add(forecast, actual, scale, lower, upper);
            ofSeries.add(forecast, actual, scale, lower, upper);
        }

        MethodScore score(String method) {
            List<ErrorStats> horizons = new ArrayList<>(byHorizon.length);
            for (ErrorAccumulator accumulator : byHorizon) {
                horizons.add(accumulator.stats());
            }
            return new MethodScore(method, horizons, overall.stats());
        }
    }

    /** Totals across series. */
    private static final class Tally {
        final MethodTally model;
        final MethodTally naive;
        final MethodTally seasonalNaive;
        int scorablePairs;
        int missing;
        int nonFinite;
        int tsMismatches;

        Tally(int horizon) {
            model = new MethodTally(horizon);
            naive = new MethodTally(horizon);
            seasonalNaive = new MethodTally(horizon);
        }
    }
}
