package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.regularization.L2Regularization;

class NetworkFactoryTest {

    private static final int WINDOW = 24;
    private static final int HORIZON = 3;

    @ParameterizedTest
    @EnumSource(Cell.class)
    void mapsWindowsOfEveryCellToOneValuePerHorizonStep(Cell cell) {
        NetworkSpec spec = new NetworkSpec(cell, 8, 2, 3, 10, 4, 1e-3, ClipMode.L2_PER_LAYER, 1.0, 0, 1);
        MultiLayerNetwork network = NetworkFactory.build(spec);

        INDArray output = network.output(Nd4j.rand(DataType.FLOAT, 5, 3, 10));

        assertArrayEquals(new long[] {5, 4}, output.shape());
        assertEquals(DataType.FLOAT, network.params().dataType());
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void clipsAndRegularizesEveryLayer(Cell cell) {
        NetworkSpec spec = new NetworkSpec(cell, 8, 2, 1, 10, 4, 1e-3, ClipMode.ELEMENT_WISE, 0.5, 1e-4, 1);
        MultiLayerNetwork network = NetworkFactory.build(spec);

        for (NeuralNetConfiguration layer : network.getLayerWiseConfigurations().getConfs()) {
            TrainingConfig training = layer.getLayer();
            assertEquals(ClipMode.ELEMENT_WISE.toDl4j(), training.getGradientNormalization(), training.toString());
            assertEquals(0.5, training.getGradientNormalizationThreshold(), training.toString());
            assertInstanceOf(
                    L2Regularization.class,
                    training.getRegularizationByParam("W").get(0),
                    training.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Cell.class,
            names = {"GRU", "LSTM"})
    void learnsToContinueANoisySine(Cell cell) {
        NetworkSpec spec = new NetworkSpec(cell, 16, 1, 1, WINDOW, HORIZON, 0.01, ClipMode.L2_PER_LAYER, 1.0, 0, 3);
        MultiLayerNetwork network = NetworkFactory.build(spec);
        DataSet train = NoisySine.windows(64, WINDOW, HORIZON, 11);
        DataSet test = NoisySine.windows(64, WINDOW, HORIZON, 12);

        double before = squaredError(network, test);
        for (int i = 0; i < 40; i++) {
            network.fit(train);
        }
        double after = squaredError(network, test);

        // Mean squared error (the network trains on absolute error, which MASE scores; squared error
        // shows the noise floor plainly): untrained about 0.5-0.7, the noise alone 0.01; 40
        // full-batch Adam steps reach about 0.02.
        assertTrue(after < 0.1 * before, cell + ": test loss " + before + " -> " + after);
    }

    /** The GRU unrolls a graph per window length; another length gets its own graph. */
    @Test
    void gruForecastsWindowsOfAnotherLengthLikeANetworkBuiltForThem() {
        NetworkSpec long10 = new NetworkSpec(Cell.GRU, 8, 2, 1, 10, HORIZON, 1e-3, ClipMode.NONE, 0, 0, 9);
        NetworkSpec short7 = new NetworkSpec(Cell.GRU, 8, 2, 1, 7, HORIZON, 1e-3, ClipMode.NONE, 0, 0, 9);
        MultiLayerNetwork builtFor10 = NetworkFactory.build(long10);
        MultiLayerNetwork builtFor7 = NetworkFactory.build(short7);
        INDArray windows = NoisySine.windows(4, 10, HORIZON, 21).getFeatures();
        INDArray shortWindows = windows.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(3, 10))
                .dup();

        builtFor10.output(windows);

        assertArrayEquals(values(builtFor7.output(shortWindows)), values(builtFor10.output(shortWindows)));
    }

    /** The service keeps a separate inference network and publishes trained weights to it. */
    @ParameterizedTest
    @EnumSource(
            value = Cell.class,
            names = {"GRU", "LSTM"})
    void weightsCopiedWithSetParamsGiveTheSameForecasts(Cell cell) {
        NetworkSpec spec = new NetworkSpec(cell, 8, 2, 1, WINDOW, HORIZON, 0.01, ClipMode.L2_PER_LAYER, 1.0, 0, 5);
        MultiLayerNetwork training = NetworkFactory.build(spec);
        MultiLayerNetwork inference = NetworkFactory.build(spec);
        DataSet data = NoisySine.windows(16, WINDOW, HORIZON, 13);
        INDArray windows = data.getFeatures();
        inference.output(windows); // builds the GRU's graph before the weights change underneath it
        for (int i = 0; i < 5; i++) {
            training.fit(data);
        }
        assertFalse(training.output(windows).equals(inference.output(windows)), "training changed nothing");

        inference.setParams(training.params());

        assertArrayEquals(values(training.output(windows)), values(inference.output(windows)));
    }

    private static float[] values(INDArray array) {
        return array.ravel().toFloatVector();
    }

    private static double squaredError(MultiLayerNetwork network, DataSet data) {
        INDArray d = network.output(data.getFeatures(), false).sub(data.getLabels());
        return d.mul(d).meanNumber().doubleValue();
    }
}
