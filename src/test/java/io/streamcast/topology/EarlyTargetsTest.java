package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.training.Example;
import io.streamcast.training.TaskModel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online learning gets an origin's first horizon steps as they arrive (training.earlyTargets), in
 * stages after 1, 2, 4 steps of a 4-step horizon: together the stages are exactly the complete
 * example the origin makes without them (same window, same targets, every step once), and each
 * stage comes as soon as its last target is observed.
 */
class EarlyTargetsTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final long HOUR = Duration.ofHours(1).toMillis();

    @TempDir
    Path stateDir;

    private static TopologySpec spec(boolean earlyTargets) {
        return YamlConfig.parseTopology("""
                name: early
                step: PT1H
                period: 6
                window: 8
                horizon: 4
                training: { earlyTargets: %s }
                """.formatted(earlyTargets), List.of());
    }

    /** Records what the processor offers for training; never ready, so the base serves. */
    private static final class RecordingModel implements TaskModel {
        final List<Example> examples = new ArrayList<>();

        @Override
        public boolean ready() {
            return false;
        }

        @Override
        public boolean learning() {
            return true;
        }

        @Override
        public String cell() {
            return "gru";
        }

        @Override
        public long version() {
            return 0;
        }

        @Override
        public float[] predict(float[] inputs, int batch) {
            throw new AssertionError("not ready: never asked");
        }

        @Override
        public void onExample(Example example) {
            examples.add(example);
        }

        @Override
        public void afterFlush() {}

        @Override
        public void close() {}
    }

    /** Examples offered while one seasonal series with noise streams in, hour by hour. */
    private List<Example> offered(boolean earlyTargets, int hours) {
        TopologySpec spec = spec(earlyTargets);
        RecordingModel model = new RecordingModel();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, spec.name + earlyTargets);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        p.put(
                StreamsConfig.STATE_DIR_CONFIG,
                stateDir.resolve(String.valueOf(earlyTargets)).toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ForecastTopology.build(
                        spec,
                        new TopologyMetrics(spec.name, spec.model.cell),
                        (task, store, publisher) -> model,
                        OriginFilter.ALL),
                p)) {
            TestInputTopic<String, String> in =
                    driver.createInputTopic(spec.input, new StringSerializer(), new StringSerializer());
            java.util.Random noise = new java.util.Random(5);
            for (int hour = 0; hour < hours; hour++) {
                double value = 50 + 10 * Math.sin(2 * Math.PI * hour / 6) + hour * 0.3 + noise.nextGaussian();
                in.pipeInput("s", "{\"ts\":\"" + T0.plus(Duration.ofHours(hour)) + "\",\"value\":" + value + "}");
                driver.advanceWallClockTime(Duration.ofMillis(100));
            }
        }
        return model.examples;
    }

    @Test
    void stagesTogetherAreTheCompleteExample() {
        List<Example> complete = offered(false, 60);
        List<Example> staged = offered(true, 60);
        assertFalse(complete.isEmpty(), "complete examples are offered");
        assertTrue(complete.stream().allMatch(Example::complete));
        Map<Long, List<Example>> stagesByOrigin = new HashMap<>();
        staged.forEach(e -> stagesByOrigin
                .computeIfAbsent(e.originMillis(), o -> new ArrayList<>())
                .add(e));
        for (Example whole : complete) {
            List<Example> stages = stagesByOrigin.get(whole.originMillis());
            assertNotNull(stages, "origin " + whole.originMillis() / HOUR + "h has stages");
            float[] joined = new float[whole.targets().length];
            int[] seen = new int[joined.length];
            for (Example stage : stages) {
                assertArrayEquals(whole.window(), stage.window(), 1e-5f, "the same window at the same origin");
                for (int h = stage.knownFrom(); h < stage.knownTo(); h++) {
                    joined[h] = stage.targets()[h];
                    seen[h]++;
                }
            }
            assertArrayEquals(new int[] {1, 1, 1, 1}, seen, "every step trains exactly once");
            assertArrayEquals(whole.targets(), joined, 1e-5f, "with the same target");
        }
    }

    @Test
    void eachStageComesWhenItsLastTargetArrives() {
        List<Example> staged = offered(true, 40);
        int[][] ranges = {{0, 1}, {1, 2}, {2, 4}};
        Example newest = staged.get(staged.size() - 1);
        long now = newest.completedMillis();
        List<Example> atNow =
                staged.stream().filter(e -> e.completedMillis() == now).toList();
        assertEquals(3, atNow.size(), "the newest value makes one example per stage");
        for (int i = 0; i < ranges.length; i++) {
            Example e = atNow.get(i);
            int known = ranges[i][1];
            assertEquals(ranges[i][0], e.knownFrom());
            assertEquals(known, e.knownTo());
            assertEquals(now - known * HOUR, e.originMillis(), "origin as many steps back as targets are known");
            assertEquals(
                    now - (known - ranges[i][0]) * HOUR,
                    e.targetsAfterMillis(),
                    "its targets lie after the step before its first one");
            for (int h = 0; h < 4; h++) {
                if (h < e.knownFrom() || h >= e.knownTo()) {
                    assertEquals(0f, e.targets()[h], "unknown or earlier-trained targets are blank");
                }
            }
        }
    }
}
