package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Backprop gradients of every cell and architecture (mixed stacks, bidirectional layers, attention)
 * against numerical (central difference) gradients, in DOUBLE. A stacked network also checks each
 * layer's input gradient, which feeds the layer below.
 */
class GradientCheckTest {

    private static final int BATCH = 3;
    private static final int FEATURES = 2;
    private static final int HIDDEN = 4;
    private static final int WINDOW = 5;
    private static final int HORIZON = 2;

    // Values DL4J's own recurrent gradient checks use.
    private static final double EPSILON = 1e-6;
    private static final double MAX_RELATIVE_ERROR = 1e-3;
    private static final double MIN_ABSOLUTE_ERROR = 1e-8;

    private static DataType previousDefault;

    @BeforeAll
    static void doublePrecision() {
        previousDefault = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        // GradientCheckUtil's static initialiser also switches the global default to DOUBLE;
        // other tests in this JVM expect the usual FLOAT.
        Nd4j.setDefaultDataTypes(previousDefault, previousDefault);
    }

    @Test
    void gruOneLayer() {
        assertGradientsMatch(Cell.GRU, 1);
    }

    @Test
    void gruTwoLayersStacked() {
        assertGradientsMatch(Cell.GRU, 2);
    }

    @Test
    void lstmTwoLayersStacked() {
        assertGradientsMatch(Cell.LSTM, 2);
    }

    @Test
    void rnnOneLayer() {
        assertGradientsMatch(Cell.RNN, 1);
    }

    @Test
    void mixedStackGruUnderLstm() {
        assertGradientsMatch(spec(List.of(Cell.GRU, Cell.LSTM), false, Attention.NONE));
    }

    @Test
    void mixedStackOfAllThreeCells() {
        assertGradientsMatch(spec(List.of(Cell.LSTM, Cell.RNN, Cell.GRU), false, Attention.NONE));
    }

    @Test
    void bidirectionalGruTwoLayers() {
        assertGradientsMatch(spec(List.of(Cell.GRU, Cell.GRU), true, Attention.NONE));
    }

    @Test
    void bidirectionalLstmTwoLayers() {
        assertGradientsMatch(spec(List.of(Cell.LSTM, Cell.LSTM), true, Attention.NONE));
    }

    @Test
    void bidirectionalRnnOverGru() {
        assertGradientsMatch(spec(List.of(Cell.GRU, Cell.RNN), true, Attention.NONE));
    }

    @Test
    void dotAttentionOverGru() {
        assertGradientsMatch(spec(List.of(Cell.GRU), false, Attention.DOT));
    }

    @Test
    void additiveAttentionOverLstm() {
        assertGradientsMatch(spec(List.of(Cell.LSTM), false, Attention.ADDITIVE));
    }

    @Test
    void additiveAttentionOverBidirectionalGru() {
        assertGradientsMatch(spec(List.of(Cell.GRU), true, Attention.ADDITIVE));
    }

    @Test
    void dotAttentionOverBidirectionalLstm() {
        assertGradientsMatch(spec(List.of(Cell.LSTM), true, Attention.DOT));
    }

    /**
     * Documents why {@link CorrectedSameDiffLayer} exists: DL4J's stock SameDiff layer runtime
     * returns exactly twice the true gradient. If an upstream release fixes that, this test fails
     * and the halving must go.
     */
    @Test
    void stockSameDiffLayerGradientIsExactlyTwiceTheTrueGradient() {
        MultiLayerNetwork corrected = singleGruNetwork(new GruLayer(FEATURES, HIDDEN, true));
        MultiLayerNetwork stock = singleGruNetwork(new StockRuntimeGruLayer(FEATURES, HIDDEN, true));
        stock.setParams(corrected.params());
        INDArray input = input();
        INDArray labels = labels();

        assertTrue(check(corrected, input, labels, false), "corrected GRU must pass the gradient check");
        assertFalse(check(stock, input, labels, true), "stock SameDiff runtime unexpectedly passes the gradient check");

        Map<String, INDArray> correctGradients = gradients(corrected, input, labels);
        Map<String, INDArray> stockGradients = gradients(stock, input, labels);
        for (String gruParam : new String[] {"0_W", "0_RW", "0_b", "0_bhn"}) {
            INDArray expectedDoubled = correctGradients.get(gruParam).mul(2);
            assertTrue(
                    expectedDoubled.equalsWithEps(stockGradients.get(gruParam), 1e-12),
                    gruParam + ": stock gradient is no longer exactly 2x the true gradient");
        }
        assertEquals(
                correctGradients.get("1_W"),
                stockGradients.get("1_W"),
                "layers after the SameDiff layer get the same gradient");
    }

    /**
     * {@link GruLayer} trains through {@link GruRuntimeLayer}'s loops; its SameDiff graph (run by
     * the corrected SameDiff runtime, which passes the gradient check above) defines the function.
     * The two agree to rounding: outputs, every parameter's gradient and the gradient that flows
     * into the layer below, for a last-step layer and for one that outputs its whole sequence.
     */
    @Test
    void theGruRuntimesLoopsComputeWhatTheLayersSameDiffGraphDefines() {
        assertLoopsEqualTheGraph(
                gruNetwork(new GruLayer(FEATURES, HIDDEN, false), new GruLayer(HIDDEN, HIDDEN, true)),
                gruNetwork(
                        new SameDiffRuntimeGruLayer(FEATURES, HIDDEN, false),
                        new SameDiffRuntimeGruLayer(HIDDEN, HIDDEN, true)));
    }

    /** The same for both directions of {@link BidirectionalGruLayer}, the backward one over the window reversed. */
    @Test
    void theBidirectionalGruRuntimesLoopsComputeWhatTheLayersSameDiffGraphDefines() {
        assertLoopsEqualTheGraph(
                gruNetwork(
                        new BidirectionalGruLayer(FEATURES, HIDDEN, false),
                        new BidirectionalGruLayer(2 * HIDDEN, HIDDEN, true)),
                gruNetwork(
                        new SameDiffRuntimeBidirectionalGruLayer(FEATURES, HIDDEN, false),
                        new SameDiffRuntimeBidirectionalGruLayer(2 * HIDDEN, HIDDEN, true)));
    }

    /**
     * {@link LstmLayer} trains through {@link LstmRuntimeLayer}'s loops; DL4J's own LSTM runtime
     * (which passes the gradient check above) defines the function. The same stack, one network
     * with DL4J's configuration class and the same weights: outputs and every gradient agree.
     */
    @Test
    void theLstmRuntimesLoopsComputeWhatDl4jsLstmLayerComputes() {
        MultiLayerNetwork loops = NetworkFactory.build(
                spec(java.util.Collections.nCopies(2, Cell.LSTM), false, Attention.NONE), DataType.DOUBLE, new NoOp());
        String json = loops.getLayerWiseConfigurations().toJson();
        assertTrue(json.contains(LstmLayer.class.getName()), "the factory builds LstmLayer");
        MultiLayerNetwork dl4j = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(
                json.replace(LstmLayer.class.getName(), org.deeplearning4j.nn.conf.layers.LSTM.class.getName())));
        dl4j.init();
        assertSameFunction(loops, dl4j);
        assertTrue(loops.getLayer(0) instanceof LstmRuntimeLayer, "the first layer runs on the loops");
        assertFalse(dl4j.getLayer(0) instanceof LstmRuntimeLayer, "the reference runs on DL4J's runtime");
    }

    private static void assertLoopsEqualTheGraph(MultiLayerNetwork loops, MultiLayerNetwork graph) {
        assertSameFunction(loops, graph);
        assertTrue(loops.getLayer(0) instanceof GruRuntimeLayer, "the layer runs on the loops");
        assertTrue(check(loops, input(), labels(), false), "the loops pass the gradient check on their own");
    }

    /**
     * Given {@code loops}' weights, {@code reference} computes the same outputs (1e-12) and the
     * same gradient for every parameter (1e-10).
     */
    private static void assertSameFunction(MultiLayerNetwork loops, MultiLayerNetwork reference) {
        reference.setParams(loops.params());
        INDArray input = input();
        INDArray labels = labels();
        assertTrue(loops.output(input).equalsWithEps(reference.output(input), 1e-12), "outputs");
        Map<String, INDArray> fromLoops = gradients(loops, input, labels);
        Map<String, INDArray> fromReference = gradients(reference, input, labels);
        assertEquals(fromReference.keySet(), fromLoops.keySet());
        for (String param : fromReference.keySet()) {
            assertTrue(
                    fromReference.get(param).equalsWithEps(fromLoops.get(param), 1e-10),
                    param + ": " + fromLoops.get(param) + " against the reference's " + fromReference.get(param));
        }
    }

    private static void assertGradientsMatch(Cell cell, int layers) {
        assertGradientsMatch(spec(java.util.Collections.nCopies(layers, cell), false, Attention.NONE));
    }

    private static void assertGradientsMatch(NetworkSpec spec) {
        MultiLayerNetwork network = NetworkFactory.build(spec, DataType.DOUBLE, new NoOp());
        assertTrue(
                check(network, input(), labels(), false),
                NetworkArchitecture.describe(network.getLayerWiseConfigurations()) + " fails the gradient check");
    }

    private static NetworkSpec spec(List<Cell> cells, boolean bidirectional, Attention attention) {
        // No clipping: GradientCheckUtil runs the updater, whose clipping the numerical gradient
        // would not see. L2 on, so its penalty's score and gradient are checked too.
        return new NetworkSpec(
                cells,
                HIDDEN,
                FEATURES,
                WINDOW,
                HORIZON,
                1e-3,
                ClipMode.NONE,
                0,
                1e-2,
                12345,
                bidirectional,
                attention);
    }

    private static boolean check(
            MultiLayerNetwork network, INDArray input, INDArray labels, boolean stopAtFirstFailure) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                .net(network)
                .input(input)
                .labels(labels)
                .epsilon(EPSILON)
                .maxRelError(MAX_RELATIVE_ERROR)
                .minAbsoluteError(MIN_ABSOLUTE_ERROR)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(stopAtFirstFailure));
    }

    private static Map<String, INDArray> gradients(MultiLayerNetwork network, INDArray input, INDArray labels) {
        network.setInput(input);
        network.setLabels(labels);
        network.computeGradientAndScore();
        Map<String, INDArray> copies = new HashMap<>();
        network.gradient().gradientForVariable().forEach((name, gradient) -> copies.put(name, gradient.dup()));
        return copies;
    }

    private static MultiLayerNetwork gruNetwork(GruWindowLayer first, GruWindowLayer second) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(DataType.DOUBLE)
                .updater(new NoOp())
                .list()
                .layer(first)
                .layer(second)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nOut(HORIZON)
                        .activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.recurrent(FEATURES, WINDOW, RNNFormat.NCW))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    private static MultiLayerNetwork singleGruNetwork(GruLayer gru) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(DataType.DOUBLE)
                .updater(new NoOp())
                .list()
                .layer(gru)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(HIDDEN)
                        .nOut(HORIZON)
                        .activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.recurrent(FEATURES, WINDOW, RNNFormat.NCW))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    private static INDArray input() {
        Nd4j.getRandom().setSeed(7);
        return Nd4j.rand(DataType.DOUBLE, BATCH, FEATURES, WINDOW).subi(0.5).muli(2);
    }

    private static INDArray labels() {
        Nd4j.getRandom().setSeed(8);
        return Nd4j.randn(DataType.DOUBLE, BATCH, HORIZON);
    }

    /** The same GRU run by DL4J's stock SameDiff layer runtime, without the gradient halving. */
    static final class StockRuntimeGruLayer extends GruLayer {
        private static final long serialVersionUID = 1L;

        StockRuntimeGruLayer(long nIn, long nOut, boolean lastTimeStepOnly) {
            super(nIn, nOut, lastTimeStepOnly);
        }

        @Override
        protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer createRuntimeLayer(
                NeuralNetConfiguration conf, DataType networkDataType) {
            return new org.deeplearning4j.nn.layers.samediff.SameDiffLayer(conf, networkDataType);
        }
    }

    /** The GRU as its SameDiff graph defines it, run by the corrected SameDiff runtime. */
    static final class SameDiffRuntimeGruLayer extends GruLayer {
        private static final long serialVersionUID = 1L;

        SameDiffRuntimeGruLayer(long nIn, long nOut, boolean lastTimeStepOnly) {
            super(nIn, nOut, lastTimeStepOnly);
        }

        @Override
        protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer createRuntimeLayer(
                NeuralNetConfiguration conf, DataType networkDataType) {
            return new CorrectedSameDiffLayer(conf, networkDataType);
        }
    }

    /** {@link BidirectionalGruLayer} as its SameDiff graph defines it, run by the corrected SameDiff runtime. */
    static final class SameDiffRuntimeBidirectionalGruLayer extends BidirectionalGruLayer {
        private static final long serialVersionUID = 1L;

        SameDiffRuntimeBidirectionalGruLayer(long nIn, long nOut, boolean lastTimeStepOnly) {
            super(nIn, nOut, lastTimeStepOnly);
        }

        @Override
        protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer createRuntimeLayer(
                NeuralNetConfiguration conf, DataType networkDataType) {
            return new CorrectedSameDiffLayer(conf, networkDataType);
        }
    }
}
