package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The architectures beyond the plain stack: shapes, checkpoints, serving path, what each computes. */
class ArchitecturesTest {
    private static final int FEATURES = 2;
    private static final int HIDDEN = 5;
    private static final int WINDOW = 7;
    private static final int HORIZON = 3;

    static Stream<Arguments> architectures() {
        return Stream.of(
                Arguments.of(List.of(Cell.GRU, Cell.LSTM), false, Attention.NONE, "gru-lstm"),
                Arguments.of(List.of(Cell.GRU, Cell.GRU), true, Attention.NONE, "gru-gru, bidirectional"),
                Arguments.of(List.of(Cell.LSTM), true, Attention.NONE, "lstm, bidirectional"),
                Arguments.of(List.of(Cell.RNN, Cell.GRU), true, Attention.NONE, "rnn-gru, bidirectional"),
                Arguments.of(List.of(Cell.GRU), false, Attention.DOT, "gru, dot attention"),
                Arguments.of(List.of(Cell.GRU, Cell.GRU), false, Attention.ADDITIVE, "gru-gru, additive attention"),
                Arguments.of(
                        List.of(Cell.LSTM, Cell.GRU),
                        true,
                        Attention.ADDITIVE,
                        "lstm-gru, bidirectional, additive attention"),
                Arguments.of(List.of(Cell.LSTM), true, Attention.DOT, "lstm, bidirectional, dot attention"));
    }

    private static NetworkSpec spec(List<Cell> cells, boolean bidirectional, Attention attention) {
        return new NetworkSpec(
                cells,
                HIDDEN,
                FEATURES,
                WINDOW,
                HORIZON,
                1e-2,
                ClipMode.L2_PER_LAYER,
                1.0,
                1e-4,
                7,
                bidirectional,
                attention);
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("architectures")
    void forecastsEveryHorizonStepSurvivesACheckpointAndServesThroughDl4j(
            List<Cell> cells, boolean bidirectional, Attention attention, String description) {
        MultiLayerNetwork network = NetworkFactory.build(spec(cells, bidirectional, attention));
        INDArray windows = Nd4j.rand(DataType.FLOAT, 4, FEATURES, WINDOW);

        INDArray output = network.output(windows);
        MultiLayerNetwork restored = VersionedModel.of(1, network, true).network();

        assertArrayEquals(new long[] {4, HORIZON}, output.shape());
        assertEquals(description, NetworkArchitecture.describe(network.getLayerWiseConfigurations()));
        assertEquals(description, NetworkArchitecture.describe(restored.getLayerWiseConfigurations()));
        assertArrayEquals(flat(output), flat(restored.output(windows)), 1e-6f);
        // The fused loops know one-direction stacks of GRU and LSTM layers (mixed too) under the
        // linear head: anything else serves through network.output.
        FusedRecurrentForward fused = FusedRecurrentForward.of(network, FEATURES, WINDOW);
        if (bidirectional || attention != Attention.NONE) {
            assertNull(fused, description);
        } else {
            assertNotNull(fused, description);
            assertArrayEquals(flat(output), fused.output(flat(windows), 4), 1e-5f, description);
        }
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("architectures")
    void trainsAndFitsAfterRestoreWithItsUpdaterState(
            List<Cell> cells, boolean bidirectional, Attention attention, String description) {
        MultiLayerNetwork network = NetworkFactory.build(spec(cells, bidirectional, attention));
        DataSet data =
                new DataSet(Nd4j.rand(DataType.FLOAT, 8, FEATURES, WINDOW), Nd4j.rand(DataType.FLOAT, 8, HORIZON));
        double before = network.score(data);
        for (int i = 0; i < 30; i++) {
            network.fit(data);
        }
        assertTrue(network.score(data) < before, description + ": loss " + before + " -> " + network.score(data));

        MultiLayerNetwork restored = VersionedModel.of(1, network, true).network();
        restored.fit(data);
        network.fit(data);
        assertArrayEquals(flat(network.params()), flat(restored.params()), 1e-5f);
    }

    /** Clipping and weight decay reach every layer, the wrapped and the SameDiff ones too. */
    @ParameterizedTest(name = "{3}")
    @MethodSource("architectures")
    void clipsEveryLayerAndDecaysEveryWeight(
            List<Cell> cells, boolean bidirectional, Attention attention, String description) {
        MultiLayerNetwork network = NetworkFactory.build(spec(cells, bidirectional, attention));
        java.util.Set<String> weights = java.util.Set.of("W", "RW", "fW", "fRW", "bW", "bRW", "Q", "v");
        for (int i = 0; i < network.getnLayers(); i++) {
            org.deeplearning4j.nn.api.TrainingConfig layer =
                    network.getLayerWiseConfigurations().getConf(i).getLayer();
            assertEquals(ClipMode.L2_PER_LAYER.toDl4j(), layer.getGradientNormalization(), description + " " + i);
            assertEquals(1.0, layer.getGradientNormalizationThreshold(), description + " " + i);
            for (String param : network.getLayer(i).paramTable().keySet()) {
                List<org.nd4j.linalg.learning.regularization.Regularization> decay =
                        layer.getRegularizationByParam(param);
                boolean decayed = decay != null
                        && decay.stream()
                                .anyMatch(r -> r instanceof org.nd4j.linalg.learning.regularization.L2Regularization);
                assertEquals(weights.contains(param), decayed, description + " layer " + i + " " + param);
            }
        }
    }

    @Test
    void thePlainGruStackStillServesFused() {
        NetworkSpec plain = new NetworkSpec(
                List.of(Cell.GRU, Cell.GRU),
                HIDDEN,
                FEATURES,
                WINDOW,
                HORIZON,
                1e-2,
                ClipMode.NONE,
                0,
                0,
                7,
                false,
                Attention.NONE);
        assertNotNull(FusedRecurrentForward.of(NetworkFactory.build(plain), FEATURES, WINDOW));
        assertEquals("gru", plain.name());
        assertEquals(
                "gru-lstm",
                spec(List.of(Cell.GRU, Cell.LSTM), false, Attention.NONE).name());
    }

    /**
     * The backward GRU's half of the last-step output is its state after reading the whole window
     * backwards: a forward GRU with the backward weights over the reversed window ends in it.
     */
    @Test
    void bidirectionalGruEndsEachDirectionAfterTheWholeWindow() {
        MultiLayerNetwork both = NetworkFactory.build(spec(List.of(Cell.GRU), true, Attention.NONE));
        INDArray windows = Nd4j.rand(DataType.FLOAT, 3, FEATURES, WINDOW);

        INDArray bothOut = both.feedForward(windows).get(1);
        assertArrayEquals(new long[] {3, 2 * HIDDEN}, bothOut.shape());
        for (String direction : new String[] {BidirectionalGruLayer.FORWARD, BidirectionalGruLayer.BACKWARD}) {
            // A new network per direction, and weights assigned in place: the GRU's graph holds the
            // parameter arrays it was built with (setParam would leave it on the old ones).
            MultiLayerNetwork one = NetworkFactory.build(spec(List.of(Cell.GRU), false, Attention.NONE));
            for (String param : new String[] {
                GruLayer.INPUT_WEIGHTS, GruLayer.RECURRENT_WEIGHTS, GruLayer.BIAS, GruLayer.CANDIDATE_RECURRENT_BIAS
            }) {
                one.getLayer(0).getParam(param).assign(both.getLayer(0).getParam(direction + param));
            }
            boolean backward = direction.equals(BidirectionalGruLayer.BACKWARD);
            INDArray expected =
                    one.feedForward(backward ? reversed(windows) : windows).get(1);
            INDArray half = bothOut.get(
                    NDArrayIndex.all(), NDArrayIndex.interval(backward ? HIDDEN : 0, backward ? 2 * HIDDEN : HIDDEN));
            assertArrayEquals(flat(expected), flat(half), 1e-5f, direction);
        }
    }

    /** The same for DL4J's Bidirectional LSTM: its backward half at step 0 is an LSTM's last step over the reversed window. */
    @Test
    void bidirectionalLstmHeadReadsTheBackwardStateAtTheFirstStep() {
        MultiLayerNetwork both = NetworkFactory.build(spec(List.of(Cell.LSTM), true, Attention.NONE));
        MultiLayerNetwork one = NetworkFactory.build(spec(List.of(Cell.LSTM), false, Attention.NONE));
        INDArray windows = Nd4j.rand(DataType.FLOAT, 3, FEATURES, WINDOW);
        for (String param : new String[] {"W", "RW", "b"}) {
            one.getLayer(0).getParam(param).assign(both.getLayer(0).getParam("b" + param));
        }
        INDArray backwardAfterWholeWindow = one.feedForward(reversed(windows)).get(1);

        INDArray sequence = both.feedForward(windows).get(1); // [batch, 2 hidden, time], before the preprocessor
        INDArray headInput = new BidirectionalLastStep().preProcess(sequence, 3, noWorkspaces());

        INDArray backwardHalf = headInput.get(NDArrayIndex.all(), NDArrayIndex.interval(HIDDEN, 2 * HIDDEN));
        assertArrayEquals(flat(backwardAfterWholeWindow), flat(backwardHalf), 1e-5f);
        INDArray forwardHalf = headInput.get(NDArrayIndex.all(), NDArrayIndex.interval(0, HIDDEN));
        INDArray forwardLast =
                sequence.get(NDArrayIndex.all(), NDArrayIndex.interval(0, HIDDEN), NDArrayIndex.point(WINDOW - 1));
        assertArrayEquals(flat(forwardLast), flat(forwardHalf), 0f);
    }

    @Test
    void bidirectionalLastStepSendsTheGradientBackToTheStepsItRead() {
        BidirectionalLastStep step = new BidirectionalLastStep();
        INDArray sequence = Nd4j.rand(DataType.FLOAT, 2, 4, 5);
        step.preProcess(sequence, 2, noWorkspaces());
        INDArray gradient = Nd4j.rand(DataType.FLOAT, 2, 4);

        INDArray back = step.backprop(gradient, 2, noWorkspaces());

        assertArrayEquals(new long[] {2, 4, 5}, back.shape());
        assertEquals(gradient.sumNumber().doubleValue(), back.sumNumber().doubleValue(), 1e-5);
        assertArrayEquals(
                flat(gradient.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2))),
                flat(back.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2), NDArrayIndex.point(4))),
                0f);
        assertArrayEquals(
                flat(gradient.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 4))),
                flat(back.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 4), NDArrayIndex.point(0))),
                0f);
    }

    /** Dot attention: weights softmax(q . x_t / sqrt(n)) over the window, output their average of the x_t. */
    @Test
    void dotAttentionAveragesTheStepsWithSoftmaxOfTheirScaledDotWithTheQuery() {
        MultiLayerNetwork network = overInput(new DotAttentionLayer(FEATURES));
        INDArray query = network.getLayer(0).getParam(DotAttentionLayer.QUERY); // [features, 1]
        INDArray windows =
                Nd4j.rand(DataType.FLOAT, 3, FEATURES, WINDOW).subi(0.5).muli(4);

        INDArray pooled = network.feedForward(windows).get(1);

        assertArrayEquals(
                flat(expectedPooling(
                        windows,
                        step -> step.mul(query.reshape(FEATURES)).sumNumber().doubleValue() / Math.sqrt(FEATURES))),
                flat(pooled),
                1e-5f);
    }

    /** Additive attention: weights softmax(v . tanh(W x_t + b)) over the window. */
    @Test
    void additiveAttentionAveragesTheStepsWithSoftmaxOfALearnedScore() {
        MultiLayerNetwork network = overInput(new AdditiveAttentionLayer(FEATURES, 4));
        INDArray w = network.getLayer(0).getParam(AdditiveAttentionLayer.WEIGHTS); // [features, 4]
        INDArray b = network.getLayer(0).getParam(AdditiveAttentionLayer.BIAS).assign(Nd4j.rand(DataType.FLOAT, 1, 4));
        INDArray v = network.getLayer(0).getParam(AdditiveAttentionLayer.SCORE_WEIGHTS); // [4, 1]
        INDArray windows =
                Nd4j.rand(DataType.FLOAT, 3, FEATURES, WINDOW).subi(0.5).muli(4);

        INDArray pooled = network.feedForward(windows).get(1);

        assertArrayEquals(
                flat(expectedPooling(
                        windows,
                        step -> org.nd4j.linalg.ops.transforms.Transforms.tanh(
                                        step.reshape(1, FEATURES).mmul(w).add(b))
                                .mmul(v)
                                .getDouble(0))),
                flat(pooled),
                1e-5f);
    }

    private static MultiLayerNetwork overInput(AttentionPoolingLayer attention) {
        MultiLayerNetwork network =
                new MultiLayerNetwork(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                        .seed(3)
                        .list()
                        .layer(attention)
                        .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE)
                                .nIn(FEATURES)
                                .nOut(1)
                                .activation(org.nd4j.linalg.activations.Activation.IDENTITY)
                                .build())
                        .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.recurrent(
                                FEATURES, WINDOW, org.deeplearning4j.nn.conf.RNNFormat.NCW))
                        .build());
        network.init();
        return network;
    }

    private static INDArray expectedPooling(INDArray windows, java.util.function.ToDoubleFunction<INDArray> score) {
        long batch = windows.size(0);
        INDArray out = Nd4j.zeros(DataType.FLOAT, batch, FEATURES);
        for (long e = 0; e < batch; e++) {
            double[] weights = new double[WINDOW];
            double total = 0;
            for (int t = 0; t < WINDOW; t++) {
                INDArray step = windows.get(NDArrayIndex.point(e), NDArrayIndex.all(), NDArrayIndex.point(t));
                weights[t] = Math.exp(score.applyAsDouble(step));
                total += weights[t];
            }
            for (int t = 0; t < WINDOW; t++) {
                INDArray step = windows.get(NDArrayIndex.point(e), NDArrayIndex.all(), NDArrayIndex.point(t));
                out.getRow(e).addi(step.mul(weights[t] / total));
            }
        }
        return out;
    }

    private static float[] flat(INDArray array) {
        return Nd4j.toFlattened('c', array).toFloatVector();
    }

    private static INDArray reversed(INDArray windows) {
        INDArray out = windows.dup();
        long time = windows.size(2);
        for (long t = 0; t < time; t++) {
            out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t))
                    .assign(windows.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(time - 1 - t)));
        }
        return out;
    }

    private static org.deeplearning4j.nn.workspace.LayerWorkspaceMgr noWorkspaces() {
        return org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
    }
}
