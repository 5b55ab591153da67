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
 */
public record SmoothingParams(double alpha, double beta, double gamma, double phi, boolean log) {
    /** What a topology uses when nothing was fitted: a moderately adaptive, damped, linear model. */
    public static final SmoothingParams DEFAULT = new SmoothingParams(0.3, 0.05, 0.2, 0.95, false);

    public SmoothingParams {
        check(alpha > 0 && alpha <= 1, "alpha", alpha, "(0, 1]");
        check(beta >= 0 && beta <= 1, "beta", beta, "[0, 1]");
        check(gamma >= 0 && gamma <= 1, "gamma", gamma, "[0, 1]");
        check(phi > 0 && phi <= 1, "phi", phi, "(0, 1]");
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
                "alpha=%.2f beta=%.2f gamma=%.2f phi=%.2f%s",
                alpha,
                beta,
                gamma,
                phi,
                log ? " log" : "");
    }
}
