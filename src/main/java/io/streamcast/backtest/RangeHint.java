package io.streamcast.backtest;

import io.streamcast.emit.ValueRange;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a backtest says when its topology publishes forecasts below 0 for data that never was:
 * rainfall, sales, counts written as plain values. Such forecasts are errors the data could never
 * confirm, and {@code values: { min: 0 }} publishes them at 0 (a {@code count} or {@code
 * increase} aggregate has that range already). Daily Seattle rainfall forecast as a plain series
 * had 8.6% of its forecasts and 87% of its lower bounds below 0 (accuracy.md, session 53).
 */
public final class RangeHint {
    private RangeHint() {}

    /** One line, or empty when the topology bounds its values below, the data went below 0, or no forecast did. */
    public static String of(Map<String, List<SeriesPoint>> data, List<ForecastRow> rows, ValueRange range) {
        if (range.min() > Double.NEGATIVE_INFINITY || rows.isEmpty()) {
            return "";
        }
        for (List<SeriesPoint> points : data.values()) {
            for (SeriesPoint p : points) {
                if (p.value() < 0) {
                    return "";
                }
            }
        }
        long belowZero = rows.stream().filter(r -> r.forecast() < 0).count();
        long lowerBelowZero =
                rows.stream().filter(r -> r.lower() != null && r.lower() < 0).count();
        if (belowZero == 0 && lowerBelowZero == 0) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                "every value of the data is at least 0, yet %d forecasts (%.1f%%) and %d lower bounds (%.1f%%) fell"
                        + " below 0: if the series cannot be negative (rainfall, sales, counts), `values: { min: 0 }`"
                        + " publishes them at 0, closer to every actual",
                belowZero,
                100.0 * belowZero / rows.size(),
                lowerBelowZero,
                100.0 * lowerBelowZero / rows.size());
    }
}
