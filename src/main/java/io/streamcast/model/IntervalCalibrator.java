package io.streamcast.model;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Prediction intervals from the errors actually observed: per horizon step, an online estimate of
 * the {@code coverage} quantile of |actual - forecast| / scale, where scale is the series' running
 * seasonal scale. Starts from a Gaussian guess (one scale unit of error per step, growing with
 * sqrt(h)) and moves by stochastic quantile updates as actuals arrive, so the half-width converges
 * to what makes {@code coverage} of the actuals fall inside. Thread-confined to one stream task.
 */
public final class IntervalCalibrator {
    /** Step size of the quantile update, relative to the current estimate. */
    private static final double RATE = 0.03;

    private final double coverage;
    private final double[] quantile;

    public IntervalCalibrator(int horizon, double coverage) {
        this.coverage = coverage;
        this.quantile = new double[horizon];
        double z = new NormalDistribution().inverseCumulativeProbability(0.5 + coverage / 2);
        for (int h = 0; h < horizon; h++) {
            quantile[h] = z * Math.sqrt(h + 1.0);
        }
    }

    /** Half-width of the interval at 0-based horizon step {@code h0} for a series of this scale. */
    public double halfWidth(int h0, double scale) {
        return quantile[h0] * scale;
    }

    public void observe(int h0, double absError, double scale) {
        if (h0 >= quantile.length || !(scale > 0) || !Double.isFinite(absError)) {
            return;
        }
        double e = absError / scale;
        double q = quantile[h0];
        double stepSize = RATE * Math.max(q, 1e-3);
        quantile[h0] = Math.max(1e-6, q + (e > q ? coverage : -(1 - coverage)) * stepSize / Math.max(coverage, 1 - coverage));
    }

    public double[] quantiles() {
        return quantile.clone();
    }
}
