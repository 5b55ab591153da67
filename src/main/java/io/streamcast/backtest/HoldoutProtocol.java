package io.streamcast.backtest;

import java.util.stream.IntStream;

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
 *
 * <p>Long series are not scored at every origin. The accuracy protocol in {@code data/README.md}
 * says:
 *
 * <blockquote>for a series of n points, K = max(24, floor(0.2 n)) origins t = n-K .. n-1 (evenly
 * subsampled to 500 when K > 500); at origin t only y[1..t] is known; horizons h = 1..H [...];
 * pairs with t + h > n are not scored.</blockquote>
 *
 * <p>{@link #scoredOrigins} does that subsampling; the forecaster still forecasts from every origin
 * (a stream does not know which origins a backtest will look at), only the scoring skips some.
 */
public final class HoldoutProtocol {
    /** Fewest origins per series whatever the holdout fraction, so short series still get a score. */
    public static final int MIN_ORIGINS = 24;

    /** Most origins scored per series; more are evenly subsampled down to this many. */
    public static final int MAX_SCORED_ORIGINS = 500;

    private HoldoutProtocol() {}

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

    /**
     * The 0-based origin indices that are scored, ascending: every origin from
     * {@link #firstOriginIndex} to {@link #lastScorableOriginIndex} when there are at most
     * {@value #MAX_SCORED_ORIGINS}; otherwise, with that full list idx[0..L-1], the
     * {@value #MAX_SCORED_ORIGINS} origins idx[round(i (L-1) / 499)] for i = 0..499, which keeps
     * the first and the last origin and spaces the rest evenly (the gaps differ by at most one).
     * Empty when the series is too short to have a scorable origin.
     */
    public static int[] scoredOrigins(int n, double holdout) {
        int first = firstOriginIndex(n, holdout);
        int count = Math.max(0, lastScorableOriginIndex(n) - first + 1);
        if (count <= MAX_SCORED_ORIGINS) {
            return IntStream.range(first, first + count).toArray();
        }
        int[] origins = new int[MAX_SCORED_ORIGINS];
        for (int i = 0; i < MAX_SCORED_ORIGINS; i++) {
            // count - 1 > MAX_SCORED_ORIGINS - 1, so the steps exceed 1 and no origin repeats.
            origins[i] = first + (int) Math.round((double) i * (count - 1) / (MAX_SCORED_ORIGINS - 1));
        }
        return origins;
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
