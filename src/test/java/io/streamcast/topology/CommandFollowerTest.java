package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.control.ControlTopics;
import io.streamcast.control.ModelCommand;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.VersionedModel;
import io.streamcast.training.ModelStore;
import io.streamcast.training.TaskModel;
import io.streamcast.training.TaskModelFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator commands reach the task's model through the commands topic, once each, on the task's punctuation. */
class CommandFollowerTest {
    private static final String COMMANDS = "test-commands";
    private static final String MODELS = "test-models";
    private static final TopologySpec SPEC = YamlConfig.parseTopology("""
            name: test
            step: PT1H
            window: 8
            horizon: 3
            batching: { maxDelayMs: 50 }
            """, List.of());

    @TempDir
    Path stateDir;

    /** Serves version 3 and keeps versions 1 to 3, like a task that promoted twice. */
    private static final class VersionsModel implements TaskModel {
        final Set<Long> kept = Set.of(1L, 2L, 3L);
        final List<Long> rollbacks = new ArrayList<>();
        long version = 3;
        boolean pinned;
        int resumes;

        @Override
        public boolean ready() {
            return false;
        }

        @Override
        public String cell() {
            return "lstm";
        }

        @Override
        public long version() {
            return version;
        }

        @Override
        public float[] predict(float[] inputs, int batch) {
            throw new AssertionError("not ready: never asked");
        }

        @Override
        public void onExample(io.streamcast.training.Example example) {}

        @Override
        public void afterFlush() {}

        @Override
        public void rollback(long to) {
            if (!kept.contains(to)) {
                throw new IllegalArgumentException("no version " + to);
            }
            pinned = true;
            if (to != version) {
                version = to;
                rollbacks.add(to);
            }
        }

        @Override
        public void resume() {
            pinned = false;
            resumes++;
        }

        @Override
        public boolean pinned() {
            return pinned;
        }

        @Override
        public void close() {}
    }

    private final class Run implements AutoCloseable {
        final TopologyTestDriver driver;
        final TestInputTopic<String, String> commands;

        Run(TaskModelFactory factory) {
            Properties p = new Properties();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
            p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            driver = new TopologyTestDriver(
                    ForecastTopology.build(
                            SPEC,
                            new TopologyMetrics(SPEC.name, SPEC.model.cell),
                            factory,
                            OriginFilter.ALL,
                            new ControlTopics.Names(COMMANDS, MODELS)),
                    p);
            commands = driver.createInputTopic(COMMANDS, new StringSerializer(), new StringSerializer());
        }

        void send(ModelCommand command) {
            commands.pipeInput(SPEC.name, command.toJson());
            driver.advanceWallClockTime(Duration.ofMillis(100));
        }

        Map<String, byte[]> modelStore() {
            Map<String, byte[]> copy = new HashMap<>();
            KeyValueStore<String, byte[]> store = driver.getKeyValueStore(StoreNames.MODEL);
            try (KeyValueIterator<String, byte[]> it = store.all()) {
                it.forEachRemaining((KeyValue<String, byte[]> kv) -> copy.put(kv.key, kv.value));
            }
            return copy;
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    @Test
    void eachCommandIsAppliedOnceAndAMissingVersionChangesNothing() {
        VersionsModel model = new VersionsModel();
        try (Run run = new Run((task, store, publisher) -> {
            new ModelStore(store).saveServing(new VersionedModel(3, new byte[0]));
            return model;
        })) {
            ModelCommand toOne = ModelCommand.rollback(1);
            run.send(toOne);
            assertEquals(List.of(1L), model.rollbacks);
            run.send(toOne); // read again (e.g. the topic re-delivered it): already handled
            run.driver.advanceWallClockTime(Duration.ofMillis(100));
            assertEquals(List.of(1L), model.rollbacks);

            run.send(ModelCommand.rollback(9));
            assertEquals(List.of(1L), model.rollbacks, "no version 9 here: nothing applied, nothing counted");
            assertEquals(1, model.version());

            run.send(ModelCommand.rollback(2));
            assertEquals(List.of(1L, 2L), model.rollbacks);
        }
    }

    @Test
    void aRestoredTaskDoesNotApplyTheSameCommandAgain() {
        VersionsModel first = new VersionsModel();
        ModelCommand toOne = ModelCommand.rollback(1);
        Map<String, byte[]> restored;
        try (Run run = new Run((task, store, publisher) -> {
            new ModelStore(store).saveServing(new VersionedModel(3, new byte[0]));
            return first;
        })) {
            run.send(toOne);
            assertEquals(List.of(1L), first.rollbacks);
            restored = run.modelStore();
        }
        VersionsModel second = new VersionsModel();
        try (Run run = new Run((task, store, publisher) -> {
            restored.forEach(store::put); // what the changelog restores
            return second;
        })) {
            run.send(toOne);
            assertEquals(List.of(), second.rollbacks, "handled before the restart");
            run.send(ModelCommand.rollback(2));
            assertEquals(List.of(2L), second.rollbacks);
        }
    }

    @Test
    void aRollbackPinsAndAResumeLiftsThePinOnce() {
        VersionsModel model = new VersionsModel();
        try (Run run = new Run((task, store, publisher) -> {
            new ModelStore(store).saveServing(new VersionedModel(3, new byte[0]));
            return model;
        })) {
            run.send(ModelCommand.resume());
            assertEquals(0, model.resumes, "nothing pinned: nothing to resume");
            run.send(ModelCommand.rollback(3));
            assertEquals(List.of(), model.rollbacks, "version 3 already serves");
            assertEquals(true, model.pinned, "but is pinned");
            ModelCommand resume = ModelCommand.resume();
            run.send(resume);
            assertEquals(false, model.pinned);
            run.send(resume);
            assertEquals(1, model.resumes, "applied once");
            run.send(ModelCommand.rollback(0));
            assertEquals(List.of(), model.rollbacks, "no version 0 here");
            assertEquals(false, model.pinned, "a refused rollback pins nothing");
        }
    }

    @Test
    void aCommandRoundTripsThroughJson() {
        ModelCommand rollback = ModelCommand.rollback(0);
        assertEquals(rollback, ModelCommand.fromJson(rollback.toJson()));
        ModelCommand resume = ModelCommand.resume();
        assertEquals(resume, ModelCommand.fromJson(resume.toJson()));
        assertEquals(false, resume.toJson().contains("version"), resume.toJson());
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> ModelCommand.fromJson("{\"command\":\"rollback\",\"id\":\"x\"}"));
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> ModelCommand.fromJson("{\"command\":\"rollback\",\"version\":-1,\"id\":\"x\"}"));
    }
}
