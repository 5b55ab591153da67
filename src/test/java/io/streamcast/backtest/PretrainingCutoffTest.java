package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamcast.config.YamlConfig;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No look-ahead across series: pretraining may use every series only up to the earliest moment
 * any series is forecast, so a shock shared by the series (a recession) cannot reach the network
 * through a series whose test period starts later.
 */
class PretrainingCutoffTest {
    private static List<SeriesPoint> monthly(String start, int n) {
        List<SeriesPoint> points = new ArrayList<>();
        Instant t = Instant.parse(start);
        for (int i = 0; i < n; i++) {
            points.add(new SeriesPoint(t.atOffset(ZoneOffset.UTC).plusMonths(i).toInstant(), i));
        }
        return points;
    }

    @Test
    void everySeriesIsCutAtTheEarliestFirstOriginOfAll() {
        Map<String, List<SeriesPoint>> data = new LinkedHashMap<>();
        data.put("short", monthly("2000-01-01T00:00:00Z", 60)); // first origin index 35: 2002-12
        data.put("late", monthly("2000-01-01T00:00:00Z", 120)); // first origin index 95: 2007-12
        BacktestRunner runner =
                new BacktestRunner(YamlConfig.parseTopology("name: t\nstep: P1M\nperiod: 12\n", List.of()), 0.2, null);
        assertEquals(Instant.parse("2002-12-01T00:00:00Z"), runner.earliestFirstOrigin(data));
        Map<String, double[]> histories = runner.historiesUpToFirstOrigin(data);
        assertEquals(36, histories.get("short").length, "its own first origin");
        assertEquals(
                36, histories.get("late").length, "cut at the other series' first origin, not its own (96 points)");
    }
}
