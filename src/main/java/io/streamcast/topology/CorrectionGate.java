package io.streamcast.topology;

import java.nio.ByteBuffer;

/**
 * Decides, per task, whether the network's correction or the smoothing base serves. The
 * correction must earn its place out of sample: both forecasts are kept for every origin, both
 * are scored as the actuals arrive, and the network serves only while its error is lower than the
 * base's by the margin <em>and</em> the difference is clear of noise (a one-sided test at
 * {@value #CONFIDENCE} standard errors). Errors are in units of each series' scale; the averages run over all scored
 * (origin, h) pairs, then exponentially over the last {@code memoryPairs}. Until {@code minPairs}
 * pairs are scored the verdict of pretraining's held-out validation stands.
 *
 * <p>Why so conservative: evidence is up to a horizon stale (a forecast is scored over the H steps
 * after it) and neighbouring pairs are strongly correlated, so the standard error counts one
 * independent observation per horizon of pairs. With a plain comparison of short averages, an
 * LSTM on AirPassengers won a lucky stretch, served, and lost to the base by 40% overall.
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

    private static final int BYTES = 8 + 3 * 8;

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
        dirty = true;
    }

    boolean networkServes() {
        if (!deciding) {
            return true;
        }
        if (pairs < minPairs) {
            return prior;
        }
        double independent = Math.max(1.0, Math.min(pairs, 1.0 / weight) / horizon);
        double standardError = Math.sqrt(Math.max(0, diffSquared - diff * diff) / independent);
        return diff < -margin * baseError && -diff > CONFIDENCE * standardError;
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
                .array();
    }

    void restore(byte[] bytes) {
        if (bytes == null || bytes.length != BYTES) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        pairs = b.getLong();
        baseError = b.getDouble();
        diff = b.getDouble();
        diffSquared = b.getDouble();
    }
}
