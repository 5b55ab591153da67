package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamcast.emit.ValueRange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a backtest names {@code values: { min: 0 }}: data never below 0, forecasts that were. */
class RangeHintTest {
    private static final Instant T0 = Instant.parse("2012-01-01T00:00:00Z");

    private static ForecastRow row(double forecast, double lower) {
        return new ForecastRow("rain", T0, 1, T0.plusSeconds(86_400), forecast, lower, forecast + 1, Map.of());
    }

    @Test
    void rainfallForecastBelowZeroNamesTheRangeThatPublishesItAtZero() {
        Map<String, List<SeriesPoint>> rain =
                Map.of("rain", List.of(new SeriesPoint(T0, 0), new SeriesPoint(T0.plusSeconds(86_400), 10.9)));
        List<ForecastRow> rows = List.of(row(-0.5, -2), row(1, -1), row(2, 0.5), row(3, 1));

        assertEquals(
                "every value of the data is at least 0, yet 1 forecasts (25.0%) and 2 lower bounds (50.0%) fell below"
                        + " 0: if the series cannot be negative (rainfall, sales, counts), `values: { min: 0 }`"
                        + " publishes them at 0, closer to every actual",
                RangeHint.of(rain, rows, ValueRange.UNBOUNDED));
        assertEquals("", RangeHint.of(rain, rows, new ValueRange(0, Double.POSITIVE_INFINITY)), "declared already");
        Map<String, List<SeriesPoint>> temperature = Map.of("t", List.of(new SeriesPoint(T0, -3)));
        assertEquals("", RangeHint.of(temperature, rows, ValueRange.UNBOUNDED), "the data went below 0 itself");
        assertEquals("", RangeHint.of(rain, List.of(row(2, 0.5)), ValueRange.UNBOUNDED), "nothing below 0");
    }
}
