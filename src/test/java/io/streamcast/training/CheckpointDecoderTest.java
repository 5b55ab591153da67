package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamcast.config.ConfigException;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.model.ModelCheckpoint;
import io.streamcast.model.NetworkArchitecture;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.VersionedModel;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A checkpoint serves only a topology of its own decoder; a decoder's checkpoint survives the round trip. */
class CheckpointDecoderTest {

    private static TopologySpec spec(String model) {
        return YamlConfig.parseTopology(
                "name: t\nwindow: 6\nhorizon: 3\nmodel: " + model + "\ntraining: { online: false }\n", List.of());
    }

    private static VersionedModel checkpointOf(String model) {
        return VersionedModel.of(1, NetworkFactory.build(NetworkSpecs.of(spec(model))), false);
    }

    private static String refusal(String model, VersionedModel checkpoint) {
        return assertThrows(ConfigException.class, () -> NetworkTaskModels.frozen(spec(model), checkpoint))
                .getMessage();
    }

    @Test
    void aCheckpointOfTheSameDecoderLoadsAndForecastsAsSaved() {
        String model = "{ cell: gru, hidden: 4, layers: 2, decoder: seq2seq }";
        VersionedModel saved = checkpointOf(model);
        assertDoesNotThrow(() -> NetworkTaskModels.frozen(spec(model), saved));
        MultiLayerNetwork restored = ModelCheckpoint.fromBytes(ModelCheckpoint.toBytes(saved.network(), false));
        assertEquals("gru-gru, seq2seq decoder", NetworkArchitecture.describe(restored.getLayerWiseConfigurations()));
        INDArray window = Nd4j.rand(2, 1, 6);
        assertEquals(saved.network().output(window), restored.output(window));
    }

    @Test
    void aCheckpointOfAnotherDecoderIsRefusedNamingBoth() {
        VersionedModel direct = checkpointOf("{ cell: gru, hidden: 4, layers: 1 }");
        assertEquals(
                "checkpoint for topology t: checkpoint is a gru network but the topology's is gru, autoregressive"
                        + " decoder; train it again with this topology",
                refusal("{ cell: gru, hidden: 4, layers: 1, decoder: autoregressive }", direct));
        VersionedModel autoregressive = checkpointOf("{ cell: gru, hidden: 4, layers: 1, decoder: autoregressive }");
        assertEquals(
                "checkpoint for topology t: checkpoint is a gru, autoregressive decoder network but the topology's is"
                        + " gru, seq2seq decoder; train it again with this topology",
                refusal("{ cell: gru, hidden: 4, layers: 1, decoder: seq2seq }", autoregressive));
        assertEquals(
                "checkpoint for topology t: checkpoint is a gru, autoregressive decoder network but the topology's is"
                        + " gru; train it again with this topology",
                refusal("{ cell: gru, hidden: 4, layers: 1 }", autoregressive));
    }

    @Test
    void anLstmDecoderRoundTripsAndAGruDecodersCheckpointIsRefusedByIt() {
        String model = "{ cell: [lstm, gru], hidden: 4, decoder: autoregressive }";
        VersionedModel saved = checkpointOf(model);
        MultiLayerNetwork restored = ModelCheckpoint.fromBytes(ModelCheckpoint.toBytes(saved.network(), false));
        assertEquals(
                "lstm-gru, autoregressive decoder",
                NetworkArchitecture.describe(restored.getLayerWiseConfigurations()));
        INDArray window = Nd4j.rand(2, 1, 6);
        assertEquals(saved.network().output(window), restored.output(window));
        assertEquals(
                "checkpoint for topology t: checkpoint is a gru-gru, autoregressive decoder network but the topology's"
                        + " is lstm-gru, autoregressive decoder; train it again with this topology",
                refusal(model, checkpointOf("{ cell: gru, hidden: 4, layers: 2, decoder: autoregressive }")));
    }

    /** Decoder checkpoints written while decoders were GRU only name no cells: they still load, as GRU. */
    @Test
    void aDecoderCheckpointWithoutCellsIsAGruDecoder() throws Exception {
        VersionedModel saved = checkpointOf("{ cell: gru, hidden: 4, layers: 2, decoder: seq2seq }");
        ObjectMapper json = new ObjectMapper();
        JsonNode config =
                json.readTree(saved.network().getLayerWiseConfigurations().toJson());
        int removed = 0;
        for (JsonNode layer : config.findParents("cells")) {
            ((ObjectNode) layer).remove("cells");
            removed++;
        }
        assertEquals(1, removed, "the decoder layer names its cells");
        MultiLayerNetwork old =
                new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json.writeValueAsString(config)));
        old.init(saved.network().params().dup(), false);
        assertEquals("gru-gru, seq2seq decoder", NetworkArchitecture.describe(old.getLayerWiseConfigurations()));
        INDArray window = Nd4j.rand(2, 1, 6);
        assertEquals(saved.network().output(window), old.output(window));
    }
}
