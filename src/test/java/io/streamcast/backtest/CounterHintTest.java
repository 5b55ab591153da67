package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a backtest names {@code aggregate: increase}: series that only rise, a cumulative total read as it is. */
class CounterHintTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static List<SeriesPoint> series(double... values) {
        List<SeriesPoint> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new SeriesPoint(T0.plusSeconds(3600L * i), values[i]));
        }
        return points;
    }

    @Test
    void aMetersTotalReadAsItIsNamesIncrease() {
        // A kWh total read hourly: flat at night, rising by day.
        double[] meter = new double[200];
        double total = 5_000;
        for (int h = 0; h < meter.length; h++) {
            total += h % 24 < 6 ? 0 : 1.5;
            meter[h] = total;
        }
        assertEquals(
                "every series only rises, but for a rare drop: if it is a cumulative total (a meter's reading, a"
                        + " counter), `aggregate: increase` forecasts how much it rises per step instead, a drop"
                        + " taken as a restart from zero",
                CounterHint.of(Map.of("house", series(meter))));

        // Replaced once (a drop in 199 steps): still a counter.
        meter[120] = 3;
        for (int h = 121; h < meter.length; h++) {
            meter[h] = meter[h - 1] + 1;
        }
        assertEquals(false, CounterHint.of(Map.of("house", series(meter))).isEmpty());
    }

    @Test
    void seriesThatAlsoFallOrStandStillAreNotCounters() {
        assertEquals("", CounterHint.of(Map.of("temps", series(1, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6))));
        assertEquals("", CounterHint.of(Map.of("flat", series(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2))));
        assertEquals("", CounterHint.of(Map.of("short", series(1, 2, 3))));
        // AirPassengers rises in the long run but falls within every year.
        assertEquals(
                "", CounterHint.of(SeriesCsv.read(java.nio.file.Path.of("src/main/resources/data/AirPassengers.csv"))));
    }
}
