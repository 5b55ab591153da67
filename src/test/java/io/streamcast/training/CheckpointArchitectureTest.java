package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamcast.config.ConfigException;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.VersionedModel;
import java.util.List;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** A checkpoint serves only a topology of its own architecture; the refusal says what differs. */
class CheckpointArchitectureTest {

    private static TopologySpec spec(String model) {
        return YamlConfig.parseTopology(
                "name: t\nwindow: 6\nhorizon: 2\nmodel: " + model + "\ntraining: { online: false }\n", List.of());
    }

    private static VersionedModel checkpointOf(String model) {
        return VersionedModel.of(1, NetworkFactory.build(NetworkSpecs.of(spec(model))), false);
    }

    @Test
    void aCheckpointOfTheSameArchitectureLoads() {
        String model = "{ cell: [gru, lstm], hidden: 4, bidirectional: true, attention: dot }";
        assertDoesNotThrow(() -> NetworkTaskModels.frozen(spec(model), checkpointOf(model)));
        String plain = "{ cell: gru, hidden: 4, layers: 2 }";
        assertDoesNotThrow(() -> NetworkTaskModels.frozen(spec(plain), checkpointOf(plain)));
    }

    @Test
    void aCheckpointOfAnotherArchitectureIsRefusedNamingBoth() {
        VersionedModel plain = checkpointOf("{ cell: gru, hidden: 4, layers: 2 }");
        assertEquals(
                "checkpoint for topology t: checkpoint is a gru-gru network but the topology's is gru-gru, dot attention;"
                        + " train it again with this topology",
                refusal("{ cell: gru, hidden: 4, layers: 2, attention: dot }", plain));
        assertEquals(
                "checkpoint for topology t: checkpoint is a gru-gru network but the topology's is gru-gru, bidirectional;"
                        + " train it again with this topology",
                refusal("{ cell: gru, hidden: 4, layers: 2, bidirectional: true }", plain));
        assertEquals(
                "checkpoint for topology t: checkpoint is a gru-gru network but the topology's is gru-lstm;"
                        + " train it again with this topology",
                refusal("{ cell: [gru, lstm], hidden: 4 }", plain));
        VersionedModel additive = checkpointOf("{ cell: lstm, hidden: 4, layers: 1, attention: additive }");
        assertEquals(
                "checkpoint for topology t: checkpoint is a lstm, additive attention network but the topology's is"
                        + " lstm, dot attention; train it again with this topology",
                refusal("{ cell: lstm, hidden: 4, layers: 1, attention: dot }", additive));
    }

    @Test
    void aCheckpointOfTheSameArchitectureAndAnotherSizeIsRefusedAsBefore() {
        VersionedModel small = checkpointOf("{ cell: [gru, lstm], hidden: 4 }");
        assertEquals(
                "checkpoint for topology t: checkpoint has " + small.network().numParams()
                        + " parameters but the topology's network (gru-lstm, hidden 5, layers 2) has "
                        + NetworkFactory.build(NetworkSpecs.of(spec("{ cell: [gru, lstm], hidden: 5 }")))
                                .numParams()
                        + "; train it again with this topology",
                refusal("{ cell: [gru, lstm], hidden: 5 }", small));
    }

    /** A task's own model store, written before the topology changed its network, is refused too. */
    @Test
    void aTaskStoreWithAModelOfAnotherArchitectureIsRefused() {
        String before = "{ cell: gru, hidden: 4, layers: 1 }";
        var store = InMemoryStores.keyValueStore();
        new ModelStore(store)
                .saveServing(VersionedModel.of(4, NetworkFactory.build(NetworkSpecs.of(spec(before))), false));
        TaskId task = new TaskId(0, 0);
        assertDoesNotThrow(() -> NetworkTaskModels.frozen(spec(before), null).create(task, store));

        ConfigException e = assertThrows(
                ConfigException.class,
                () -> NetworkTaskModels.frozen(spec("{ cell: gru, hidden: 4, layers: 1, bidirectional: true }"), null)
                        .create(task, store));
        assertEquals(
                "topology t task 0_0: model version 4 in the model store (to start afresh, reset the application's"
                        + " state): checkpoint is a gru network but the topology's is gru, bidirectional; train it again"
                        + " with this topology",
                e.getMessage());
    }

    private static String refusal(String model, VersionedModel checkpoint) {
        return assertThrows(ConfigException.class, () -> NetworkTaskModels.frozen(spec(model), checkpoint))
                .getMessage();
    }
}
