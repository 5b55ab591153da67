package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The serving shortcut computes what the trained network computes: equal to its output within 1e-5. */
class FusedRecurrentForwardTest {

    @ParameterizedTest
    @CsvSource({
        "GRU, 1, 8, 1, 12, 3, 1",
        "GRU, 1, 32, 1, 48, 12, 17",
        "GRU, 2, 16, 2, 24, 6, 5",
        "GRU, 3, 6, 1, 10, 2, 4",
        "GRU, 2, 16, 7, 24, 6, 9",
        "LSTM, 1, 8, 1, 12, 3, 1",
        "LSTM, 1, 32, 1, 48, 12, 17",
        "LSTM, 2, 16, 2, 24, 6, 5",
        "LSTM, 3, 6, 1, 10, 2, 4",
        "LSTM, 2, 16, 7, 24, 6, 9"
    })
    void theFusedForwardEqualsTheNetworksOutput(
            Cell cell, int layers, int hidden, int features, int window, int horizon, int batch) {
        assertFusedEqualsNetwork(
                NetworkFactory.build(
                        new NetworkSpec(cell, hidden, layers, features, window, horizon, 0.01, ClipMode.NONE, 1, 0, 3)),
                features,
                window,
                horizon,
                batch,
                layers * 100 + hidden);
    }

    /** A stack may mix the cells (`model.cell: [gru, lstm]`): each layer runs its own loops. */
    @ParameterizedTest
    @CsvSource({"GRU, LSTM,", "LSTM, GRU,", "LSTM, GRU, LSTM"})
    void aMixedStackServesFusedToo(String first, String second, String third) {
        List<Cell> cells = third == null
                ? List.of(Cell.valueOf(first), Cell.valueOf(second))
                : List.of(Cell.valueOf(first), Cell.valueOf(second), Cell.valueOf(third));
        NetworkSpec spec = new NetworkSpec(cells, 12, 3, 20, 5, 0.01, ClipMode.NONE, 1, 0, 3, false, Attention.NONE);
        assertFusedEqualsNetwork(NetworkFactory.build(spec), 3, 20, 5, 7, cells.size());
    }

    /** Also run in a JVM without the Vector API ({@link PlainLoopsFallbackTest}). */
    static void assertFusedEqualsNetwork(
            MultiLayerNetwork net, int features, int window, int horizon, int batch, long seed) {
        // Trained-looking weights: random everywhere, output layer and biases included (they start at zero).
        Random random = new Random(seed);
        INDArray params = net.params();
        for (long i = 0; i < params.length(); i++) {
            params.putScalar(i, (float) (random.nextGaussian() * 0.4));
        }
        net.setParams(params);
        float[] x = new float[batch * features * window];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 1.5);
        }
        FusedRecurrentForward fused = FusedRecurrentForward.of(net, features, window);
        assertNotNull(fused, "served fused");
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

    @Test
    void theRnnCellKeepsDl4jsForwardPass() {
        MultiLayerNetwork net =
                NetworkFactory.build(new NetworkSpec(Cell.RNN, 4, 1, 1, 8, 3, 0.01, ClipMode.NONE, 1, 0, 3));
        assertNull(FusedRecurrentForward.of(net, 1, 8));
    }
}
