package io.streamcast.backtest;

/** Running sums behind one {@link ErrorStats}; one instance per method and horizon (or series). */
final class ErrorAccumulator {
    private int count;
    private double sumAbs;
    private double sumSquared;
    private double sumSmape;
    private int scaledCount;
    private double sumScaled;
    private int intervalCount;
    private int covered;

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
        }
    }

    ErrorStats stats() {
        if (count == 0) {
            return new ErrorStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null);
        }
        return new ErrorStats(count,
                sumAbs / count,
                Math.sqrt(sumSquared / count),
                sumSmape / count,
                scaledCount == 0 ? Double.NaN : sumScaled / scaledCount,
                intervalCount == 0 ? null : (double) covered / intervalCount);
    }
}
