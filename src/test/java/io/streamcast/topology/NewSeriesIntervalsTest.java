package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastPoint;
import io.streamcast.model.VersionedModel;
import io.streamcast.training.NetworkTaskModels;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees while new series fill their first seasons: the demo's topology (hourly, a daily
 * season) on the first three days of the bundled temperatures, both cities, served by the naive
 * fallbacks and then the smoothing base. Their next-hour intervals must be of the size of the
 * series' hourly moves: in the demo of 2026-12-06 Seattle's naive h=1 intervals went from +-2 to
 * +-37 degrees in its fifth hour, as the first error of each new series, divided by a placeholder
 * scale (one value has no spread), entered the calibrator as 25 scale units.
 */
class NewSeriesIntervalsTest {
    private static final int HOURS = 72;

    @TempDir
    Path stateDir;

    @Test
    void aNewSeriesNextHourIntervalsStayTheSizeOfItsHourlyMoves() throws IOException {
        TopologySpec spec = DemoData.frozenTopology();
        Map<String, List<Double>> data = DemoData.temperatures(HOURS);
        Map<String, Double> largestMove = new HashMap<>();
        double worst = 0;
        String worstAt = "";
        int judged = 0;
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, (VersionedModel) null), stateDir)) {
            for (int hour = 0; hour < HOURS; hour++) {
                Instant ts = TopologyHarness.T0.plus(Duration.ofHours(hour));
                for (Map.Entry<String, List<Double>> e : data.entrySet()) {
                    List<Double> v = e.getValue();
                    h.sendAt(e.getKey(), ts, v.get(hour), 1000L + hour);
                    if (hour > 0) {
                        largestMove.merge(e.getKey(), Math.abs(v.get(hour) - v.get(hour - 1)), Math::max);
                    }
                }
                for (TestRecord<String, Forecast> r : h.flushAndReadRecords()) {
                    Forecast f = r.value();
                    Double move = largestMove.get(f.series());
                    if (move == null || move == 0) {
                        continue; // one value, or none that moved: no size to hold the interval to
                    }
                    ForecastPoint first = f.points().get(0);
                    double ratio = (first.upper() - first.lower()) / 2 / move;
                    judged++;
                    if (ratio > worst) {
                        worst = ratio;
                        worstAt = String.format(
                                Locale.ROOT,
                                "%s %s at %s: h=1 [%.2f, %.2f], largest hourly move so far %.2f",
                                f.series(),
                                f.model(),
                                f.origin(),
                                first.lower(),
                                first.upper(),
                                move);
                    }
                }
            }
        }
        System.err.printf(Locale.ROOT, "widest next-hour interval: %.2f times the largest move (%s)%n", worst, worstAt);
        assertTrue(judged > 2 * (HOURS - 2), "forecasts judged: " + judged);
        // An 80% next-hour interval wider than three of the largest hourly moves the series has
        // made claims a move the data has never come near; +-37 degrees was 11 times it.
        assertTrue(worst <= 3, "widest next-hour interval " + worst + " times the largest move: " + worstAt);
    }
}
