package io.streamcast.training;

import io.streamcast.series.Smoothing;
import io.streamcast.series.SmoothingParams;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Picks a topology's exponential smoothing constants from history: every combination of a fixed
 * grid is run over every series (online, exactly as the stream runs it), and the one with the
 * lowest mean scaled one-step error wins. One set per topology, not per series: a topology often
 * has short series, and per-series fits chase their noise (measured on the unemployment data).
 *
 * <p>One-step error rather than the multi-step error the forecasts are scored on: it is the
 * classic likelihood-style criterion of exponential smoothing, and measured on the bundled data
 * it generalises better past a structural break (unemployment 2008) while choosing the same
 * constants on the regular series. The log scale is a candidate only when every value is positive.
 */
public final class SmoothingFit {
    static final double[] ALPHAS = {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9};
    static final double[] BETAS = {0, 0.01, 0.05, 0.1, 0.2};
    static final double[] GAMMAS = {0, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 0.95};
    static final double[] PHIS = {0.8, 0.9, 0.95, 0.98, 1.0};

    /** The chosen constants and their mean scaled one-step error on the history. */
    public record Fit(SmoothingParams params, double error) {
    }

    private SmoothingFit() {
    }

    /** Best constants for {@code histories} (each oldest first); {@link SmoothingParams#DEFAULT} when no series is long enough. */
    public static Fit fit(Collection<double[]> histories, int period) {
        return fit(histories, period, 1);
    }

    /**
     * Best constants for forecasting 1..{@code horizon} steps ahead: the error is averaged over
     * every horizon at up to {@value #MAX_ORIGINS} evenly spread origins per series.
     */
    public static Fit fit(Collection<double[]> histories, int period, int horizon) {
        List<double[]> usable = new ArrayList<>();
        boolean positive = true;
        for (double[] y : histories) {
            if (y.length > new Smoothing(period, false).warmupLength() + period) {
                usable.add(y);
                for (double v : y) {
                    positive &= v > 0;
                }
            }
        }
        if (usable.isEmpty()) {
            return new Fit(SmoothingParams.DEFAULT, Double.NaN);
        }
        Fit best = null;
        double[] gammas = period > 1 ? GAMMAS : new double[] {0};
        for (boolean log : positive ? new boolean[] {false, true} : new boolean[] {false}) {
            for (double alpha : ALPHAS) {
                for (double beta : BETAS) {
                    for (double gamma : gammas) {
                        for (double phi : PHIS) {
                            SmoothingParams p = new SmoothingParams(alpha, beta, gamma, phi, log);
                            double error = meanScaledError(usable, period, horizon, p);
                            if (best == null || error < best.error()) {
                                best = new Fit(p, error);
                            }
                        }
                    }
                }
            }
        }
        return best;
    }

    static final int MAX_ORIGINS = 500;

    /** Mean over series of (mean absolute error over horizons 1..H / mean absolute seasonal difference). */
    static double meanScaledError(List<double[]> histories, int period, int horizon, SmoothingParams p) {
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
            int every = Math.max(1, (y.length - horizon) / MAX_ORIGINS);
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
