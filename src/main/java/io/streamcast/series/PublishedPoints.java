package io.streamcast.series;

/**
 * The newest forecast of a series exactly as it was published: per step the value and the
 * interval's half-width, as doubles (the point is value, value - half and value + half). The
 * remembered forecasts keep floats, enough for scoring, but {@code GET /forecasts/{series}} is
 * answered from this and must say what the forecasts topic said, digit for digit.
 */
public record PublishedPoints(double[] values, double[] halfWidths) {
    public PublishedPoints {
        if (values.length != halfWidths.length) {
            throw new IllegalArgumentException(values.length + " values but " + halfWidths.length + " half-widths");
        }
    }

    public int horizon() {
        return values.length;
    }
}
