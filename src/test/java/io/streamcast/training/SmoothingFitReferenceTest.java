package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.series.Smoothing;
import io.streamcast.series.SmoothingParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fit runs one smoothing per series and grid point for both of its criteria and keeps each
 * series' errors for the choice of its own constants: four times less work than running each
 * criterion separately and running them all again per series, which it did until 2026-12-03. The
 * constants it picks, and the error it reports, are the same to the bit: the earlier computation
 * is kept here, word for word, as the reference.
 */
class SmoothingFitReferenceTest {

    @ParameterizedTest(name = "period {0}, horizon {1}, positive {2}")
    @CsvSource({"12, 12, true", "12, 1, true", "12, 18, false", "1, 6, true", "4, 4, false"})
    void picksWhatTheEarlierComputationPicked(int period, int horizon, boolean positive) {
        Map<String, double[]> histories = mixedFleet(period, positive);

        SmoothingFit.SeriesFit kept = SmoothingFit.fit(histories, period, horizon, true);
        SmoothingFit.SeriesFit recomputed = SmoothingFit.fit(History.of(histories), period, horizon, true, 0, 0);
        SmoothingFit.SeriesFit reference = referenceFit(histories, period, horizon, true);

        assertTrue(reference.bySeries().size() >= 2, "some series take constants of their own: " + reference);
        assertEquals(reference, kept, "errors kept per series");
        assertEquals(reference, recomputed, "errors computed again per series (past the memory budget)");
        assertEquals(
                referenceFit(histories, period, horizon, false),
                SmoothingFit.fit(histories, period, horizon, false),
                "one set for all");
    }

    /**
     * Series unlike each other, so that some take constants of their own, and the edge cases:
     * one too short to judge, one constant (nothing to scale by), one barely long enough, one of
     * 1,400 points (origins subsampled, differently for the two criteria).
     */
    private static Map<String, double[]> mixedFleet(int period, boolean positive) {
        Random random = new Random(period * 31L + (positive ? 1 : 0));
        Map<String, double[]> histories = new LinkedHashMap<>();
        for (int s = 0; s < 6; s++) {
            histories.put("walk-" + s, series(random, 60 + 20 * s, period, s % 3 == 0 ? 4 : 0.5, s * 0.3, positive));
        }
        histories.put("long", series(random, 1400, period, 1, 0.05, positive));
        histories.put("short", series(random, 2 * Math.max(period, 1) + 3, period, 1, 0, positive));
        histories.put("constant", constant(3 * Math.max(period, 1) + 20, 50));
        histories.put("barely", series(random, 2 * Math.max(period, 1) + period + 2, period, 1, 0, positive));
        return histories;
    }

    private static double[] series(Random random, int n, int period, double walk, double drift, boolean positive) {
        double[] y = new double[n];
        double level = positive ? 300 : 0;
        for (int i = 0; i < n; i++) {
            level += drift + walk * random.nextGaussian();
            double season = period > 1 ? 20 * Math.sin(2 * Math.PI * i / period) : 0;
            y[i] = level + season + random.nextGaussian();
            if (positive) {
                y[i] = Math.max(1, y[i]);
            }
        }
        return y;
    }

    private static double[] constant(int n, double value) {
        double[] y = new double[n];
        java.util.Arrays.fill(y, value);
        return y;
    }

    // The computation before 2026-12-03, unchanged but for names.

    private static SmoothingFit.SeriesFit referenceFit(
            Map<String, double[]> histories, int period, int horizon, boolean perSeries) {
        List<double[]> usable = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean positive = true;
        for (Map.Entry<String, double[]> e : histories.entrySet()) {
            double[] y = e.getValue();
            if (y.length > new Smoothing(period, false).warmupLength() + period) {
                usable.add(y);
                names.add(e.getKey());
                positive &= Smoothing.allPositive(y);
            }
        }
        if (usable.isEmpty()) {
            return new SmoothingFit.SeriesFit(SmoothingParams.DEFAULT, Double.NaN, Map.of());
        }
        List<SmoothingParams> grid = referenceGrid(period, positive);
        double[] topologyError = new double[grid.size()];
        for (int i = 0; i < grid.size(); i++) {
            SmoothingParams p = grid.get(i);
            topologyError[i] = meanScaledError(usable, period, 1, p) + meanScaledError(usable, period, horizon, p);
        }
        int best = 0;
        for (int i = 1; i < grid.size(); i++) {
            if (topologyError[i] < topologyError[best]) {
                best = i;
            }
        }
        SmoothingParams topology = grid.get(best);
        Map<String, SmoothingParams> bySeries = new LinkedHashMap<>();
        if (perSeries && usable.size() > 1) {
            for (int s = 0; s < usable.size(); s++) {
                SmoothingParams own = ownConstants(usable.get(s), period, horizon, grid, topologyError);
                if (own != null && !own.equals(topology)) {
                    bySeries.put(names.get(s), own);
                }
            }
        }
        return new SmoothingFit.SeriesFit(topology, topologyError[best], bySeries);
    }

    private static SmoothingParams ownConstants(
            double[] y, int period, int horizon, List<SmoothingParams> grid, double[] topologyError) {
        List<double[]> one = List.of(y);
        SmoothingParams best = null;
        double bestError = Double.MAX_VALUE;
        for (int i = 0; i < grid.size(); i++) {
            SmoothingParams p = grid.get(i);
            double own = meanScaledError(one, period, 1, p) + meanScaledError(one, period, horizon, p);
            if (own >= Double.MAX_VALUE) {
                return null;
            }
            if (own + topologyError[i] < bestError) {
                bestError = own + topologyError[i];
                best = p;
            }
        }
        return best;
    }

    private static List<SmoothingParams> referenceGrid(int period, boolean positive) {
        List<SmoothingParams> grid = new ArrayList<>();
        double[] gammas = period > 1 ? SmoothingFit.GAMMAS : new double[] {0};
        for (boolean log : positive ? new boolean[] {false, true} : new boolean[] {false}) {
            for (double alpha : SmoothingFit.ALPHAS) {
                for (double beta : SmoothingFit.BETAS) {
                    for (double gamma : gammas) {
                        for (double phi : SmoothingFit.PHIS) {
                            grid.add(new SmoothingParams(alpha, beta, gamma, phi, log));
                        }
                    }
                }
            }
        }
        return grid;
    }

    private static double meanScaledError(List<double[]> histories, int period, int horizon, SmoothingParams p) {
        double total = 0;
        int counted = 0;
        for (double[] y : histories) {
            double scale = 0;
            for (int i = period; i < y.length; i++) {
                scale += Math.abs(y[i] - y[i - period]);
            }
            scale /= y.length - period;
            if (!(scale > 0)) {
                continue;
            }
            Smoothing s = new Smoothing(period, p.log());
            double sum = 0;
            int n = 0;
            int every = Math.max(1, (y.length - horizon) / SmoothingFit.MAX_ORIGINS);
            for (int t = 0; t < y.length; t++) {
                s.update(y[t], p);
                if (!s.ready() || t % every != 0 || t + 1 >= y.length) {
                    continue;
                }
                double[] f = s.forecast(Math.min(horizon, y.length - 1 - t), p);
                for (int h = 1; h <= f.length; h++) {
                    double e = Math.abs(f[h - 1] - y[t + h]);
                    sum += Double.isFinite(e) ? e : Double.MAX_VALUE / 1e6;
                    n++;
                }
            }
            if (n > 0) {
                total += sum / n / scale;
                counted++;
            }
        }
        return counted == 0 ? Double.MAX_VALUE : total / counted;
    }
}
