package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Backprop gradients of the autoregressive and seq2seq decoders, GRU, LSTM and a stack of both,
 * against numerical gradients, in DOUBLE: free running (every step fed its own prediction, the serving form), teacher forced, and
 * with a mix of both drawn per example and step, with and without unknown targets masked out.
 */
class DecoderGradientCheckTest {
    private static final int BATCH = 3;
    private static final int HIDDEN = 3;
    private static final int WINDOW = 4;
    private static final int HORIZON = 3;

    private static DataType previousDefault;

    @BeforeAll
    static void doublePrecision() {
        previousDefault = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(previousDefault, previousDefault);
    }

    @Test
    void autoregressiveFreeRunning() {
        assertGradientsMatch(Decoder.AUTOREGRESSIVE, 1, batch(), -1);
    }

    @Test
    void autoregressiveTwoLayersMixedFeedBack() {
        assertGradientsMatch(Decoder.AUTOREGRESSIVE, 2, batch(), 0.5);
    }

    @Test
    void seq2seqFreeRunning() {
        assertGradientsMatch(Decoder.SEQ2SEQ, 1, batch(), -1);
    }

    @Test
    void seq2seqTeacherForced() {
        assertGradientsMatch(Decoder.SEQ2SEQ, 1, batch(), 0);
    }

    @Test
    void seq2seqTwoLayersMixedFeedBackWithUnknownTargets() {
        DataSet batch = batch();
        INDArray mask = Nd4j.ones(DataType.DOUBLE, BATCH, HORIZON);
        mask.putScalar(0, 2, 0);
        mask.putScalar(1, 1, 0);
        mask.putScalar(1, 2, 0);
        batch.setLabelsMaskArray(mask);
        assertGradientsMatch(Decoder.SEQ2SEQ, 2, batch, 0.5);
    }

    @Test
    void autoregressiveLstmFreeRunning() {
        assertGradientsMatch(Decoder.AUTOREGRESSIVE, List.of(Cell.LSTM), batch(), -1);
    }

    @Test
    void autoregressiveLstmTwoLayersMixedFeedBack() {
        assertGradientsMatch(Decoder.AUTOREGRESSIVE, List.of(Cell.LSTM, Cell.LSTM), batch(), 0.5);
    }

    @Test
    void seq2seqLstmTeacherForced() {
        assertGradientsMatch(Decoder.SEQ2SEQ, List.of(Cell.LSTM), batch(), 0);
    }

    @Test
    void seq2seqLstmOverGruMixedFeedBackWithUnknownTargets() {
        DataSet batch = batch();
        INDArray mask = Nd4j.ones(DataType.DOUBLE, BATCH, HORIZON);
        mask.putScalar(1, 2, 0);
        batch.setLabelsMaskArray(mask);
        assertGradientsMatch(Decoder.SEQ2SEQ, List.of(Cell.LSTM, Cell.GRU), batch, 0.5);
    }

    @Test
    void teacherForcedTrainingFormWithAllStepsFedBackEqualsFreeRunning() {
        MultiLayerNetwork network = NetworkFactory.build(spec(Decoder.SEQ2SEQ, 2), DataType.DOUBLE, new NoOp());
        DataSet batch = batch();
        INDArray free = network.output(batch.getFeatures());
        TeacherInputs allFedBack = TeacherInputs.of(batch, 1.0, new Random(1));
        assertEquals(BATCH * (HORIZON - 1), allFedBack.fedBack());
        INDArray fed = network.output(allFedBack.dataSet().getFeatures());
        assertTrue(free.equalsWithEps(fed, 1e-12), free + " != " + fed);
        assertArrayEquals(new long[] {BATCH, HORIZON}, free.shape());
        // Teacher forcing gives the same step 1 (no value fed yet) and other later steps.
        INDArray forced = network.output(
                TeacherInputs.of(batch, 0.0, new Random(1)).dataSet().getFeatures());
        assertEquals(free.getDouble(0, 0), forced.getDouble(0, 0), 1e-12);
        assertTrue(Math.abs(free.getDouble(0, 2) - forced.getDouble(0, 2)) > 1e-9, free + " vs " + forced);
    }

    @Test
    void aHorizonOfOneTrainsWithNothingToFeedBack() {
        for (Decoder decoder : new Decoder[] {Decoder.AUTOREGRESSIVE, Decoder.SEQ2SEQ}) {
            NetworkSpec spec = spec(decoder, 1);
            NetworkSpec oneStep = new NetworkSpec(
                    spec.cells(), HIDDEN, 1, WINDOW, 1, 1e-3, ClipMode.NONE, 0, 0, 1, false, Attention.NONE, decoder);
            MultiLayerNetwork network = NetworkFactory.build(oneStep, DataType.DOUBLE, new NoOp());
            DataSet batch = new DataSet(batch().getFeatures(), Nd4j.randn(DataType.DOUBLE, BATCH, 1));
            TeacherInputs form = TeacherInputs.of(batch, 0.5, new Random(5));
            assertEquals(0, form.choices());
            network.fit(form.dataSet());
            assertTrue(Double.isFinite(network.score()), decoder + " trains");
            assertArrayEquals(
                    new long[] {BATCH, 1}, network.output(batch.getFeatures()).shape());
        }
    }

    private static void assertGradientsMatch(Decoder decoder, int layers, DataSet batch, double feedBack) {
        assertGradientsMatch(decoder, Collections.nCopies(layers, Cell.GRU), batch, feedBack);
    }

    private static void assertGradientsMatch(Decoder decoder, List<Cell> cells, DataSet batch, double feedBack) {
        MultiLayerNetwork network = NetworkFactory.build(spec(decoder, cells), DataType.DOUBLE, new NoOp());
        DataSet form = feedBack < 0
                ? batch
                : TeacherInputs.of(batch, feedBack, new Random(3)).dataSet();
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                .net(network)
                .input(form.getFeatures())
                .labels(form.getLabels())
                .labelMask(form.getLabelsMaskArray())
                .epsilon(1e-6)
                .maxRelError(1e-3)
                .minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(false));
        assertTrue(
                ok, NetworkArchitecture.describe(network.getLayerWiseConfigurations()) + " fails the gradient check");
    }

    static NetworkSpec spec(Decoder decoder, int layers) {
        return spec(decoder, Collections.nCopies(layers, Cell.GRU));
    }

    static NetworkSpec spec(Decoder decoder, List<Cell> cells) {
        // No clipping (the numerical gradient would not see it); L2 on, so its penalty is checked too.
        return new NetworkSpec(
                cells, HIDDEN, 1, WINDOW, HORIZON, 1e-3, ClipMode.NONE, 0, 1e-2, 12345, false, Attention.NONE, decoder);
    }

    private static DataSet batch() {
        Nd4j.getRandom().setSeed(7);
        INDArray input = Nd4j.rand(DataType.DOUBLE, BATCH, 1, WINDOW).subi(0.5).muli(2);
        Nd4j.getRandom().setSeed(8);
        INDArray labels = Nd4j.randn(DataType.DOUBLE, BATCH, HORIZON);
        return new DataSet(input, labels);
    }
}
