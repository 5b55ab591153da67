package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.control.ControlTopics;
import io.streamcast.control.ModelCommand;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.VersionedModel;
import io.streamcast.topology.ForecastTopology;
import io.streamcast.topology.OriginFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every version a task starts serving (its seed, a promotion, an operator's rollback) reaches the
 * models topic through the topology's own outputs, so under exactly once it commits with the model
 * store that holds it: key {@code <topology>/<task>}, the version bytes, headers naming version and task.
 */
class PublishedVersionsTest {
    private static final ControlTopics.Names CONTROL = new ControlTopics.Names("pv-commands", "pv-models");
    private final TopologySpec spec = YamlConfig.parseTopology("""
            name: pv
            step: PT1H
            period: 4
            window: 8
            horizon: 3
            model: { cell: lstm, hidden: 6, layers: 1 }
            training: { async: false, batchSize: 8, shadowWindow: 16, replayRecent: 32, replayReservoir: 32, learningRate: 0.01 }
            batching: { maxDelayMs: 50 }
            """, List.of());

    @TempDir
    Path stateDir;

    private NetworkTaskModel model;

    @Test
    void theSeedEachPromotionAndARollbackArePublishedInOrder() {
        VersionedModel seed = VersionedModel.of(1, NetworkFactory.build(NetworkSpecs.of(spec)), false);
        NetworkTaskModels models = new NetworkTaskModels(spec, seed, TrainingEvents.NONE);
        TaskModelFactory capturing = (task, store, publisher) -> model = models.create(task, store, publisher);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "pv-app");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ForecastTopology.build(spec, new TopologyMetrics("pv", "lstm"), capturing, OriginFilter.ALL, CONTROL),
                p)) {
            TestInputTopic<String, String> commands =
                    driver.createInputTopic(CONTROL.commands(), new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, byte[]> published =
                    driver.createOutputTopic(CONTROL.models(), new StringDeserializer(), new ByteArrayDeserializer());
            assertNotNull(model, "the task created its model");

            // Saved while the task initialised: forwarded at its first punctuation.
            driver.advanceWallClockTime(Duration.ofMillis(100));
            assertVersion(published.readRecord(), 1);

            long round = 0;
            while (model.version() == 1 && round < 60) {
                PromotionGuardTest.feed(model::onExample, 8, round++);
                model.afterFlush();
            }
            long promoted = model.version();
            assertEquals(true, promoted > 1, "the learner promoted");
            driver.advanceWallClockTime(Duration.ofMillis(100));
            assertVersion(published.readRecord(), promoted);

            commands.pipeInput(spec.name, ModelCommand.rollback(1).toJson());
            driver.advanceWallClockTime(Duration.ofMillis(100));
            assertVersion(published.readRecord(), 1);
            assertEquals(true, published.isEmpty(), "nothing else was published");
        }
    }

    private static void assertVersion(TestRecord<String, byte[]> record, long version) {
        assertEquals("pv/0_0", record.key());
        assertEquals(version, VersionedModel.fromBytes(record.value()).version());
        assertEquals(
                Long.toString(version),
                new String(record.headers().lastHeader("streamcast.version").value(), StandardCharsets.UTF_8));
        assertEquals(
                "0_0", new String(record.headers().lastHeader("streamcast.task").value(), StandardCharsets.UTF_8));
    }
}
