package io.streamcast.metrics;

/**
 * Accuracy over the most recent {@code capacity} scored points of one horizon bucket (a ring
 * buffer: the oldest point drops out when a new one arrives). A fixed window rather than an
 * all-time mean so the gauges follow drift and model promotions; a count rather than a time span
 * so the figure means the same at any input rate.
 * <p>
 * Thread-safe: stream threads add points while the Prometheus scrape reads the means.
 */
final class RollingAccuracy {

    private static final byte NO_INTERVAL = -1;

    private final double[] absoluteErrors;
    private final double[] smapeTerms;
    /** Absolute error over the seasonal scale; NaN when the scale was unusable. */
    private final double[] scaledErrors;
    /** 1 inside [lower, upper], 0 outside, {@link #NO_INTERVAL} when the forecast had no interval. */
    private final byte[] covered;
    /** (upper - lower) over the seasonal scale; NaN without an interval or a usable scale. */
    private final double[] scaledWidths;

    private int next;
    private int size;

    RollingAccuracy(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        absoluteErrors = new double[capacity];
        smapeTerms = new double[capacity];
        scaledErrors = new double[capacity];
        covered = new byte[capacity];
        scaledWidths = new double[capacity];
    }

    /**
     * Adds one scored point.
     *
     * @return false (and nothing added) when actual or forecast is not finite: one NaN would
     *     otherwise turn every mean into NaN until it leaves the window
     */
    synchronized boolean add(double actual, double forecast, double seasonalScale, double lower, double upper) {
        if (!Double.isFinite(actual) || !Double.isFinite(forecast)) {
            return false;
        }
        double absoluteError = Math.abs(actual - forecast);
        double denominator = Math.abs(actual) + Math.abs(forecast);
        boolean scaled = seasonalScale > 0 && Double.isFinite(seasonalScale);
        absoluteErrors[next] = absoluteError;
        // 0/0 (both zero) is a perfect forecast, not an undefined one.
        smapeTerms[next] = denominator == 0 ? 0 : 200 * absoluteError / denominator;
        scaledErrors[next] = scaled ? absoluteError / seasonalScale : Double.NaN;
        covered[next] = coverage(actual, lower, upper);
        scaledWidths[next] = scaled && covered[next] != NO_INTERVAL ? (upper - lower) / seasonalScale : Double.NaN;
        next = (next + 1) % absoluteErrors.length;
        size = Math.min(size + 1, absoluteErrors.length);
        return true;
    }

    private static byte coverage(double actual, double lower, double upper) {
        if (!Double.isFinite(lower) || !Double.isFinite(upper)) {
            return NO_INTERVAL;
        }
        return (byte) (actual >= lower && actual <= upper ? 1 : 0);
    }

    /** Mean absolute error in the series' own units; NaN before the first point. */
    synchronized double mae() {
        return mean(absoluteErrors);
    }

    /** Symmetric MAPE in percent, 0..200: mean of 200·|a−f|/(|a|+|f|); NaN before the first point. */
    synchronized double smape() {
        return mean(smapeTerms);
    }

    /** Mean of |a−f|/seasonalScale over points that had a positive finite scale; NaN if none. */
    synchronized double mase() {
        return mean(scaledErrors);
    }

    /** Share (0..1) of actuals inside [lower, upper] among points that had an interval; NaN if none. */
    synchronized double coverage() {
        int withInterval = 0;
        int inside = 0;
        for (int i = 0; i < size; i++) {
            if (covered[i] != NO_INTERVAL) {
                withInterval++;
                inside += covered[i];
            }
        }
        return withInterval == 0 ? Double.NaN : (double) inside / withInterval;
    }

    /**
     * Mean interval width over the seasonal scale, among points that had an interval and a usable
     * scale; NaN if none. Read beside {@link #coverage}: intervals can cover by being wide, so an
     * operator wants both, and the width in units of MASE can be compared with it.
     */
    synchronized double intervalWidth() {
        return mean(scaledWidths);
    }

    /** Mean of the finite values among the filled slots. */
    private double mean(double[] values) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (!Double.isNaN(values[i])) {
                sum += values[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
