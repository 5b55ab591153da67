package io.streamcast.topology;

import static io.streamcast.topology.TopologyHarness.T0;
import static io.streamcast.topology.TopologyHarness.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Anomaly;
import io.streamcast.emit.Forecast;
import io.streamcast.ingest.Rejection;
import io.streamcast.metrics.MetricNames;
import io.streamcast.training.NetworkTaskModels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second reading within the step of its series' newest (a resend stamped anew, an extra manual
 * reading) is a duplicate of that step: dead-lettered with the step it falls on, and the series
 * goes on exactly as without it. Taken as the next step, it shifted the series' seasonality and
 * every later forecast's targets by one step for good.
 */
class SecondReadingInAStepTest {
    @TempDir
    Path stateDir;

    private static final int HOURS = 30;

    @Test
    void aSecondReadingWithinTheStepIsADuplicateAndMovesNothing() {
        TopologySpec spec = TopologyHarness.hourlySpec(4);
        List<Forecast> without;
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("a"))) {
            without = replay(h, false);
            assertEquals(List.of(), h.dlq.readRecordsToList());
        }
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("b"))) {
            List<Forecast> with = replay(h, true);

            var dead = h.dlq.readRecordsToList();
            assertEquals(
                    List.of("DUPLICATE_TS"),
                    dead.stream().map(r -> header(r, Rejection.ERROR_HEADER)).toList());
            assertEquals(
                    "ts 2024-01-01T12:20:00Z falls on the step of 2024-01-01T12:00:00Z, which already has a value",
                    header(dead.get(0), Rejection.DETAIL_HEADER));
            assertEquals(without, with, "every forecast as without the second reading: values, targets, intervals");
        }
    }

    /**
     * Readings up to half an hour early or late each land on their hour: no step filled, none
     * refused, every forecast and anomaly as from the clean series, its targets on the hour. Judged against
     * the last reading instead of the grid, a reading 2 minutes early and the next 29 minutes
     * late were taken for a missing hour between them.
     */
    @Test
    void readingsUpToHalfAStepOffTheirHourLandOnIt() {
        TopologySpec spec = TopologyHarness.hourlySpec(4);
        List<Forecast> clean;
        List<Anomaly> cleanAnomalies;
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("a"))) {
            clean = replay(h, hour -> 0);
            cleanAnomalies = h.anomalies.readValuesToList();
        }
        assertTrue(
                cleanAnomalies.stream().anyMatch(a -> a.ts().equals(T0.plus(Duration.ofHours(25)))),
                "the spike is an anomaly");
        int[] offsets = {0, -2, 29, -29, 5, 28, -3, 14, -27, 29};
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("b"))) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            h.metrics.bindTo(registry);
            List<Forecast> jittered = replay(h, hour -> offsets[hour % offsets.length]);

            assertEquals(List.of(), h.dlq.readRecordsToList());
            assertEquals(
                    0, registry.get(MetricNames.STEPS_FILLED).functionCounter().count(), "no step taken for missing");
            assertEquals(clean, jittered, "the same forecasts, origins and targets on the hour");
            assertEquals(cleanAnomalies, h.anomalies.readValuesToList(), "the same anomalies, at the hour judged");
        }
    }

    /** A feed twice as fast as its topology's step: the readings on the hour serve, those half-way are duplicates. */
    @Test
    void aFeedTwiceAsFastAsItsStepKeepsTheReadingsOnTheGrid() {
        TopologySpec spec = TopologyHarness.hourlySpec(4);
        List<Forecast> hourly;
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("a"))) {
            hourly = replay(h, hour -> 0);
        }
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("b"))) {
            for (int hour = 0; hour < HOURS; hour++) {
                Instant ts = T0.plus(Duration.ofHours(hour));
                h.sendAt("s", ts, wave(hour), 1000L + hour);
                h.sendAt("s", ts.plus(Duration.ofMinutes(30)), -wave(hour), 1000L + hour);
            }
            List<Forecast> halfHourly =
                    h.flushAndReadRecords().stream().map(TestRecord::value).toList();

            assertEquals(hourly, halfHourly);
            assertEquals(HOURS, h.dlq.readRecordsToList().size(), "every half-hour reading a duplicate of its hour");
        }
    }

    /** A wave a season of 4 long on a slow rise, with a spike at hour 25 (an anomaly). */
    private static double wave(int hour) {
        return 20 + 5 * Math.sin(hour * Math.PI / 2) + hour * 0.1 + (hour == 25 ? 30 : 0);
    }

    /** Hourly readings of a wave; with {@code extra}, a second reading 20 minutes into hour 12. */
    private static List<Forecast> replay(TopologyHarness h, boolean extra) {
        return replay(h, hour -> 0, extra);
    }

    /** Hourly readings of a wave, each stamped {@code minutesOff} its hour. */
    private static List<Forecast> replay(TopologyHarness h, IntUnaryOperator minutesOff) {
        return replay(h, minutesOff, false);
    }

    private static List<Forecast> replay(TopologyHarness h, IntUnaryOperator minutesOff, boolean extra) {
        for (int hour = 0; hour < HOURS; hour++) {
            Instant ts = T0.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minutesOff.applyAsInt(hour)));
            h.sendAt("s", ts, wave(hour), 1000L + hour);
            if (extra && hour == 12) {
                h.sendAt("s", ts.plus(Duration.ofMinutes(20)), 99, 1000L + hour);
            }
        }
        return h.flushAndReadRecords().stream().map(TestRecord::value).toList();
    }
}
