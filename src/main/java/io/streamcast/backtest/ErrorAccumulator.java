package io.streamcast.backtest;

/**
 * Running sums behind one {@link ErrorStats}, pooled over the pairs added.
 *
 * <p>Its MASE, the mean of the scaled errors, is a series' MASE (and its scaled interval width and
 * miss likewise) when every pair comes from that
 * one series (one scale: it is MAE / scale). Across series it is a pooled figure that
 * {@link MethodTally} replaces with the mean of the per-series MASEs.
 */
final class ErrorAccumulator {
    private int count;
    private double sumAbs;
    private double sumSquared;
    private double sumSmape;
    private int scaledCount;
    private double sumScaled;
    private int intervalCount;
    private int covered;
    private int scaledIntervalCount;
    private double sumScaledWidth;
    private double sumScaledMiss;

    /**
     * Adds one scored pair.
     *
     * @param scale in-sample MAE of the series; pairs with a scale that is not finite and positive
     *              do not enter MASE
     */
    void add(double forecast, double actual, double scale, Double lower, Double upper) {
        double absError = Math.abs(forecast - actual);
        count++;
        sumAbs += absError;
        sumSquared += absError * absError;
        double denominator = Math.abs(forecast) + Math.abs(actual);
        sumSmape += denominator == 0 ? 0 : 200 * absError / denominator;
        if (Double.isFinite(scale) && scale > 0) {
            scaledCount++;
            sumScaled += absError / scale;
        }
        if (lower != null && upper != null) {
            intervalCount++;
            if (lower <= actual && actual <= upper) {
                covered++;
            }
            if (Double.isFinite(scale) && scale > 0) {
                scaledIntervalCount++;
                sumScaledWidth += (upper - lower) / scale;
                sumScaledMiss += (Math.max(0, lower - actual) + Math.max(0, actual - upper)) / scale;
            }
        }
    }

    /** Adds every pair {@code other} has seen, as if they had been added here. */
    void addAll(ErrorAccumulator other) {
        count += other.count;
        sumAbs += other.sumAbs;
        sumSquared += other.sumSquared;
        sumSmape += other.sumSmape;
        scaledCount += other.scaledCount;
        sumScaled += other.sumScaled;
        intervalCount += other.intervalCount;
        covered += other.covered;
        scaledIntervalCount += other.scaledIntervalCount;
        sumScaledWidth += other.sumScaledWidth;
        sumScaledMiss += other.sumScaledMiss;
    }

    ErrorStats stats() {
        if (count == 0) {
            return new ErrorStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null);
        }
        return new ErrorStats(
                count,
                sumAbs / count,
                Math.sqrt(sumSquared / count),
                sumSmape / count,
                scaledCount == 0 ? Double.NaN : sumScaled / scaledCount,
                intervalCount == 0 ? null : (double) covered / intervalCount,
                scaledIntervalCount == 0 ? null : sumScaledWidth / scaledIntervalCount,
                scaledIntervalCount == 0 ? null : sumScaledMiss / scaledIntervalCount);
    }
}
