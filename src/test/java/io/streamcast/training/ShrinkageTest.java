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
 * Pretraining shrinks the learnt correction toward the base per horizon step: on the windows it is
 * fitted on, the shrunk network is never worse than the base (a zero correction) nor than the
 * correction as learnt, and a step whose correction is pure noise is switched off.
 */
class ShrinkageTest {
    private static final int HORIZON = 3;

    @Test
    void theShrunkCorrectionBeatsBothTheBaseAndTheRawCorrectionStepByStep() {
        MultiLayerNetwork net =
                NetworkFactory.build(new NetworkSpec(Cell.LSTM, 6, 1, 1, 8, HORIZON, 0.01, ClipMode.NONE, 1, 0, 7));
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, 200, 1, 8);
        INDArray raw = net.output(x, false);
        // Step 1: the truth is half the network's output plus noise; step 2: the network is
        // exactly right; step 3: the truth has nothing to do with the network (small errors that
        // a correction of the network's size would only make larger).
        INDArray y = Nd4j.create(DataType.FLOAT, 200, HORIZON);
        INDArray noise = Nd4j.randn(DataType.FLOAT, 200, HORIZON).muli(0.01);
        y.getColumn(0).assign(raw.getColumn(0).mul(0.5).add(noise.getColumn(0)));
        y.getColumn(1).assign(raw.getColumn(1));
        double spread = raw.getColumn(2).stdNumber().doubleValue();
        y.getColumn(2).assign(Nd4j.randn(DataType.FLOAT, 200, 1).reshape(200).muli(0.3 * spread));
        DataSet validation = new DataSet(x, y);

        Pretrainer.shrinkTowardTheBase(net, validation);
        INDArray shrunk = net.output(x, false);
        for (int h = 0; h < HORIZON; h++) {
            double base = mse(y.getColumn(h).mul(0), y.getColumn(h));
            double before = mse(raw.getColumn(h), y.getColumn(h));
            double after = mse(shrunk.getColumn(h), y.getColumn(h));
            assertTrue(
                    after <= base + 1e-9 && after <= before + 1e-9,
                    "step " + (h + 1) + ": " + after + " vs base " + base + ", raw " + before);
        }
        assertEquals(
                0.5,
                shrunk.getColumn(0).norm2Number().doubleValue()
                        / raw.getColumn(0).norm2Number().doubleValue(),
                0.02,
                "half the correction where half is right");
        assertEquals(
                1.0,
                shrunk.getColumn(1).norm2Number().doubleValue()
                        / raw.getColumn(1).norm2Number().doubleValue(),
                1e-4,
                "all of it where it is right");
        assertTrue(
                shrunk.getColumn(2).norm2Number().doubleValue()
                        < 0.2 * raw.getColumn(2).norm2Number().doubleValue(),
                "little or none of it where it is noise");
    }

    private static double mse(INDArray predicted, INDArray actual) {
        INDArray d = predicted.sub(actual);
        return d.mul(d).meanNumber().doubleValue();
    }
}
