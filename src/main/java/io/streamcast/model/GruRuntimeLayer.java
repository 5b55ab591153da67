package io.streamcast.model;

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
 * The runtime {@link GruLayer} trains and runs with: its forward pass and backpropagation
 * through time in plain loops ({@link GruBackprop}) instead of the SameDiff graph the layer
 * defines. The configuration, the parameters and their layout are the layer's, so checkpoints
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

    private GruLayer gru() {
        return (GruLayer) layerConf();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            int batch = (int) input.size(0);
            int steps = (int) input.size(2);
            GruBackprop gru = weights();
            GruBackprop.Trace trace = gru.forward(values(input), batch, steps);
            INDArray output = gru().lastTimeStepOnly()
                    ? array(gru.lastStates(trace), batch, gru().nOut())
                    : array(gru.sequence(trace), batch, gru().nOut(), steps);
            return workspaceMgr.dup(ArrayType.ACTIVATIONS, output);
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            int batch = (int) input.size(0);
            int steps = (int) input.size(2);
            GruBackprop gru = weights();
            double[] x = values(input);
            // The forward pass again rather than a trace kept from activate: DL4J may call
            // activate more than once per step, and this costs a third of the step.
            GruBackprop.Trace trace = gru.forward(x, batch, steps);
            GruBackprop.Gradients gradients = gru.backward(x, trace, values(epsilon), gru().lastTimeStepOnly());
            Gradient gradient = new DefaultGradient();
            put(gradient, GruWindowLayer.INPUT_WEIGHTS, gradients.inputWeights());
            put(gradient, GruWindowLayer.RECURRENT_WEIGHTS, gradients.recurrentWeights());
            put(gradient, GruWindowLayer.BIAS, gradients.bias());
            put(gradient, GruWindowLayer.CANDIDATE_RECURRENT_BIAS, gradients.candidateRecurrentBias());
            INDArray inputGradient = array(gradients.input(), batch, gru().nIn(), steps);
            return new Pair<>(gradient, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, inputGradient));
        }
    }

    private GruBackprop weights() {
        Map<String, INDArray> params = paramTable();
        return new GruBackprop(
                (int) gru().nIn(),
                (int) gru().nOut(),
                values(params.get(GruWindowLayer.INPUT_WEIGHTS)),
                values(params.get(GruWindowLayer.RECURRENT_WEIGHTS)),
                values(params.get(GruWindowLayer.BIAS)),
                values(params.get(GruWindowLayer.CANDIDATE_RECURRENT_BIAS)));
    }

    /** Writes {@code values} into the network's gradient view of {@code param} and names it in {@code gradient}. */
    private void put(Gradient gradient, String param, double[] values) {
        INDArray view = gradTable.get(param);
        view.assign(Nd4j.create(values, view.shape(), 'c'));
        gradient.gradientForVariable().put(param, view);
    }

    /** An array's values in C order, as doubles (a copy: views and float arrays alike). */
    private static double[] values(INDArray array) {
        return array.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** A C-order array of the input's data type. */
    private INDArray array(double[] values, long... shape) {
        INDArray doubles = Nd4j.create(values, shape, 'c');
        return input.dataType() == DataType.DOUBLE ? doubles : doubles.castTo(input.dataType());
    }
}
