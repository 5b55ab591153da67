package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The serving shortcut computes what the trained network computes: equal to its output within 1e-5. */
class FusedGruForwardTest {

    @ParameterizedTest
    @CsvSource({
        "1, 8, 1, 12, 3, 1",
        "1, 32, 1, 48, 12, 17",
        "2, 16, 2, 24, 6, 5",
        "3, 6, 1, 10, 2, 4",
        "2, 16, 7, 24, 6, 9"
    })
    void theFusedForwardEqualsTheNetworksOutput(
            int layers, int hidden, int features, int window, int horizon, int batch) {
        MultiLayerNetwork net = NetworkFactory.build(
                new NetworkSpec(Cell.GRU, hidden, layers, features, window, horizon, 0.01, ClipMode.NONE, 1, 0, 3));
        // Trained-looking weights: random everywhere, output layer and biases included (they start at zero).
        Random random = new Random(layers * 100 + hidden);
        INDArray params = net.params();
        for (long i = 0; i < params.length(); i++) {
            params.putScalar(i, (float) (random.nextGaussian() * 0.4));
        }
        net.setParams(params);
        float[] x = new float[batch * features * window];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 1.5);
        }
        FusedGruForward fused = FusedGruForward.of(net, features, window);
        assertNotNull(fused);
        float[] expected = net.output(Nd4j.create(x, new long[] {batch, features, window}, 'c'), false)
                .dup('c')
                .reshape((long) batch * horizon)
                .toFloatVector();
        float[] actual = fused.output(x, batch);
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5, "output " + i);
        }
    }

    @ParameterizedTest
    @CsvSource({"LSTM", "RNN"})
    void otherCellsKeepDl4jsForwardPass(Cell cell) {
        MultiLayerNetwork net =
                NetworkFactory.build(new NetworkSpec(cell, 4, 1, 1, 8, 3, 0.01, ClipMode.NONE, 1, 0, 3));
        assertNull(FusedGruForward.of(net, 1, 8));
    }
}
