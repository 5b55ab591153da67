package io.streamcast.series;

/**
 * The constants of a topology's exponential smoothing base (additive Holt-Winters with a damped
 * trend, optionally on the log scale). One set per topology, fitted by {@code train} and backtest
 * pretraining on history (see {@code SmoothingFit}); each series keeps its own state.
 *
 * @param alpha level smoothing, in (0, 1]
 * @param beta  trend smoothing, in [0, 1]; 0 keeps the initial trend
 * @param gamma seasonal smoothing, in [0, 1]; ignored without a season
 * @param phi   trend damping, in (0, 1]; 1 is an undamped (Holt) trend
 * @param log   smooth log(y): multiplicative level, trend and season for positive series
 * @param robust 0: every observation updates the state in full; k > 0: a one-step error beyond k
 *              robust standard deviations of the recent one-step errors updates it as if it had
 *              been k of them (Huber), so one faulty value cannot shift the level and the season
 *              for a whole season ({@code base.robust}; Gelper, Fried and Croux, "Robust
 *              forecasting with exponential and Holt-Winters smoothing", 2010)
 */
public record SmoothingParams(double alpha, double beta, double gamma, double phi, boolean log, double robust) {
    /** What a topology uses when nothing was fitted: a moderately adaptive, damped, linear model. */
    public static final SmoothingParams DEFAULT = new SmoothingParams(0.3, 0.05, 0.2, 0.95, false);

    public SmoothingParams {
        check(alpha > 0 && alpha <= 1, "alpha", alpha, "(0, 1]");
        check(beta >= 0 && beta <= 1, "beta", beta, "[0, 1]");
        check(gamma >= 0 && gamma <= 1, "gamma", gamma, "[0, 1]");
        check(phi > 0 && phi <= 1, "phi", phi, "(0, 1]");
        if (!(robust == 0 || robust >= 1)) {
            throw new IllegalArgumentException(
                    "smoothing robust must be 0 (off) or at least 1 (robust standard deviations), was " + robust);
        }
    }

    /** Constants whose every observation updates the state in full (not robust). */
    public SmoothingParams(double alpha, double beta, double gamma, double phi, boolean log) {
        this(alpha, beta, gamma, phi, log, 0);
    }

    /** These constants with one-step errors clipped at {@code k} robust standard deviations (0: not). */
    public SmoothingParams withRobust(double k) {
        return new SmoothingParams(alpha, beta, gamma, phi, log, k);
    }

    private static void check(boolean ok, String name, double value, String range) {
        if (!ok) {
            throw new IllegalArgumentException("smoothing " + name + " must be in " + range + ", was " + value);
        }
    }

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "alpha=%.2f beta=%.2f gamma=%.2f phi=%.2f%s%s",
                alpha,
                beta,
                gamma,
                phi,
                log ? " log" : "",
                robust > 0 ? String.format(java.util.Locale.ROOT, " robust=%.1f", robust) : "");
    }
}
