package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class ModelCheckpointTest {

    private static final int WINDOW = 12;
    private static final int HORIZON = 3;

    @ParameterizedTest
    @EnumSource(
            value = Cell.class,
            names = {"GRU", "LSTM"})
    void restoredNetworkForecastsExactlyLikeTheOriginal(Cell cell) {
        MultiLayerNetwork original = trainedNetwork(cell);
        INDArray windows = data().getFeatures();

        MultiLayerNetwork restored = ModelCheckpoint.fromBytes(ModelCheckpoint.toBytes(original, true));

        assertEquals(
                original.getLayerWiseConfigurations().toJson(),
                restored.getLayerWiseConfigurations().toJson(),
                "configuration lost a field on the way");
        assertArrayEquals(values(original.output(windows)), values(restored.output(windows)));
    }

    @ParameterizedTest
    @EnumSource(
            value = Cell.class,
            names = {"GRU", "LSTM"})
    void restoredUpdaterStateContinuesTrainingExactlyLikeTheOriginal(Cell cell) {
        MultiLayerNetwork original = trainedNetwork(cell);
        MultiLayerNetwork restored = ModelCheckpoint.fromBytes(ModelCheckpoint.toBytes(original, true));
        assertNotNull(restored.getUpdater(false), "updater state missing");
        assertEquals(
                original.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());

        original.fit(data());
        restored.fit(data());

        assertArrayEquals(values(original.params()), values(restored.params()), 1e-6f);
    }

    @ParameterizedTest
    @EnumSource(
            value = Cell.class,
            names = {"GRU", "LSTM"})
    void checkpointWithoutUpdaterRestartsAdamFromZero(Cell cell) {
        MultiLayerNetwork original = trainedNetwork(cell);
        byte[] withUpdater = ModelCheckpoint.toBytes(original, true);
        byte[] withoutUpdater = ModelCheckpoint.toBytes(original, false);
        MultiLayerNetwork restored = ModelCheckpoint.fromBytes(withoutUpdater);

        original.fit(data());
        restored.fit(data());

        assertFalse(withoutUpdater.length >= withUpdater.length, "updater state was saved anyway");
        assertFalse(
                original.params().equalsWithEps(restored.params(), 1e-6),
                "training continued as if Adam's moments had been restored");
    }

    @ParameterizedTest
    @EnumSource(
            value = Cell.class,
            names = {"GRU", "LSTM"})
    void savedFileLoadsBackWithTheSameForecasts(Cell cell, @TempDir Path directory) throws IOException {
        MultiLayerNetwork original = trainedNetwork(cell);
        Path file = directory.resolve("model.zip");

        ModelCheckpoint.save(original, file);
        MultiLayerNetwork loaded = ModelCheckpoint.load(file);

        INDArray windows = data().getFeatures();
        assertArrayEquals(values(original.output(windows)), values(loaded.output(windows)));
        assertEquals(
                original.getUpdater().getStateViewArray(), loaded.getUpdater().getStateViewArray());
    }

    private static MultiLayerNetwork trainedNetwork(Cell cell) {
        NetworkSpec spec = new NetworkSpec(cell, 8, 2, 1, WINDOW, HORIZON, 0.01, ClipMode.L2_PER_LAYER, 1.0, 1e-4, 17);
        MultiLayerNetwork network = NetworkFactory.build(spec);
        for (int i = 0; i < 3; i++) {
            network.fit(data());
        }
        return network;
    }

    private static float[] values(INDArray array) {
        return array.ravel().toFloatVector();
    }

    private static DataSet data() {
        return NoisySine.windows(8, WINDOW, HORIZON, 5);
    }
}
