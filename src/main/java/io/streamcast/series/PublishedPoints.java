package io.streamcast.series;

/**
 * The newest forecast of a series exactly as it was published: per step the value and the
 * interval's half-width, as doubles (the point is value, value - half and value + half), and the
 * values of its further quantiles ({@code interval.quantiles}): {@code quantileValues[i][h]} is
 * the quantile of probability {@code probabilities[i]} at step h. The remembered forecasts keep
 * floats, enough for scoring, but {@code GET /forecasts/{series}} is answered from this and must
 * say what the forecasts topic said, digit for digit.
 */
public record PublishedPoints(double[] values, double[] halfWidths, double[] probabilities, double[][] quantileValues) {
    private static final double[] NO_PROBABILITIES = {};
    private static final double[][] NO_QUANTILES = {};

    public PublishedPoints {
        if (values.length != halfWidths.length) {
            throw new IllegalArgumentException(values.length + " values but " + halfWidths.length + " half-widths");
        }
        if (probabilities.length != quantileValues.length) {
            throw new IllegalArgumentException(
                    probabilities.length + " probabilities but " + quantileValues.length + " quantiles");
        }
        for (double[] q : quantileValues) {
            if (q.length != values.length) {
                throw new IllegalArgumentException(values.length + " values but a quantile of " + q.length + " steps");
            }
        }
    }

    /** Without further quantiles. */
    public PublishedPoints(double[] values, double[] halfWidths) {
        this(values, halfWidths, NO_PROBABILITIES, NO_QUANTILES);
    }

    public int horizon() {
        return values.length;
    }
}
