package io.streamcast.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * DL4J's runtime for SameDiff-defined layers, with five fixes this project relies on.
 *
 * <p><b>Gradients halved.</b> In DL4J 1.0.0-M2.1 the stock {@link SameDiffLayer} returns parameter
 * gradients and the input gradient (epsilon) exactly twice as large as the true derivative of the
 * loss; {@code GradientCheckTest} measures this against numerical gradients and fails when an
 * upstream release changes it. Halving both makes the layer pass DL4J's gradient check and keeps
 * the gradient-norm clipping thresholds meaningful.
 *
 * <p><b>Regularization in the score.</b> The stock layer leaves its weights' L1/L2 penalty out of
 * the network score while the updater still applies its gradient, so the reported loss is too low
 * and the gradient check fails whenever {@code l2 > 0}. The penalty is added here as DL4J's
 * BaseLayer does it.
 *
 * <p><b>Quiet.</b> Building the gradient graph makes SameDiff print one line per op to
 * {@code System.out}; {@link SameDiffConsoleFilter} drops those lines.
 *
 * <p><b>No session kept between calls.</b> The stock layer keeps one SameDiff InferenceSession per
 * thread for good, and the session records the id of every array it frees in a set it never
 * clears: one entry per op per call, tens of kilobytes of heap per call for a GRU over 48 steps,
 * without bound. Dropping the sessions after each call costs no measurable time.
 *
 * <p><b>Graph rebuilt on a new input shape.</b> The stock layer builds its SameDiff graph once from
 * the first input's shape (only the batch size stays free). A layer that unrolls over time needs a
 * new graph when the window length changes, so the graph is dropped and rebuilt then.
 */
public class CorrectedSameDiffLayer extends SameDiffLayer {
    /** DL4J layer configurations are Serializable; the model files store them as JSON, not Java serialization. */
    private static final long serialVersionUID = 1L;

    /** Name under which SameDiff stores the gradient graph it derives from the layer's graph. */
    private static final String GRADIENT_FUNCTION = "grad";

    private long[] builtShapeWithoutBatch;

    public CorrectedSameDiffLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        dropGraphIfInputShapeChanged();
        try {
            return super.activate(training, workspaceMgr);
        } finally {
            dropSessions();
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        dropGraphIfInputShapeChanged();
        if (sameDiff == null || !sameDiff.hasGradientFunction()) {
            SameDiffConsoleFilter.install(); // the gradient graph is about to be built
        }
        Pair<Gradient, INDArray> doubled;
        try {
            doubled = super.backpropGradient(epsilon, workspaceMgr);
        } finally {
            dropSessions();
        }
        // The per-parameter arrays are views of the network's flattened gradient: halve in place.
        for (INDArray gradient : doubled.getFirst().gradientForVariable().values()) {
            gradient.divi(2);
        }
        INDArray inputGradient = doubled.getSecond();
        if (inputGradient != null) {
            inputGradient.divi(2);
        }
        return doubled;
    }

    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        double score = 0;
        for (Map.Entry<String, INDArray> param : paramTable().entrySet()) {
            List<Regularization> regularizations = layerConf().getRegularizationByParam(param.getKey());
            if (regularizations != null) {
                for (Regularization regularization : regularizations) {
                    score += regularization.score(param.getValue(), getIterationCount(), getEpochCount());
                }
            }
        }
        return score;
    }

    @Override
    protected void doInit() {
        super.doInit();
        builtShapeWithoutBatch = shapeWithoutBatch(input);
    }

    /** SameDiff sessions the layer holds between calls, for tests; always 0. */
    int retainedSessions() {
        if (sameDiff == null) {
            return 0;
        }
        SameDiff gradient = sameDiff.getFunction(GRADIENT_FUNCTION);
        return sameDiff.getSessions().size()
                + (gradient == null ? 0 : gradient.getSessions().size());
    }

    private void dropSessions() {
        if (sameDiff == null) {
            return;
        }
        Long thread = Thread.currentThread().getId();
        sameDiff.getSessions().remove(thread);
        SameDiff gradient = sameDiff.getFunction(GRADIENT_FUNCTION);
        if (gradient != null) {
            gradient.getSessions().remove(thread);
        }
    }

    private void dropGraphIfInputShapeChanged() {
        if (sameDiff != null && input != null && !Arrays.equals(builtShapeWithoutBatch, shapeWithoutBatch(input))) {
            sameDiff = null;
        }
    }

    private static long[] shapeWithoutBatch(INDArray array) {
        long[] shape = array.shape();
        return Arrays.copyOfRange(shape, 1, shape.length);
    }
}
