package io.streamcast.training;

import io.streamcast.series.Smoothing;
import io.streamcast.series.SmoothingParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Picks a topology's exponential smoothing constants from history: every combination of a fixed
 * grid is run over every series (online, exactly as the stream runs it), and the one with the
 * lowest error wins. A series may also get constants of its own ({@link SeriesFit}), chosen with
 * the topology's error as a prior: fitted on its history alone, a short series chases its noise
 * (unemployment: 2.935 against 2.873 with one set for all), while one set for series as unlike as
 * an M3 category's loses to R's ETS, which fits every series alone.
 *
 * <p>The error is the sum of two means of scaled absolute errors: one step ahead (the classic,
 * likelihood-like criterion of exponential smoothing, which generalised best past the 2008 break
 * in unemployment) and over horizons 1..H (what forecasts are scored on; best on hourly
 * temperatures and AirPassengers). Measured on the four bundled data sets and six R data sets the
 * project had not used (USAccDeaths, ldeaths, nottem, UKDriverDeaths, wineind, gas), the sum beat
 * either alone on the mean MASE of both groups (1.07 and 0.97 against 1.09/0.98 one-step and
 * 1.13/0.97 multi-step). The log scale is a candidate only when every value is positive.
 */
public final class SmoothingFit {
    static final double[] ALPHAS = {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9};
    static final double[] BETAS = {0, 0.01, 0.05, 0.1, 0.2};
    static final double[] GAMMAS = {0, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 0.95};
    static final double[] PHIS = {0.8, 0.9, 0.95, 0.98, 1.0};

    /**
     * The topology's constants and, for each series long enough to judge them on, its own: those
     * minimising the series' own error plus the topology's mean error (both the criterion of
     * {@link #fit}). The topology's error is the prior that keeps a series from chasing its noise:
     * a series takes constants of its own only where its history says so clearly enough to
     * outweigh what all the topology's series say. Series that keep the topology's are not listed.
     *
     * <p>Measured (src/site/markdown/accuracy.md, "Constants per series"; base alone): on 123
     * topologies of 5-10 M3 monthly series that share their dates, as a stream's series do, mean
     * MASE 0.709 against 0.722 with the topology's constants alone (better on 78 topologies, worse
     * on 45) and 0.729 with each series' own fit alone, without the prior.
     */
    public record SeriesFit(SmoothingParams topology, double error, Map<String, SmoothingParams> bySeries) {}

    private SmoothingFit() {}

    /**
     * Best constants for {@code histories} (each oldest first) forecast 1..{@code horizon} steps
     * ahead, {@link SmoothingParams#DEFAULT} when no series is long enough; with {@code perSeries}
     * each series' own constants too (see {@link SeriesFit}).
     */
    public static SeriesFit fit(Map<String, double[]> histories, int period, int horizon, boolean perSeries) {
        return fit(histories, period, horizon, perSeries, 0);
    }

    /**
     * As {@link #fit(Map, int, int, boolean)} for a base whose updates clip one-step errors at
     * {@code robust} robust standard deviations ({@link SmoothingParams#robust}; 0: not robust):
     * the constants are judged on the forecasts the base will actually make.
     */
    public static SeriesFit fit(
            Map<String, double[]> histories, int period, int horizon, boolean perSeries, double robust) {
        return fitHistories(History.of(histories), period, horizon, perSeries, robust);
    }

    /**
     * As {@link #fit(Map, int, int, boolean, double)} for histories on the topology's grid, whose
     * filled steps are run through as the stream fills them ({@link Smoothing#fillValue}) and are
     * never a target the constants are judged on.
     */
    public static SeriesFit fitHistories(
            Map<String, History> histories, int period, int horizon, boolean perSeries, double robust) {
        return fit(
                histories,
                period,
                horizon,
                perSeries,
                robust,
                Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * {@link #fit}, keeping each series' error at every grid point for the choice of its own
     * constants when they take at most {@code keepBytes} (a double per series and grid point: 22 KB
     * per series of a seasonal positive topology, so 224 MB for 10,000 series), else computing them
     * again once the topology's are known. Either way the same numbers, summed in the same order.
     */
    static SeriesFit fit(
            Map<String, History> histories, int period, int horizon, boolean perSeries, double robust, long keepBytes) {
        List<History> usable = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean positive = true;
        for (Map.Entry<String, History> e : histories.entrySet()) {
            double[] y = e.getValue().values();
            if (y.length > new Smoothing(period, false).warmupLength() + period) {
                usable.add(e.getValue());
                names.add(e.getKey());
                positive &= Smoothing.allPositive(y);
            }
        }
        if (usable.isEmpty()) {
            return new SeriesFit(SmoothingParams.DEFAULT, Double.NaN, Map.of());
        }
        List<SmoothingParams> grid = grid(period, positive, robust);
        Criterion criterion = new Criterion(usable, period, horizon);
        boolean ownToo = perSeries && usable.size() > 1;
        double[][] kept = ownToo && (long) usable.size() * grid.size() * Double.BYTES <= keepBytes
                ? new double[usable.size()][grid.size()]
                : null;
        // Every grid point, and later every series, is independent of the others: spread over the
        // cores (a fleet's hourly history is minutes of work on one), chosen in order after.
        double[] topologyError = new double[grid.size()];
        IntStream.range(0, grid.size()).parallel().forEach(i -> {
            double[] bySeries = kept == null ? null : new double[usable.size()];
            topologyError[i] = criterion.topologyError(grid.get(i), bySeries);
            if (kept != null) {
                for (int s = 0; s < bySeries.length; s++) {
                    kept[s][i] = bySeries[s];
                }
            }
        });
        int best = 0;
        for (int i = 1; i < grid.size(); i++) {
            if (topologyError[i] < topologyError[best]) {
                best = i;
            }
        }
        SmoothingParams topology = grid.get(best);
        Map<String, SmoothingParams> bySeries = new LinkedHashMap<>();
        if (ownToo) {
            SmoothingParams[] own = new SmoothingParams[usable.size()];
            IntStream.range(0, usable.size()).parallel().forEach(s -> {
                double[] errors = kept != null ? kept[s] : criterion.seriesErrors(s, grid);
                own[s] = ownConstants(errors, grid, topologyError);
            });
            for (int s = 0; s < usable.size(); s++) {
                if (own[s] != null && !own[s].equals(topology)) {
                    bySeries.put(names.get(s), own[s]);
                }
            }
        }
        return new SeriesFit(topology, topologyError[best], bySeries);
    }

    /**
     * The grid point minimising the series' error plus the topology's; null when the series has
     * no error to judge by (no seasonal change to scale by, or no origin).
     */
    private static SmoothingParams ownConstants(
            double[] seriesError, List<SmoothingParams> grid, double[] topologyError) {
        SmoothingParams best = null;
        double bestError = Double.MAX_VALUE;
        for (int i = 0; i < grid.size(); i++) {
            if (seriesError[i] >= Double.MAX_VALUE) {
                return null;
            }
            if (seriesError[i] + topologyError[i] < bestError) {
                bestError = seriesError[i] + topologyError[i];
                best = grid.get(i);
            }
        }
        return best;
    }

    /** Every combination of the constants' grid, in the order ties are broken (first wins). */
    private static List<SmoothingParams> grid(int period, boolean positive, double robust) {
        List<SmoothingParams> grid = new ArrayList<>();
        double[] gammas = period > 1 ? GAMMAS : new double[] {0};
        for (boolean log : positive ? new boolean[] {false, true} : new boolean[] {false}) {
            for (double alpha : ALPHAS) {
                for (double beta : BETAS) {
                    for (double gamma : gammas) {
                        for (double phi : PHIS) {
                            grid.add(new SmoothingParams(alpha, beta, gamma, phi, log, robust));
                        }
                    }
                }
            }
        }
        return grid;
    }

    static final int MAX_ORIGINS = 500;

    /**
     * The fit's criterion for one grid point: over series, the mean of (mean absolute error one
     * step ahead / mean absolute seasonal difference) plus the same over horizons 1..H, each mean
     * over the series it can be computed for. One smoothing run per series and grid point serves
     * both terms (the grid's 2,800 points times every series are the fit's whole cost); each term
     * keeps its own origins, at most {@value #MAX_ORIGINS} evenly spread.
     */
    private static final class Criterion {
        private final List<History> histories;
        private final int period;
        private final int horizon;
        /** Each series' mean absolute seasonal difference: the same at every grid point. */
        private final double[] scales;

        Criterion(List<History> histories, int period, int horizon) {
            this.histories = histories;
            this.period = period;
            this.horizon = horizon;
            this.scales = new double[histories.size()];
            for (int s = 0; s < scales.length; s++) {
                History history = histories.get(s);
                double[] y = history.values();
                double scale = 0;
                int pairs = 0;
                for (int i = period; i < y.length; i++) {
                    // Observed pairs only, as the backtest's MASE scale takes them.
                    if (!history.filled(i) && !history.filled(i - period)) {
                        scale += Math.abs(y[i] - y[i - period]);
                        pairs++;
                    }
                }
                scales[s] = pairs == 0 ? 0 : scale / pairs;
            }
        }

        /**
         * The topology's error at {@code p}; with {@code bySeries}, each series' own error there
         * too (its two terms as a topology of that series alone would have them).
         */
        double topologyError(SmoothingParams p, double[] bySeries) {
            double[] terms = new double[2];
            double[] forecast = new double[horizon];
            double oneStepTotal = 0;
            double horizonTotal = 0;
            int oneStepCounted = 0;
            int horizonCounted = 0;
            for (int s = 0; s < histories.size(); s++) {
                seriesTerms(s, p, terms, forecast);
                if (!Double.isNaN(terms[0])) {
                    oneStepTotal += terms[0];
                    oneStepCounted++;
                }
                if (!Double.isNaN(terms[1])) {
                    horizonTotal += terms[1];
                    horizonCounted++;
                }
                if (bySeries != null) {
                    bySeries[s] = mean(terms[0], Double.isNaN(terms[0]) ? 0 : 1)
                            + mean(terms[1], Double.isNaN(terms[1]) ? 0 : 1);
                }
            }
            return mean(oneStepTotal, oneStepCounted) + mean(horizonTotal, horizonCounted);
        }

        /** Series {@code s}'s own error at every grid point. */
        double[] seriesErrors(int s, List<SmoothingParams> grid) {
            double[] errors = new double[grid.size()];
            double[] terms = new double[2];
            double[] forecast = new double[horizon];
            for (int i = 0; i < grid.size(); i++) {
                seriesTerms(s, grid.get(i), terms, forecast);
                errors[i] =
                        mean(terms[0], Double.isNaN(terms[0]) ? 0 : 1) + mean(terms[1], Double.isNaN(terms[1]) ? 0 : 1);
            }
            return errors;
        }

        private static double mean(double total, int counted) {
            return counted == 0 ? Double.MAX_VALUE : total / counted;
        }

        /**
         * Series {@code s}'s scaled mean absolute error one step ahead into {@code terms[0]} and
         * over horizons 1..H into {@code terms[1]}; NaN where there is none (no seasonal change to
         * scale by, no origin). A forecast that overflows counts as a huge error, not as none.
         */
        private void seriesTerms(int s, SmoothingParams p, double[] terms, double[] forecast) {
            terms[0] = Double.NaN;
            terms[1] = Double.NaN;
            double scale = scales[s];
            if (!(scale > 0)) {
                return;
            }
            History history = histories.get(s);
            double[] y = history.values();
            Smoothing smoothing = new Smoothing(period, p.log());
            double oneStepSum = 0;
            double horizonSum = 0;
            int oneStepN = 0;
            int horizonN = 0;
            int oneStepEvery = Math.max(1, (y.length - 1) / MAX_ORIGINS);
            int horizonEvery = Math.max(1, (y.length - horizon) / MAX_ORIGINS);
            for (int t = 0; t < y.length; t++) {
                smoothing.update(history.filled(t) ? smoothing.fillValue(y[t], p) : y[t], p);
                if (!smoothing.ready() || t + 1 >= y.length) {
                    continue;
                }
                if (t % oneStepEvery == 0 && !history.filled(t + 1)) {
                    oneStepSum += error(smoothing.oneStepForecast(p), y[t + 1]);
                    oneStepN++;
                }
                if (t % horizonEvery == 0) {
                    int steps = Math.min(horizon, y.length - 1 - t);
                    smoothing.forecastInto(forecast, steps, p);
                    for (int h = 1; h <= steps; h++) {
                        // A filled step was never observed: no error to judge the constants by.
                        if (!history.filled(t + h)) {
                            horizonSum += error(forecast[h - 1], y[t + h]);
                            horizonN++;
                        }
                    }
                }
            }
            if (oneStepN > 0) {
                terms[0] = oneStepSum / oneStepN / scale;
            }
            if (horizonN > 0) {
                terms[1] = horizonSum / horizonN / scale;
            }
        }

        private static double error(double forecast, double actual) {
            double e = Math.abs(forecast - actual);
            return Double.isFinite(e) ? e : Double.MAX_VALUE / 1e6;
        }
    }
}
