package io.streamcast.series;

/**
 * A forecast made at the observation with index {@code originIndex} (0-based count), kept to be
 * scored as its actuals arrive (accuracy metrics, interval calibration, the correction gate).
 * {@code base} is the smoothing base's forecast and {@code network} the network's (null when it
 * did not run), whichever served: scoring both is how a task learns whether the network's
 * correction still earns its place.
 *
 * <p>Stored on its own, once, when the forecast is emitted ({@link RememberedForecastSerde}); not
 * in the series record, which changes with every observation and would otherwise rewrite H of
 * these each time.
 */
public record RememberedForecast(long originIndex, String model, float[] forecast, float[] lower, float[] upper,
                                 float[] base, float[] network) {
    public RememberedForecast(long originIndex, String model, float[] forecast, float[] lower, float[] upper) {
        this(originIndex, model, forecast, lower, upper, null, null);
    }
}
