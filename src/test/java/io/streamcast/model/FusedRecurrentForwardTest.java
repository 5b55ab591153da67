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

    /**
     * {@code model.carryState}: a state carried from one window and resumed over the steps since is
     * the state of one run over all of them from zeros, in every layer of every cell: the same
     * operations in the same order, equal to float rounding (1e-5, as the fused pass is held to the
     * network: the Vector API's exp differs in its last bit between the JIT's tiers).
     */
    @ParameterizedTest
    @CsvSource({"GRU, 1, 32, 1", "LSTM, 1, 32, 1", "GRU, 2, 16, 3", "LSTM, 3, 6, 2", "GRU-LSTM, 2, 12, 2"})
    void aCarriedStateResumedOverTheStepsSinceEqualsOneRunOverThemAll(
            String stack, int layers, int hidden, int features) {
        int window = 24;
        int horizon = 6;
        List<Cell> cells = Cell.parseStack(stack.toLowerCase(java.util.Locale.ROOT));
        if (cells.size() == 1) {
            cells = java.util.Collections.nCopies(layers, cells.get(0));
        }
        MultiLayerNetwork net = NetworkFactory.build(new NetworkSpec(
                cells, hidden, features, window, horizon, 0.01, ClipMode.NONE, 1, 0, 3, false, Attention.NONE));
        Random random = new Random(7);
        INDArray params = net.params();
        for (long i = 0; i < params.length(); i++) {
            params.putScalar(i, (float) (random.nextGaussian() * 0.4));
        }
        net.setParams(params);
        // Per example: the steps since its carried state (the window's own length: none carried).
        int[] since = {1, 2, 5, window - 1, window};
        int batch = since.length;
        int longest = 2 * window;
        float[][] series = new float[batch][longest * features];
        for (float[] s : series) {
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) (random.nextGaussian() * 1.5);
            }
        }
        FusedRecurrentForward fused = FusedRecurrentForward.of(net, features, window);
        int size = fused.stateSize();
        assertEquals(
                cells.stream()
                        .mapToInt(c -> c == Cell.LSTM ? 2 * hidden : hidden)
                        .sum(),
                size);
        // The state after the first window, carried; then the window ending `since` steps later resumes it.
        float[] states = new float[batch * size];
        int[] whole = new int[batch];
        java.util.Arrays.fill(whole, window);
        fused.output(windows(series, 0, window, features), batch, whole, states);
        float[] carriedStates = states.clone();
        float[] fromResume = fused.output(windows(series, since, window, features), batch, since, carriedStates);
        for (int e = 0; e < batch; e++) {
            // One run from zeros over everything up to the same step (the first window plus the steps since).
            int total = since[e] == window ? window : window + since[e];
            int start = since[e] == window ? since[e] : 0;
            FusedRecurrentForward all = FusedRecurrentForward.of(net, features, total);
            float[] one = windows(new float[][] {series[e]}, new int[] {start}, total, features);
            float[] expectedStates = new float[size];
            float[] expected = all.output(one, 1, new int[] {total}, expectedStates);
            for (int o = 0; o < horizon; o++) {
                assertEquals(expected[o], fromResume[e * horizon + o], 1e-5, "example " + e + " output " + o);
            }
            for (int k = 0; k < size; k++) {
                assertEquals(expectedStates[k], carriedStates[e * size + k], 1e-5, "example " + e + " state " + k);
            }
        }
        // Whole windows from zeros are what the plain call computes.
        assertEquals(
                fused.output(windows(series, since, window, features), batch)[batch * horizon - 1],
                fromResume[batch * horizon - 1],
                1e-5);
    }

    /** The windows of {@code series} ([time][feature] per series) starting at step {@code start}, as [batch][feature][time]. */
    private static float[] windows(float[][] series, int start, int window, int features) {
        int[] starts = new int[series.length];
        java.util.Arrays.fill(starts, start);
        return windows(series, starts, window, features);
    }

    private static float[] windows(float[][] series, int[] starts, int window, int features) {
        float[] x = new float[series.length * features * window];
        for (int e = 0; e < series.length; e++) {
            for (int f = 0; f < features; f++) {
                for (int t = 0; t < window; t++) {
                    x[(e * features + f) * window + t] = series[e][(starts[e] + t) * features + f];
                }
            }
        }
        return x;
    }

    @Test
    void theRnnCellKeepsDl4jsForwardPass() {
        MultiLayerNetwork net =
                NetworkFactory.build(new NetworkSpec(Cell.RNN, 4, 1, 1, 8, 3, 0.01, ClipMode.NONE, 1, 0, 3));
        assertNull(FusedRecurrentForward.of(net, 1, 8));
    }
}
