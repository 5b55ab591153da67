package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.model.Cell;
import io.streamcast.model.ClipMode;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.NetworkSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pretraining scales the learnt correction toward the base per horizon step. With enough
 * validation windows to weigh it, each step gets the factor that fits them best: on those windows
 * the shrunk network is never worse than the base (a zero correction) nor than the correction as
 * learnt, and a step whose correction is pure noise is switched off. With too few to weigh it, base
 * and network count equally at every step, whatever the few windows seem to say.
 */
class ShrinkageTest {
    private static final int HORIZON = 3;

    @Test
    void withEnoughWindowsTheShrunkCorrectionBeatsBothTheBaseAndTheRawCorrectionStepByStep() {
        MultiLayerNetwork net = network();
        int n = 200;
        INDArray x = inputs(n, 11);
        INDArray raw = net.output(x, false);
        // Step 1: the truth is half the network's output plus noise; step 2: the network is
        // exactly right; step 3: the truth has nothing to do with the network (small errors that
        // a correction of the network's size would only make larger).
        INDArray y = Nd4j.create(DataType.FLOAT, n, HORIZON);
        INDArray noise = Nd4j.randn(DataType.FLOAT, n, HORIZON).muli(0.01);
        y.getColumn(0).assign(raw.getColumn(0).mul(0.5).add(noise.getColumn(0)));
        y.getColumn(1).assign(raw.getColumn(1));
        double spread = raw.getColumn(2).stdNumber().doubleValue();
        y.getColumn(2).assign(Nd4j.randn(DataType.FLOAT, n, 1).reshape(n).muli(0.3 * spread));

        Pretrainer.shrinkTowardTheBase(net, new DataSet(x, y));
        INDArray shrunk = net.output(x, false);
        for (int h = 0; h < HORIZON; h++) {
            double base = mse(y.getColumn(h).mul(0), y.getColumn(h));
            double before = mse(raw.getColumn(h), y.getColumn(h));
            double after = mse(shrunk.getColumn(h), y.getColumn(h));
            assertTrue(
                    after <= base + 1e-9 && after <= before + 1e-9,
                    "step " + (h + 1) + ": " + after + " vs base " + base + ", raw " + before);
        }
        assertEquals(0.5, ratio(shrunk, raw, 0), 0.02, "half the correction where half is right");
        assertEquals(1.0, ratio(shrunk, raw, 1), 1e-4, "all of it where it is right");
        assertTrue(ratio(shrunk, raw, 2) < 0.2, "little or none of it where it is noise");
    }

    @Test
    void withTooFewWindowsBaseAndNetworkCountEquallyAtEveryStep() {
        MultiLayerNetwork net = network();
        int n = Pretrainer.MIN_VERDICT_EXAMPLES - 1;
        INDArray x = inputs(n, 12);
        INDArray raw = net.output(x, false);
        // The few windows say the correction is exactly right at every step: too few to trust.
        Pretrainer.shrinkTowardTheBase(net, new DataSet(x, raw.dup()));
        INDArray shrunk = net.output(x, false);
        for (int h = 0; h < HORIZON; h++) {
            assertEquals(Pretrainer.CORRECTION_WEIGHT, ratio(shrunk, raw, h), 1e-4, "step " + (h + 1));
        }
    }

    private static MultiLayerNetwork network() {
        return NetworkFactory.build(new NetworkSpec(Cell.LSTM, 6, 1, 1, 8, HORIZON, 0.01, ClipMode.NONE, 1, 0, 7));
    }

    private static INDArray inputs(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, n, 1, 8);
    }

    private static double ratio(INDArray shrunk, INDArray raw, int h) {
        return shrunk.getColumn(h).norm2Number().doubleValue()
                / raw.getColumn(h).norm2Number().doubleValue();
    }

    private static double mse(INDArray predicted, INDArray actual) {
        INDArray d = predicted.sub(actual);
        return d.mul(d).meanNumber().doubleValue();
    }
}
