package io.streamcast.emit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One horizon step of a forecast; lower/upper bound the central {@code interval.coverage} interval.
 * {@code quantiles}, present only when the topology asks for some ({@code interval.quantiles}),
 * maps each probability, written as {@link #key}, to the value the actual is that likely to fall
 * at or below; in ascending order.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ForecastPoint(
        int h, Instant ts, double value, Double lower, Double upper, Map<String, Double> quantiles) {
    public ForecastPoint(int h, Instant ts, double value, Double lower, Double upper) {
        this(h, ts, value, lower, upper, null);
    }

    /** Keys already made: a topology has a few probabilities, and every forecast names them again. */
    private static final Map<Double, String> KEYS = new ConcurrentHashMap<>();

    /** A probability as a quantile's key: its shortest decimal, {@code 0.05}, {@code 0.5}, {@code 0.95}. */
    public static String key(double probability) {
        return KEYS.computeIfAbsent(
                probability, p -> BigDecimal.valueOf(p).stripTrailingZeros().toPlainString());
    }
}
