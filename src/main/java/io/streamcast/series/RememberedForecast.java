package io.streamcast.series;

/**
 * A forecast made at the observation with index {@code originIndex} (0-based count), kept to be
 * scored as its actuals arrive (accuracy metrics, interval calibration, the correction gate).
 * {@code base} is the smoothing base's forecast and {@code network} the network's (null when it
 * did not run), whichever served: scoring both is how a task learns whether the network's
 * correction still earns its place.
 *
 * <p>{@code version} is the model version the forecast names and {@code originMillis} its origin's
 * timestamp, so an anomaly event can say which forecast it contradicts; {@link #UNKNOWN} in
 * forecasts remembered before they were kept. {@code quantiles} are its further quantiles
 * ({@code interval.quantiles}), null when the topology asks for none.
 *
 * <p>Kept with the other forecasts of its series that still have a step to come
 * ({@link RecentForecasts}), in a store of their own, not in the series record: that record is
 * written for every observation, the forecasts only when one is emitted.
 * {@link RememberedForecastSerde} is the form an earlier layout stored each one in.
 */
public record RememberedForecast(
        long originIndex,
        String model,
        float[] forecast,
        float[] lower,
        float[] upper,
        float[] base,
        float[] network,
        long version,
        long originMillis,
        RememberedQuantiles quantiles) {
    /** The version or origin of a forecast remembered before either was kept. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    /** Without further quantiles. */
    public RememberedForecast(
            long originIndex,
            String model,
            float[] forecast,
            float[] lower,
            float[] upper,
            float[] base,
            float[] network,
            long version,
            long originMillis) {
        this(originIndex, model, forecast, lower, upper, base, network, version, originMillis, null);
    }

    public RememberedForecast(
            long originIndex,
            String model,
            float[] forecast,
            float[] lower,
            float[] upper,
            float[] base,
            float[] network) {
        this(originIndex, model, forecast, lower, upper, base, network, UNKNOWN, UNKNOWN);
    }

    public RememberedForecast(long originIndex, String model, float[] forecast, float[] lower, float[] upper) {
        this(originIndex, model, forecast, lower, upper, null, null);
    }
}
