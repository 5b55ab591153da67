package io.streamcast.emit;

/**
 * The values a topology's series can take ({@code values.min}, {@code values.max}): counts, sales
 * and rainfall are never below 0, a share never above 100. A forecast is published inside it: the
 * point clamped into the range, then each bound of its interval (point -/+ half-width) and each
 * further quantile. An interval that reached past the range covers the same possible actuals once
 * clamped, so coverage holds and the interval score can only improve; a negative forecast of a
 * count was an error the data could never confirm.
 */
public record ValueRange(double min, double max) {
    /** No bounds: what a topology without {@code values} publishes, exactly as computed. */
    public static final ValueRange UNBOUNDED = new ValueRange(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    public ValueRange {
        if (Double.isNaN(min) || Double.isNaN(max) || !(min < max)) {
            throw new IllegalArgumentException("values.min must be below values.max, got " + min + " and " + max);
        }
    }

    /** {@code v} moved into the range; NaN stays NaN. */
    public double clamp(double v) {
        return v < min ? min : v > max ? max : v;
    }
}
