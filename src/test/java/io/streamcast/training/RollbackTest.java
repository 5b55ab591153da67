package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.metrics.MetricNames;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.VersionedModel;
import java.util.List;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A rollback serves the earlier weights and pins them: the learner goes on learning, nothing is promoted until a resume. */
class RollbackTest {
    private final TopologySpec spec = YamlConfig.parseTopology("""
            name: rollback
            step: PT1H
            period: 4
            window: 8
            horizon: 3
            model: { cell: lstm, hidden: 6, layers: 1 }
            training: { async: false, batchSize: 8, shadowWindow: 16, replayRecent: 32, replayReservoir: 32, learningRate: 0.01 }
            """, List.of());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TopologyMetrics metrics = new TopologyMetrics("rollback", "lstm");
    private int round;

    RollbackTest() {
        metrics.bindTo(registry);
    }

    /** Feeds the learnable rule until the model promotes once more. */
    private void learnUntilPromoted(NetworkTaskModel model) {
        long before = model.version();
        for (int i = 0; i < 60 && model.version() == before; i++) {
            PromotionGuardTest.feed(model::onExample, 8, round++);
            model.afterFlush();
        }
        assertNotEquals(before, model.version(), "the learner promoted");
    }

    private double shadowError(String role) {
        return registry.get(MetricNames.SHADOW_ERROR).tag("role", role).gauge().value();
    }

    private NetworkTaskModel seeded(KeyValueStore<String, byte[]> store) {
        VersionedModel seed = VersionedModel.of(1, NetworkFactory.build(NetworkSpecs.of(spec)), false);
        return new NetworkTaskModels(spec, seed, metrics.training()).create(new TaskId(0, 0), store);
    }

    @Test
    void aPinnedVersionSurvivesCandidatesThatWouldBePromotedUntilResumed() {
        KeyValueStore<String, byte[]> store = InMemoryStores.keyValueStore();
        NetworkTaskModel model = seeded(store);
        INDArray seedParams = model.serving().params().dup();

        learnUntilPromoted(model);
        long promoted = model.version();
        model.rollback(1);

        assertEquals(1, model.version());
        assertTrue(model.pinned());
        assertEquals(seedParams, model.serving().params(), "version 1's weights serve again");
        assertEquals(1, new ModelStore(store).serving().version(), "a restart would resume the rolled-back version");
        assertEquals(1L, new ModelStore(store).pinned(), "and its pin");
        assertEquals(
                1.0, registry.get(MetricNames.MODEL_ROLLBACKS).functionCounter().count());
        assertEquals(1.0, registry.get(MetricNames.MODEL_VERSION).gauge().value());
        assertThrows(IllegalArgumentException.class, () -> model.rollback(99));
        assertEquals(1, model.version(), "a missing version changes nothing");

        // Learning goes on until the candidate beats version 1 on the shadow set by the promotion margin: it would be
        // promoted.
        boolean wouldPromote = false;
        for (int i = 0; i < 60 && !wouldPromote; i++) {
            PromotionGuardTest.feed(model::onExample, 8, round++);
            model.afterFlush();
            wouldPromote = shadowError("candidate") < shadowError("serving") * (1 - spec.training.promotionMargin);
        }
        assertTrue(
                wouldPromote,
                "the candidate beat the pinned version: candidate " + shadowError("candidate") + ", serving "
                        + shadowError("serving"));
        assertEquals(1, model.version(), "pinned: not promoted");
        assertEquals(seedParams, model.serving().params());

        model.resume();
        assertFalse(model.pinned());
        assertNull(new ModelStore(store).pinned());
        learnUntilPromoted(model);
        assertEquals(promoted + 1, model.version(), "a new number: version " + promoted + " stays what it was");
    }

    /** One round with a background trainer: hand over, let the trainer finish, take what it finished. */
    private void asyncRound(NetworkTaskModel model) throws Exception {
        PromotionGuardTest.feed(model::onExample, 8, round++);
        model.afterFlush();
        ((AsyncTrainer) model.learner()).awaitIdle();
        model.afterFlush();
    }

    @Test
    void aBackgroundTrainerPromotesNothingOverAPin() throws Exception {
        TopologySpec async = YamlConfig.parseTopology("""
                name: rollback
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                model: { cell: lstm, hidden: 6, layers: 1 }
                training: { async: true, batchSize: 8, shadowWindow: 16, replayRecent: 32, replayReservoir: 32, learningRate: 0.01 }
                """, List.of());
        VersionedModel seed = VersionedModel.of(1, NetworkFactory.build(NetworkSpecs.of(async)), false);
        try (NetworkTaskModel model = new NetworkTaskModels(async, seed, metrics.training())
                .create(new TaskId(0, 0), InMemoryStores.keyValueStore())) {
            for (int i = 0; i < 60 && model.version() == 1; i++) {
                asyncRound(model);
            }
            long promoted = model.version();
            assertTrue(promoted > 1, "the background trainer promoted");
            model.rollback(1);
            boolean wouldPromote = false;
            for (int i = 0; i < 60 && !wouldPromote; i++) {
                asyncRound(model);
                wouldPromote = shadowError("candidate") < shadowError("serving") * (1 - async.training.promotionMargin);
            }
            assertTrue(wouldPromote, "the candidate beat the pinned version");
            asyncRound(model);
            assertEquals(1, model.version(), "pinned: not promoted");
            model.resume();
            for (int i = 0; i < 60 && model.version() == 1; i++) {
                asyncRound(model);
            }
            assertEquals(promoted + 1, model.version(), "promoted again after the resume");
        }
    }

    @Test
    void thePinSurvivesARestartOfTheTask() {
        KeyValueStore<String, byte[]> store = InMemoryStores.keyValueStore();
        NetworkTaskModel model = seeded(store);
        learnUntilPromoted(model);
        model.rollback(1);
        model.close();

        NetworkTaskModel restarted = seeded(store); // the same changelogged store, as a restart restores it
        assertEquals(1, restarted.version());
        assertTrue(restarted.pinned());
        for (int i = 0; i < 30; i++) {
            PromotionGuardTest.feed(restarted::onExample, 8, round++);
            restarted.afterFlush();
        }
        assertEquals(1, restarted.version(), "still pinned after the restart");
        restarted.resume();
        learnUntilPromoted(restarted);
    }

    @Test
    void rollingBackToTheServingVersionPinsIt() {
        NetworkTaskModel model = seeded(InMemoryStores.keyValueStore());
        model.rollback(1);
        assertTrue(model.pinned());
        assertEquals(
                0.0, registry.get(MetricNames.MODEL_ROLLBACKS).functionCounter().count(), "nothing rolled back");
        for (int i = 0; i < 30; i++) {
            PromotionGuardTest.feed(model::onExample, 8, round++);
            model.afterFlush();
        }
        assertEquals(1, model.version());
    }

    @Test
    void versionZeroTheUntrainedStartIsKeptAndReachable() {
        KeyValueStore<String, byte[]> store = InMemoryStores.keyValueStore();
        NetworkTaskModel model = new NetworkTaskModels(spec, null, metrics.training()).create(new TaskId(0, 0), store);
        assertEquals(0, model.version());
        INDArray untrained = model.serving().params().dup();
        assertNotNull(new ModelStore(store).version(0), "version 0 kept for a rollback");

        learnUntilPromoted(model);
        assertTrue(model.ready());
        model.rollback(0);
        assertEquals(0, model.version());
        assertFalse(model.ready(), "version 0: the fallback serves again");
        assertEquals(untrained, model.serving().params());
        assertEquals(0, new ModelStore(store).serving().version());
    }

    @Test
    void aFrozenTaskWithoutACheckpointKeepsNoVersion() {
        KeyValueStore<String, byte[]> store = InMemoryStores.keyValueStore();
        NetworkTaskModels.frozen(spec, null).create(new TaskId(0, 0), store);
        assertNull(new ModelStore(store).version(0));
    }
}
