package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    /** Feeds the learnable rule until the model promotes once more. */
    private static void learnUntilPromoted(NetworkTaskModel model) {
        long before = model.version();
        for (int round = 0; round < 60 && model.version() == before; round++) {
            PromotionGuardTest.feed(model::onExample, 8, round);
            model.afterFlush();
        }
        assertNotEquals(before, model.version(), "the learner promoted");
    }

    @Test
    void rollbackServesTheEarlierWeightsAndLaterPromotionsGetNewNumbers() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = new TopologyMetrics("rollback", "lstm");
        metrics.bindTo(registry);
        VersionedModel seed = VersionedModel.of(1, NetworkFactory.build(NetworkSpecs.of(spec)), false);
        KeyValueStore<String, byte[]> store = InMemoryStores.keyValueStore();
        NetworkTaskModel model = new NetworkTaskModels(spec, seed, metrics).create(new TaskId(0, 0), store);
        INDArray seedParams = model.serving().params().dup();

        learnUntilPromoted(model);
        long promoted = model.version();
        model.rollback(1);

        assertEquals(1, model.version());
        assertEquals(seedParams, model.serving().params(), "version 1's weights serve again");
        assertEquals(1, new ModelStore(store).serving().version(), "a restart would resume the rolled-back version");
        assertEquals(1.0, registry.get(MetricNames.MODEL_ROLLBACKS).functionCounter().count());
        assertEquals(1.0, registry.get(MetricNames.MODEL_VERSION).gauge().value());
        assertThrows(IllegalArgumentException.class, () -> model.rollback(99));

        learnUntilPromoted(model);
        assertEquals(promoted + 1, model.version(), "a new number: version " + promoted + " stays what it was");
    }
}
