package io.streamcast.topology;

/**
 * Decides, per task, whether the network's correction or the smoothing base serves. The
 * correction must earn its place out of sample: both forecasts are kept for every origin, both
 * are scored as the actuals arrive, and the network serves while its recent error (exponentially
 * weighted over scored (origin, h) pairs, in units of each series' scale) is below the base's.
 * Until enough pairs are scored the verdict of pretraining's held-out validation stands.
 *
 * <p>The running comparison is saved in the task's changelogged model store at every flush (see
 * {@link #toBytes}), so a restarted or moved task serves what it served before.
 */
final class CorrectionGate {
    private final boolean prior;
    private final int minPairs;
    private final double weight;
    private double networkError;
    private double baseError;
    private long pairs;
    private boolean dirty;

    /**
     * @param prior    whether the network beat the base on pretraining's held-out examples
     * @param minPairs scored pairs before live evidence overrides the prior; also the memory of the average
     */
    CorrectionGate(boolean prior, int minPairs) {
        this.prior = prior;
        this.minPairs = minPairs;
        this.weight = 1.0 / minPairs;
    }

    /** One scored pair: absolute errors of the network's and the base's forecast, divided by the series' scale. */
    void observe(double networkScaledError, double baseScaledError) {
        if (!Double.isFinite(networkScaledError) || !Double.isFinite(baseScaledError)) {
            return;
        }
        if (pairs == 0) {
            networkError = networkScaledError;
            baseError = baseScaledError;
        } else {
            networkError += weight * (networkScaledError - networkError);
            baseError += weight * (baseScaledError - baseError);
        }
        pairs++;
        dirty = true;
    }

    /** True when something was observed since the last {@link #toBytes}. */
    boolean dirty() {
        return dirty;
    }

    byte[] toBytes() {
        dirty = false;
        return java.nio.ByteBuffer.allocate(24).putLong(pairs).putDouble(networkError).putDouble(baseError).array();
    }

    void restore(byte[] bytes) {
        if (bytes == null || bytes.length != 24) {
            return;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        pairs = b.getLong();
        networkError = b.getDouble();
        baseError = b.getDouble();
    }

    boolean networkServes() {
        return pairs < minPairs ? prior : networkError < baseError;
    }
}
