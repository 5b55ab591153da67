package io.streamcast.series;

/**
 * The further quantiles a remembered forecast carried ({@code interval.quantiles}), kept so that
 * each can be scored live as its actuals arrive: {@code values[i][h]} is the quantile of
 * probability {@code probabilities[i]} at 0-based step h (NaN for a step already past, as in the
 * forecast itself), floats like the rest of a remembered forecast.
 */
public record RememberedQuantiles(double[] probabilities, float[][] values) {
    public RememberedQuantiles {
        if (probabilities.length != values.length) {
            throw new IllegalArgumentException(
                    probabilities.length + " probabilities but " + values.length + " quantiles");
        }
    }
}
