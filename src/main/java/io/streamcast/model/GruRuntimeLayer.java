package io.streamcast.model;

import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime {@link GruLayer} and {@link BidirectionalGruLayer} train and run with: their
 * forward pass and backpropagation through time in plain loops ({@link GruBackprop}, the backward
 * direction over the window reversed) instead of the SameDiff graph the layer defines. The configuration, the parameters and their layout are the layer's, so checkpoints
 * saved before load unchanged and {@link FusedRecurrentForward} reads the same weights; the graph
 * remains the layer's definition, checked equal to this runtime in the tests.
 *
 * <p>The gradients are the true ones (DL4J's gradient check), so nothing is halved as
 * {@link CorrectedSameDiffLayer} must; it is the base class for the regularization score it adds
 * to the network's.
 */
final class GruRuntimeLayer extends CorrectedSameDiffLayer {
    private static final long serialVersionUID = 1L;

    GruRuntimeLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private GruWindowLayer gru() {
        return (GruWindowLayer) layerConf();
    }

    /** The parameter name prefix of each direction the layer reads the window in, forward first. */
    private String[] directions() {
        return gru().directions() == 1
                ? new String[] {""}
                : new String[] {BidirectionalGruLayer.FORWARD, BidirectionalGruLayer.BACKWARD};
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            int batch = (int) input.size(0);
            int steps = (int) input.size(2);
            int nOut = (int) gru().nOut();
            String[] directions = directions();
            double[] x = RuntimeArrays.values(input);
            double[][] outputs = new double[directions.length][];
            for (int d = 0; d < directions.length; d++) {
                boolean reversed = d == 1;
                GruBackprop gru = weights(directions[d]);
                GruBackprop.Trace trace =
                        gru.forward(reversed ? reverseTime(x, batch, (int) gru().nIn(), steps) : x, batch, steps);
                outputs[d] = gru().lastTimeStepOnly()
                        ? gru.lastStates(trace)
                        : reversed ? reverseTime(gru.sequence(trace), batch, nOut, steps) : gru.sequence(trace);
            }
            int perStep = gru().lastTimeStepOnly() ? 1 : steps;
            double[] joined = concatenateFeatures(outputs, batch, nOut * perStep);
            INDArray output = gru().lastTimeStepOnly()
                    ? RuntimeArrays.array(joined, input.dataType(), batch, (long) directions.length * nOut)
                    : RuntimeArrays.array(joined, input.dataType(), batch, (long) directions.length * nOut, steps);
            return workspaceMgr.dup(ArrayType.ACTIVATIONS, output);
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            int batch = (int) input.size(0);
            int steps = (int) input.size(2);
            int nIn = (int) gru().nIn();
            int nOut = (int) gru().nOut();
            boolean lastOnly = gru().lastTimeStepOnly();
            int perStep = lastOnly ? 1 : steps;
            String[] directions = directions();
            double[] x = RuntimeArrays.values(input);
            double[] reversedX = directions.length > 1 ? reverseTime(x, batch, nIn, steps) : null;
            double[][] lossGradients =
                    splitFeatures(RuntimeArrays.values(epsilon), directions.length, batch, nOut * perStep);
            double[] inputGradient = new double[x.length];
            Map<String, double[]> byParam = new HashMap<>();
            for (int d = 0; d < directions.length; d++) {
                boolean reversed = d == 1;
                GruBackprop gru = weights(directions[d]);
                double[] xd = reversed ? reversedX : x;
                double[] lossGradient =
                        reversed && !lastOnly ? reverseTime(lossGradients[d], batch, nOut, steps) : lossGradients[d];
                // The forward pass again rather than a trace kept from activate: DL4J may call
                // activate more than once per step, and this costs a third of the step.
                GruBackprop.Trace trace = gru.forward(xd, batch, steps);
                GruBackprop.Gradients gradients = gru.backward(xd, trace, lossGradient, lastOnly);
                String prefix = directions[d];
                byParam.put(prefix + GruWindowLayer.INPUT_WEIGHTS, gradients.inputWeights());
                byParam.put(prefix + GruWindowLayer.RECURRENT_WEIGHTS, gradients.recurrentWeights());
                byParam.put(prefix + GruWindowLayer.BIAS, gradients.bias());
                byParam.put(prefix + GruWindowLayer.CANDIDATE_RECURRENT_BIAS, gradients.candidateRecurrentBias());
                double[] dInput = reversed ? reverseTime(gradients.input(), batch, nIn, steps) : gradients.input();
                for (int i = 0; i < dInput.length; i++) {
                    inputGradient[i] += dInput[i];
                }
            }
            Gradient gradient = new DefaultGradient();
            for (String param : paramTable().keySet()) {
                INDArray view = gradTable.get(param);
                view.assign(Nd4j.create(byParam.get(param), view.shape(), 'c'));
                gradient.gradientForVariable().put(param, view);
            }
            INDArray dInput = RuntimeArrays.array(inputGradient, input.dataType(), batch, nIn, steps);
            return new Pair<>(gradient, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dInput));
        }
    }

    private GruBackprop weights(String prefix) {
        Map<String, INDArray> params = paramTable();
        return new GruBackprop(
                (int) gru().nIn(),
                (int) gru().nOut(),
                RuntimeArrays.values(params.get(prefix + GruWindowLayer.INPUT_WEIGHTS)),
                RuntimeArrays.values(params.get(prefix + GruWindowLayer.RECURRENT_WEIGHTS)),
                RuntimeArrays.values(params.get(prefix + GruWindowLayer.BIAS)),
                RuntimeArrays.values(params.get(prefix + GruWindowLayer.CANDIDATE_RECURRENT_BIAS)));
    }

    /** {@code [batch][features][steps]} with its steps in reverse order. */
    static double[] reverseTime(double[] values, int batch, int features, int steps) {
        double[] reversed = new double[values.length];
        for (int row = 0; row < batch * features; row++) {
            int at = row * steps;
            for (int t = 0; t < steps; t++) {
                reversed[at + t] = values[at + steps - 1 - t];
            }
        }
        return reversed;
    }

    /** Per sample, the directions' blocks of {@code block} values one after the other. */
    private static double[] concatenateFeatures(double[][] parts, int batch, int block) {
        double[] joined = new double[parts.length * batch * block];
        for (int b = 0; b < batch; b++) {
            for (int d = 0; d < parts.length; d++) {
                System.arraycopy(parts[d], b * block, joined, (b * parts.length + d) * block, block);
            }
        }
        return joined;
    }

    /** The inverse of {@link #concatenateFeatures}. */
    private static double[][] splitFeatures(double[] joined, int directions, int batch, int block) {
        double[][] parts = new double[directions][batch * block];
        for (int b = 0; b < batch; b++) {
            for (int d = 0; d < directions; d++) {
                System.arraycopy(joined, (b * directions + d) * block, parts[d], b * block, block);
            }
        }
        return parts;
    }
}
