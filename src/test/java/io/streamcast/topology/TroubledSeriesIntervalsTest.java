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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One series in trouble, in a task with healthy ones: the demo's topology on three weeks of the
 * bundled temperatures of both cities and a third sensor that reads as Seattle's until, after a
 * week, something happens to it. Its own next-day intervals must go on covering it, and its
 * neighbours' must stay what they are without it: the calibrators are shared by a task's series,
 * and each of these once widened every series' intervals (measured before the fixes, widest
 * next-day half-width of San Francisco's, +-0.39 degrees without the third sensor):
 *
 * <ul>
 *   <li>a sensor frozen at its last reading: +-106,853 degrees, growing without bound, as its
 *       errors were divided by a running seasonal change decaying to zero (its own intervals
 *       covered 45%); fixed by the base's one-step error as a floor under a series' scale;
 *   <li>one reading three times too high: +-72, as adapting drove the miss rate to 0 and with it
 *       the half-width to the single largest remembered error, the faulty reading's hundreds of
 *       scale units; fixed by adapting stopping at a quarter of the nominal miss rate;
 *   <li>a step of 15 degrees (a recalibrated sensor): +-13, the same way.
 * </ul>
 */
class TroubledSeriesIntervalsTest {
    private static final int HOURS = 24 * 21;
    private static final int TROUBLE_AT = 24 * 7;
    private static final String TROUBLED = "third-sensor";

    @TempDir
    Path stateDir;

    /** What happens to the third sensor's readings (Seattle's) from {@link #TROUBLE_AT} on. */
    enum Trouble {
        FROZEN((hour, seattle) -> seattle.get(Math.min(hour, TROUBLE_AT))),
        FAULTY_READING((hour, seattle) -> hour == TROUBLE_AT ? 3 * seattle.get(hour) : seattle.get(hour)),
        LEVEL_STEP((hour, seattle) -> hour >= TROUBLE_AT ? seattle.get(hour) + 15 : seattle.get(hour));

        private final BiFunction<Integer, List<Double>, Double> reading;

        Trouble(BiFunction<Integer, List<Double>, Double> reading) {
            this.reading = reading;
        }
    }

    /** What one replay published after the trouble began: per series, the widest next-day half-width. */
    private record Replay(Map<String, Double> widest, double troubledCoverage) {}

    @ParameterizedTest
    @EnumSource(Trouble.class)
    void aTroubledSeriesKeepsCoveringAndLeavesItsNeighboursIntervalsAsTheyWere(Trouble trouble) throws IOException {
        Map<String, List<Double>> cities = DemoData.temperatures(HOURS);
        Replay without = replay(cities, stateDir.resolve("without"));
        Map<String, List<Double>> withTrouble = new LinkedHashMap<>(cities);
        List<Double> third = new ArrayList<>();
        for (int hour = 0; hour < HOURS; hour++) {
            third.add(trouble.reading.apply(hour, cities.get("seattle")));
        }
        withTrouble.put(TROUBLED, third);
        Replay with = replay(withTrouble, stateDir.resolve("with"));
        System.err.printf(
                Locale.ROOT,
                "%s: widest next-day half-width after it, without / with the third sensor: %s / %s;"
                        + " the third sensor's next-day coverage %.3f%n",
                trouble,
                without.widest(),
                with.widest(),
                with.troubledCoverage());
        for (String city : cities.keySet()) {
            double ratio = with.widest().get(city) / without.widest().get(city);
            // Measured at most 1.12 (San Francisco beside the frozen sensor); before the fixes
            // 33 to 275,000.
            assertTrue(ratio <= 1.5, city + "'s intervals widened " + ratio + " times beside a " + trouble);
        }
        // Measured 0.904 / 0.872 / 0.856 (frozen / faulty reading / level step); nominal 0.8. The
        // frozen sensor's covered 0.450 before.
        assertTrue(with.troubledCoverage() >= 0.7, trouble + ": next-day coverage " + with.troubledCoverage());
    }

    private static Replay replay(Map<String, List<Double>> data, Path stateDir) {
        TopologySpec spec = DemoData.frozenTopology();
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
                    if (hour < TROUBLE_AT) {
                        continue;
                    }
                    List<ForecastPoint> points = f.points();
                    ForecastPoint nextDay = points.get(points.size() - 1);
                    widest.merge(f.series(), (nextDay.upper() - nextDay.lower()) / 2, Math::max);
                    int target = hour + points.size();
                    if (f.series().equals(TROUBLED) && target < HOURS) {
                        double actual = data.get(TROUBLED).get(target);
                        scored++;
                        covered += actual >= nextDay.lower() && actual <= nextDay.upper() ? 1 : 0;
                    }
                }
            }
        }
        return new Replay(widest, scored == 0 ? Double.NaN : (double) covered / scored);
    }
}
