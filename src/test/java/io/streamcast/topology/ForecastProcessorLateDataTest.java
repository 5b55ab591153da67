package io.streamcast.topology;

import static io.streamcast.topology.TopologyHarness.T0;
import static io.streamcast.topology.TopologyHarness.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Forecast;
import io.streamcast.ingest.Rejection;
import io.streamcast.metrics.MetricNames;
import io.streamcast.series.SeriesState;
import io.streamcast.training.NetworkTaskModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Late data (lateness.grace): an observation older than its series' newest is taken only into a
 * step that was filled in for want of it, within the grace and the kept history, and then the
 * window holds the real value; everything else late is dead-lettered with a reason, as before.
 */
class ForecastProcessorLateDataTest {
    @TempDir
    Path stateDir;

    /** A season of 4 hours; max(window, period) + period + horizon = 11 values kept per series. */
    private static TopologySpec spec(String... overrides) {
        return TopologyHarness.hourlySpec(4, overrides);
    }

    private final class Harness extends TopologyHarness {
        final TestOutputTopic<String, byte[]> seriesChangelog;
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();

        Harness(TopologySpec spec) {
            super(spec, NetworkTaskModels.frozen(spec, null), stateDir);
            metrics.bindTo(registry);
            seriesChangelog = driver.createOutputTopic(
                    "test-" + StoreNames.SERIES + "-changelog", new StringDeserializer(), new ByteArrayDeserializer());
        }

        void send(String series, int hour, double value) {
            sendAt(series, T0.plus(Duration.ofHours(hour)), value);
        }

        void sendAt(String series, Instant ts, double value) {
            sendAt(series, ts, value, 1000L);
        }

        /** Sends hours 0..last of the value {@code 10 + hour}, skipping {@code missing}. */
        void sendHoursWithout(String series, int last, int... missing) {
            for (int hour = 0; hour <= last; hour++) {
                final int h = hour;
                if (java.util.Arrays.stream(missing).noneMatch(m -> m == h)) {
                    send(series, hour, 10 + hour);
                }
            }
        }

        List<Forecast> flushAndRead() {
            return flushAndReadRecords().stream().map(TestRecord::value).toList();
        }

        double[] values(String series) {
            return driver.<String, SeriesState>getKeyValueStore(StoreNames.SERIES)
                    .get(series)
                    .values();
        }

        double count(String meter) {
            return registry.get(meter).functionCounter().count();
        }

        List<String> deadReasons() {
            return dlqHeaders(Rejection.ERROR_HEADER);
        }

        List<String> dlqHeaders(String name) {
            return dlq.readRecordsToList().stream().map(r -> header(r, name)).toList();
        }
    }

    @Test
    void aLateValueWithinTheGraceTakesItsFilledStepAndTheNextForecastReadsIt() {
        try (Harness h = new Harness(spec("lateness.grace=PT6H"))) {
            h.sendHoursWithout("s", 5, 3);
            assertEquals(5, h.flushAndRead().size());
            assertArrayEquals(
                    new double[] {10, 11, 12, 13, 14, 15},
                    h.values("s"),
                    0,
                    "hour 3 filled on the line from hour 2 to hour 4 (the base is not ready)");
            h.seriesChangelog.readRecordsToList();

            h.send("s", 3, 99);

            assertTrue(h.dlq.isEmpty(), "taken, not dead-lettered");
            assertEquals(List.of(), h.flushAndRead(), "no forecast for its past origin, none made again");
            assertArrayEquals(
                    new double[] {10, 11, 12, 99, 14, 15}, h.values("s"), 0, "the window holds the real value");
            assertEquals(
                    1,
                    h.seriesChangelog.readRecordsToList().size(),
                    "one write of the series record, like any observation");
            assertEquals(1, h.count(MetricNames.OBSERVATIONS_LATE));
            assertEquals(5, h.count(MetricNames.OBSERVATIONS_ACCEPTED), "it moved nothing on");

            h.send("s", 6, 16);
            Forecast next = h.flushAndRead().get(0);
            assertEquals(T0.plus(Duration.ofHours(6)), next.origin());
            assertEquals("seasonal-naive", next.model());
            assertEquals(
                    99,
                    next.points().get(0).value(),
                    1e-9,
                    "h=1 repeats hour 3, a season back: the late value, not the fill (13)");
        }
    }

    @Test
    void aLateValueBeyondTheGraceIsTooOldAndTheDetailNamesTheGrace() {
        try (Harness h = new Harness(spec("lateness.grace=PT2H"))) {
            h.sendHoursWithout("s", 7, 3);
            h.flushAndRead();
            h.send("s", 3, 99);
            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            assertEquals(
                    List.of("TOO_OLD"),
                    dead.stream().map(r -> header(r, Rejection.ERROR_HEADER)).toList());
            assertEquals(
                    "ts 2024-01-01T03:00:00Z is PT4H before the newest accepted 2024-01-01T07:00:00Z, more than lateness.grace PT2H",
                    header(dead.get(0), Rejection.DETAIL_HEADER));
            assertEquals(
                    "{\"ts\":\"2024-01-01T03:00:00Z\",\"value\":99.0}",
                    new String(dead.get(0).value(), StandardCharsets.UTF_8),
                    "the record as it came");
            assertEquals(13, h.values("s")[3], 0, "the fill stays");
            assertEquals(0, h.count(MetricNames.OBSERVATIONS_LATE));
        }
    }

    @Test
    void byDefaultEveryLateValueIsRefusedAsBefore() {
        try (Harness h = new Harness(spec())) {
            h.sendHoursWithout("s", 5, 3);
            h.flushAndRead();
            h.send("s", 3, 99);
            h.send("s", 5, 15);
            assertEquals(List.of("TOO_OLD", "DUPLICATE_TS"), h.deadReasons());
            assertArrayEquals(new double[] {10, 11, 12, 13, 14, 15}, h.values("s"), 0);
            assertEquals(List.of(), h.flushAndRead());
            assertEquals(0, h.count(MetricNames.OBSERVATIONS_LATE));
            h.send("s", 4, 14);
            assertTrue(
                    h.dlqHeaders(Rejection.DETAIL_HEADER).get(0).endsWith("more than lateness.grace PT0S"),
                    "the detail names the field that would let it in");
        }
    }

    @Test
    void aLateValueForAStepThatAlreadyHasOneIsADuplicate() {
        try (Harness h = new Harness(spec("lateness.grace=PT6H"))) {
            h.sendHoursWithout("s", 5, 3);
            h.send("s", 2, 50);
            List<String> details = h.dlqHeaders(Rejection.DETAIL_HEADER);
            assertEquals(1, details.size());
            assertTrue(
                    details.get(0).contains("falls on the step of 2024-01-01T02:00:00Z, which already has a value"),
                    details.get(0));

            h.send("s", 3, 99);
            h.sendAt("s", T0.plus(Duration.ofHours(3)).plusSeconds(60), 77);
            assertEquals(
                    List.of("DUPLICATE_TS"), h.deadReasons(), "a step takes one late value; the second is refused");
            assertArrayEquals(new double[] {10, 11, 12, 99, 14, 15}, h.values("s"), 0, "the observed values stay");
            assertEquals(1, h.count(MetricNames.OBSERVATIONS_LATE));
            assertEquals(
                    5,
                    h.flushAndRead().size(),
                    "one forecast per on-time observation (the series was waiting in a batch), none for the late ones");
        }
    }

    /** A slightly early or late clock lands on its step, late as on time. */
    @Test
    void aLateValueOffTheGridTakesTheNearestStep() {
        try (Harness h = new Harness(spec("lateness.grace=PT6H"))) {
            h.sendHoursWithout("s", 5, 2, 3);
            h.sendAt("s", T0.plus(Duration.ofHours(3)).minusSeconds(20 * 60), 99);
            h.sendAt("s", T0.plus(Duration.ofHours(2)).minusSeconds(20 * 60), 98);
            assertTrue(h.dlq.isEmpty());
            assertArrayEquals(new double[] {10, 11, 98, 99, 14, 15}, h.values("s"), 0);
        }
    }

    @Test
    void aFilledStepThatLeftTheKeptHistoryTakesNothing() {
        try (Harness h = new Harness(spec("lateness.grace=P7D"))) {
            h.sendHoursWithout("s", 30, 3);
            h.send("s", 3, 99);
            List<String> details = h.dlqHeaders(Rejection.DETAIL_HEADER);
            assertEquals(1, details.size());
            assertEquals(
                    "ts 2024-01-01T03:00:00Z is within lateness.grace P7D but before the 11 steps its series keeps",
                    details.get(0));
        }
    }

    /**
     * The forecasts that covered the missing step were made, and passed over unscored, when the
     * series moved on: a late actual scores none of them and judges none (a wild one is no
     * anomaly), and the base that serves is not rewound.
     */
    @Test
    void aLateValueIsNeitherScoredNorJudged() {
        try (Harness h = new Harness(spec("lateness.grace=PT6H"))) {
            for (int hour = 0; hour < 24; hour++) {
                if (hour != 21) {
                    h.send("s", hour, 100 + new double[] {0, 5, 10, 5}[hour % 4]);
                }
            }
            List<Forecast> before = h.flushAndRead();
            assertEquals("ets", before.get(before.size() - 1).model(), "the base serves");
            double scored = h.registry.get(MetricNames.ACCURACY_SCORED).functionCounters().stream()
                    .mapToDouble(c -> c.count())
                    .sum();
            h.anomalies.readRecordsToList();

            h.send("s", 21, 1e6);

            assertTrue(h.dlq.isEmpty());
            assertTrue(h.anomalies.isEmpty(), "no anomaly for a late actual");
            assertEquals(
                    scored,
                    h.registry.get(MetricNames.ACCURACY_SCORED).functionCounters().stream()
                            .mapToDouble(c -> c.count())
                            .sum());
            h.send("s", 24, 100);
            Forecast next = h.flushAndRead().get(0);
            assertEquals("ets", next.model());
            assertEquals(
                    105,
                    next.points().get(0).value(),
                    1,
                    "the base goes on from where it was, not from the late value");
        }
    }
}
