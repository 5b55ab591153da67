package io.streamcast.topology;

import java.nio.ByteBuffer;

/**
 * Decides, per task, whether the network's correction or the smoothing base serves. The
 * correction must earn its place out of sample: both forecasts are kept for every origin, both
 * are scored as the actuals arrive, and the network serves only while its error is lower than the
 * base's by the margin <em>and</em> the difference is clear of noise (a one-sided test at
 * {@value #CONFIDENCE} standard errors), or while pretraining's verdict stands. Errors are in units
 * of each series' scale; the averages run over all scored (origin, h) pairs, then exponentially
 * over the last {@code memoryPairs}. Until {@code minPairs} pairs are scored the verdict of
 * pretraining's held-out validation decides; a verdict for the network then stands until the live
 * comparison clearly overturns it (its lead short of the margin by {@value #CONFIDENCE} standard
 * errors), after which the network serves only while it clearly wins.
 *
 * <p>Why so conservative: evidence is up to a horizon stale (a forecast is scored over the H steps
 * after it) and neighbouring pairs are strongly correlated, so the standard error counts one
 * independent observation per horizon of pairs. With a plain comparison of short averages, an
 * LSTM on AirPassengers won a lucky stretch, served, and lost to the base by 40% overall.
 *
 * <p>Why the verdict stands, and a lead won live does not: pretraining's verdict is one look at
 * windows early stopping never saw, while the live comparison is looked at after every pair, so
 * crossing three standard errors at some point is partly luck. When the verdict counted only
 * until {@code minPairs} pairs (too few to prove anything), hourly temperatures' GRU went back to
 * the base and served 0.635 MASE where its own forecasts scored 0.621 (0.621 now). Holding a lead
 * won live with the same stickiness cost co2's seq2seq GRU, which won a stretch and then lost for
 * years: 0.362 served against 0.331 and the base's 0.333 (2026-12-04).
 *
 * <p>The running comparison is saved in the task's changelogged model store at every flush (see
 * {@link #toBytes}), so a restarted or moved task serves what it served before.
 */
final class CorrectionGate {
    /**
     * Standard errors by which the network's advantage must exceed zero. Three, not two: the
     * comparison is looked at after every batch, and with two an LSTM on AirPassengers passed
     * during a lucky stretch and then lost 2.6% to the base overall.
     */
    static final double CONFIDENCE = 3.0;

    /** Pairs, base error, mean and mean square difference, whether the verdict stands, what serves. */
    private static final int BYTES = 8 + 3 * 8 + 2;

    private static final int BYTES_BEFORE_STANDING_PRIOR = 8 + 3 * 8;

    private final boolean prior;
    /** False for a gate held open: the network serves whatever the comparison says. */
    private final boolean deciding;

    private final int minPairs;
    private final int horizon;
    private final double weight;
    private final double margin;
    private double baseError;
    /** Mean and mean square of (network error - base error). */
    private double diff;

    private double diffSquared;
    private long pairs;
    /**
     * Pretraining's verdict that the correction wins, until live evidence clearly overturns it: while
     * it stands the network serves whatever the running comparison says short of that.
     */
    private boolean priorStands;

    private boolean dirty;

    /**
     * @param prior       whether the network beat the base on pretraining's held-out examples
     * @param minPairs    scored pairs before live evidence overrides the prior
     * @param memoryPairs pairs over which the comparison averages (all of them until there are this many)
     * @param horizon     H: about this many neighbouring pairs carry one independent error
     * @param margin      the network serves only while its error is below the base's by this fraction
     *                    (the topology's promotion margin): a correction that merely ties adds risk, not accuracy
     */
    CorrectionGate(boolean prior, int minPairs, int memoryPairs, int horizon, double margin) {
        this(prior, minPairs, memoryPairs, horizon, margin, true);
    }

    /** A gate that keeps the comparison but always lets the network serve (the task model asked for no gate). */
    static CorrectionGate heldOpen(int minPairs, int memoryPairs, int horizon, double margin) {
        return new CorrectionGate(true, minPairs, memoryPairs, horizon, margin, false);
    }

    private CorrectionGate(boolean prior, int minPairs, int memoryPairs, int horizon, double margin, boolean deciding) {
        this.deciding = deciding;
        this.prior = prior;
        this.minPairs = minPairs;
        this.horizon = horizon;
        this.margin = margin;
        this.weight = 1.0 / memoryPairs;
        this.priorStands = prior;
    }

    /** One scored pair: absolute errors of the network's and the base's forecast, divided by the series' scale. */
    void observe(double networkScaledError, double baseScaledError) {
        if (!Double.isFinite(networkScaledError) || !Double.isFinite(baseScaledError)) {
            return;
        }
        double d = networkScaledError - baseScaledError;
        double w = Math.max(weight, 1.0 / (pairs + 1));
        baseError += w * (baseScaledError - baseError);
        diff += w * (d - diff);
        diffSquared += w * (d * d - diffSquared);
        pairs++;
        if (priorStands && pairs >= minPairs && clearlyLoses()) {
            priorStands = false;
        }
        dirty = true;
    }

    boolean networkServes() {
        return !deciding || priorStands || (pairs >= minPairs && clearlyWins());
    }

    /** The network's advantage over the base exceeds the margin by {@link #CONFIDENCE} standard errors. */
    private boolean clearlyWins() {
        return diff < -margin * baseError && -diff > CONFIDENCE * standardError();
    }

    /** The network's advantage falls short of the margin by {@link #CONFIDENCE} standard errors. */
    private boolean clearlyLoses() {
        return diff + margin * baseError > CONFIDENCE * standardError();
    }

    private double standardError() {
        double independent = Math.max(1.0, Math.min(pairs, 1.0 / weight) / horizon);
        return Math.sqrt(Math.max(0, diffSquared - diff * diff) / independent);
    }

    /** Running mean scaled error of the network's forecasts (NaN before the first pair). */
    double networkError() {
        return networkError(pairs, baseError, diff);
    }

    private static double networkError(long pairs, double baseError, double diff) {
        return pairs == 0 ? Double.NaN : baseError + diff;
    }

    /** Running mean scaled error of the base's forecasts on the same pairs (NaN before the first pair). */
    double baseError() {
        return baseError(pairs, baseError);
    }

    private static double baseError(long pairs, double baseError) {
        return pairs == 0 ? Double.NaN : baseError;
    }

    /** True when something was observed since the last {@link #toBytes}. */
    boolean dirty() {
        return dirty;
    }

    byte[] toBytes() {
        dirty = false;
        return ByteBuffer.allocate(BYTES)
                .putLong(pairs)
                .putDouble(baseError)
                .putDouble(diff)
                .putDouble(diffSquared)
                .put((byte) (priorStands ? 1 : 0))
                // Derivable from the rest with the topology's settings, saved so GET /models can read it without them.
                .put((byte) (networkServes() ? 1 : 0))
                .array();
    }

    /** What {@link CorrectionStatus#of} reads from saved bytes; null for none or the format before the status. */
    static CorrectionStatus status(byte[] bytes) {
        if (bytes == null || bytes.length != BYTES) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long pairs = b.getLong();
        double baseError = b.getDouble();
        double diff = b.getDouble();
        b.getDouble();
        b.get();
        boolean serves = b.get() == 1;
        return new CorrectionStatus(serves, networkError(pairs, baseError, diff), baseError(pairs, baseError));
    }

    void restore(byte[] bytes) {
        if (bytes == null || (bytes.length != BYTES && bytes.length != BYTES_BEFORE_STANDING_PRIOR)) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        pairs = b.getLong();
        baseError = b.getDouble();
        diff = b.getDouble();
        diffSquared = b.getDouble();
        if (b.hasRemaining()) {
            priorStands = b.get() == 1; // what served follows from the rest
        } else {
            // Saved before the verdict was remembered: it stands where that version's rule served the network.
            priorStands = prior && (pairs < minPairs || clearlyWins());
        }
    }
}
