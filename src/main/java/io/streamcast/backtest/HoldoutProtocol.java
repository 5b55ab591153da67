package io.streamcast.backtest;

/**
 * Which points of a series are forecast origins in a backtest. The contract
 * (CONTRACT.md, "Backtest file formats") says:
 *
 * <blockquote>Protocol: per series of n points, the last max(24, floor(holdout x n)) points are
 * forecast origins (at origin t the forecaster has seen y[1..t] and forecasts y[t+1..t+H]);
 * everything is replayed in time order; the model may learn from a point only after the
 * forecasts whose origin precedes that point have been emitted (no peeking). Pretraining on the
 * part before the first origin is allowed.</blockquote>
 *
 * <p>The reference figures in {@code data/README.md} (R forecast, MASE naive 2.81 and seasonal
 * naive 1.60 on AirPassengers) pin the indices down: with K = max(24, floor(holdout x n)) the
 * origins are 1-based t = n-K .. n-1, i.e. K origins that each have at least one later point to
 * score. Counting from the end, the origin n-K is followed by the last K points, which is how the
 * contract's "last K points" reads. In the 0-based indices used here, the first origin is
 * {@code n-K-1} and the last scorable one {@code n-2}; at origin index t the forecaster has seen
 * points {@code 0..t}. Starting one point later gives 2.79 / 1.64 on AirPassengers, so the
 * reference numbers are a test of this choice.
 */
public final class HoldoutProtocol {
    /** Fewest origins per series whatever the holdout fraction, so short series still get a score. */
    public static final int MIN_ORIGINS = 24;

    private HoldoutProtocol() {
    }

    /** K = max(24, floor(holdout x n)): the number of scorable forecast origins of a long enough series. */
    public static int originCount(int n, double holdout) {
        checkArguments(n, holdout);
        // The epsilon keeps e.g. 0.29 x 100 = 28.999999999999996 from flooring to 28.
        return Math.max(MIN_ORIGINS, (int) Math.floor(holdout * n + 1e-9));
    }

    /**
     * 0-based index of the first forecast origin: {@code n - K - 1}, clamped to at least 1 so that
     * even a short series has two points of history before its first scored forecast (and an
     * in-sample error to scale by).
     */
    public static int firstOriginIndex(int n, double holdout) {
        return Math.max(1, n - originCount(n, holdout) - 1);
    }

    /** 0-based index of the last origin that has a later point to score: {@code n - 2}. */
    public static int lastScorableOriginIndex(int n) {
        return n - 2;
    }

    private static void checkArguments(int n, double holdout) {
        if (n < 0) {
            throw new IllegalArgumentException("series length must be >= 0, was " + n);
        }
        if (!(holdout > 0 && holdout < 1)) {
            throw new IllegalArgumentException("holdout must be a fraction in (0, 1), was " + holdout);
        }
    }
}
