package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Forecast;
import io.streamcast.model.VersionedModel;
import io.streamcast.training.NetworkTaskModels;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gap in a new series' first day (a sensor offline from 10:00 to 15:00) on the demo's topology
 * and the bundled temperatures: a day later seasonal naive forecasts those hours from what was
 * filled in for them. Bridged by the line across the gap, the next-hour forecasts of those six
 * hours err less than they would from the last value before the gap carried forward (what was
 * filled before 2026-12-06), on both cities, twenty series starts each (three days apart).
 */
class FirstSeasonGapTest {
    private static final int GAP_FROM = 10;
    private static final int GAP_TO = 16;

    @TempDir
    Path stateDir;

    @Test
    void aFirstDayGapIsForecastADayLaterFromTheLineAcrossIt() throws IOException {
        TopologySpec spec = DemoData.frozenTopology();
        Map<String, List<Double>> temperatures = DemoData.temperatures(24 * 60);
        for (String city : List.of("seattle", "san_francisco")) {
            double[] v = temperatures.get(city).stream()
                    .mapToDouble(Double::doubleValue)
                    .toArray();
            double served = 0;
            double carried = 0;
            int n = 0;
            for (int start = 0; start + 48 <= v.length; start += 24 * 3) {
                try (TopologyHarness h = new TopologyHarness(
                        spec, NetworkTaskModels.frozen(spec, (VersionedModel) null), stateDir.resolve(city + start))) {
                    for (int hour = 0; hour < 48; hour++) {
                        if (hour >= GAP_FROM && hour < GAP_TO) {
                            continue;
                        }
                        h.sendAt(city, TopologyHarness.T0.plus(Duration.ofHours(hour)), v[start + hour], 1000L + hour);
                        for (TestRecord<String, Forecast> r : h.flushAndReadRecords()) {
                            int target = (int) Duration.between(
                                                    TopologyHarness.T0,
                                                    r.value().origin())
                                            .toHours()
                                    + 1;
                            if (target >= GAP_FROM + 24 && target < GAP_TO + 24) {
                                assertEquals("seasonal-naive", r.value().model());
                                double actual = v[start + target];
                                served += Math.abs(r.value().points().get(0).value() - actual);
                                carried += Math.abs(v[start + GAP_FROM - 1] - actual);
                                n++;
                            }
                        }
                    }
                }
            }
            System.err.printf(
                    Locale.ROOT,
                    "%s: next-hour MAE over the gap's hours a day later %.3f, from the value carried forward %.3f (%d forecasts)%n",
                    city,
                    served / n,
                    carried / n,
                    n);
            assertEquals(20 * (GAP_TO - GAP_FROM), n);
            assertTrue(served < carried, city + ": " + served / n + " against " + carried / n);
        }
    }
}
