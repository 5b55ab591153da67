package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.VersionedModel;
import io.streamcast.model.WindowEncoder;
import java.util.List;
import java.util.Random;
import org.apache.kafka.streams.processor.TaskId;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** A task serves a mixed, bidirectional or attention network exactly as DL4J's forward pass computes it. */
class ArchitectureServingTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{ cell: [gru, lstm], hidden: 4 }",
                "{ cell: gru, hidden: 4, layers: 2, bidirectional: true }",
                "{ cell: gru, hidden: 4, layers: 1, attention: dot }",
                "{ cell: [lstm, rnn], hidden: 4, bidirectional: true, attention: additive }"
            })
    void aTaskForecastsWhatTheNetworkOutputs(String model) {
        TopologySpec spec = YamlConfig.parseTopology(
                "name: t\nwindow: 6\nhorizon: 2\ntraining: { online: false }\nmodel: " + model + "\n", List.of());
        VersionedModel seed = VersionedModel.of(1, NetworkFactory.build(NetworkSpecs.of(spec)), false);
        NetworkTaskModel task =
                NetworkTaskModels.frozen(spec, seed).create(new TaskId(0, 0), InMemoryStores.keyValueStore());
        int batch = 5;
        float[] windows = new float[batch * WindowEncoder.FEATURES * spec.window];
        Random random = new Random(1);
        for (int i = 0; i < windows.length; i++) {
            windows[i] = (float) random.nextGaussian();
        }

        float[] served = task.predict(windows, batch);

        MultiLayerNetwork network = seed.network();
        float[] expected = Nd4j.toFlattened(
                        'c',
                        network.output(
                                Nd4j.create(windows, new long[] {batch, WindowEncoder.FEATURES, spec.window}, 'c')))
                .castTo(DataType.FLOAT)
                .toFloatVector();
        assertArrayEquals(expected, served, 1e-6f);
    }
}
