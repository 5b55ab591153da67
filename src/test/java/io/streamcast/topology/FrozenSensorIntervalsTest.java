package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastPoint;
import io.streamcast.model.VersionedModel;
import io.streamcast.training.NetworkTaskModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sensor that freezes at its last reading, in a task with live ones: the demo's topology on the
 * bundled temperatures of both cities and a third sensor that reads as Seattle's until, after a
 * week, it freezes. A frozen series stops moving, so its running seasonal change decays toward
 * zero, while the base goes on forecasting the daily swing it learnt and errs by degrees. With
 * those errors divided by the vanishing change alone, the calibrators the task's series share grew
 * without bound: two weeks after the freeze San Francisco's next-day intervals were +-106,853
 * degrees (+-0.39 at most without the frozen sensor), and the frozen sensor's own covered 45% of
 * its readings.
 */
class FrozenSensorIntervalsTest {
    private static final Path TEMPS = Path.of("src/main/resources/data/vega_hourly_temps.csv");
    private static final int HOURS = 24 * 21;
    private static final int FROZEN_AT = 24 * 7;
    private static final String FROZEN = "frozen-sensor";

    @TempDir
    Path stateDir;

    /** What one replay published: per series, the widest next-day half-width after the freeze. */
    private record Replay(Map<String, Double> widestAfterFreeze, double frozenCoverage) {}

    @Test
    void aFrozenSensorKeepsHonestIntervalsAndLeavesItsNeighboursAsTheyWere() throws IOException {
        Map<String, List<Double>> cities = firstHours(HOURS);
        Replay without = replay(cities, stateDir.resolve("without"));
        Map<String, List<Double>> withFrozen = new LinkedHashMap<>(cities);
        List<Double> seattle = cities.get("seattle");
        List<Double> frozen = new ArrayList<>();
        for (int hour = 0; hour < HOURS; hour++) {
            frozen.add(seattle.get(Math.min(hour, FROZEN_AT)));
        }
        withFrozen.put(FROZEN, frozen);
        Replay with = replay(withFrozen, stateDir.resolve("with"));
        System.err.printf(
                Locale.ROOT,
                "widest next-day half-width after the freeze, without / with the frozen sensor: %s / %s;"
                        + " the frozen sensor's next-day coverage %.3f%n",
                without.widestAfterFreeze(),
                with.widestAfterFreeze(),
                with.frozenCoverage());
        for (String city : cities.keySet()) {
            double ratio = with.widestAfterFreeze().get(city)
                    / without.widestAfterFreeze().get(city);
            // Measured 2.0 (San Francisco) and 1.6 (Seattle): for about a day after the freeze the
            // frozen sensor's errors are new and large in its own units, and the task's intervals
            // widen with them. Before the base's error bounded the unit from below: 275,000 times.
            assertTrue(ratio <= 3, city + "'s intervals widened " + ratio + " times beside a frozen sensor");
        }
        // Measured 0.904 (0.450 before); nominal 0.8.
        assertTrue(with.frozenCoverage() >= 0.7, "the frozen sensor's next-day coverage " + with.frozenCoverage());
    }

    private static Replay replay(Map<String, List<Double>> data, Path stateDir) {
        TopologySpec spec =
                YamlConfig.loadTopology(Path.of("topologies/hourly-temps-gru.yaml"), List.of("training.online=false"));
        Map<String, Double> widest = new HashMap<>();
        int covered = 0;
        int scored = 0;
        try (TopologyHarness h = new TopologyHarness(
                spec, NetworkTaskModels.frozen(spec, (VersionedModel) null), TopologyHarness.props("test", stateDir))) {
            for (int hour = 0; hour < HOURS; hour++) {
                Instant ts = TopologyHarness.T0.plus(Duration.ofHours(hour));
                for (Map.Entry<String, List<Double>> e : data.entrySet()) {
                    h.sendAt(e.getKey(), ts, e.getValue().get(hour), 1000L + hour);
                }
                for (TestRecord<String, Forecast> r : h.flushAndReadRecords()) {
                    Forecast f = r.value();
                    List<ForecastPoint> points = f.points();
                    ForecastPoint nextDay = points.get(points.size() - 1);
                    if (hour >= FROZEN_AT) {
                        widest.merge(f.series(), (nextDay.upper() - nextDay.lower()) / 2, Math::max);
                    }
                    int target = hour + points.size();
                    if (f.series().equals(FROZEN) && hour >= FROZEN_AT && target < HOURS) {
                        double actual = data.get(FROZEN).get(target);
                        scored++;
                        covered += actual >= nextDay.lower() && actual <= nextDay.upper() ? 1 : 0;
                    }
                }
            }
        }
        return new Replay(widest, scored == 0 ? Double.NaN : (double) covered / scored);
    }

    /** Per series, its first {@code hours} values, oldest first. */
    private static Map<String, List<Double>> firstHours(int hours) throws IOException {
        Map<String, List<Double>> bySeries = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(TEMPS);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            List<Double> values = bySeries.computeIfAbsent(f[0], k -> new ArrayList<>());
            if (values.size() < hours) {
                values.add(Double.parseDouble(f[2]));
            }
        }
        return bySeries;
    }
}
