package io.streamcast.backtest;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a backtest says when every series of a plain topology only rises, but for a rare drop: a
 * cumulative counter (an energy meter's kWh total, a Prometheus counter, a web page's all-time
 * views) read as it is. Forecasting the total forecasts mostly its past; what users of such data
 * want is how much it rises per step, which {@code aggregate: increase} makes of the readings
 * (resets counted as from zero).
 */
public final class CounterHint {
    /** Fewer steps than this say nothing about a series' shape. */
    private static final int MIN_POINTS = 10;

    private CounterHint() {}

    /** One line, or empty unless every series is a counter (drops at most 1% of its steps, rises on a tenth or more). */
    public static String of(Map<String, List<SeriesPoint>> data) {
        if (data.isEmpty()) {
            return "";
        }
        for (List<SeriesPoint> points : data.values()) {
            if (points.size() < MIN_POINTS) {
                return "";
            }
            int rises = 0;
            int drops = 0;
            for (int i = 1; i < points.size(); i++) {
                double d = points.get(i).value() - points.get(i - 1).value();
                rises += d > 0 ? 1 : 0;
                drops += d < 0 ? 1 : 0;
            }
            int steps = points.size() - 1;
            if (drops * 100 > steps || rises * 10 < steps) {
                return "";
            }
        }
        return String.format(
                Locale.ROOT,
                "every series only rises, but for a rare drop: if %s cumulative total%s (a meter's reading, a"
                        + " counter), `aggregate: increase` forecasts how much %s per step instead, a drop"
                        + " taken as a restart from zero",
                data.size() == 1 ? "it is a" : "they are",
                data.size() == 1 ? "" : "s",
                data.size() == 1 ? "it rises" : "each rises");
    }
}
