package io.streamcast.model;

import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime {@link LstmLayer} trains and runs with: DL4J's LSTM layer, whose whole-window
 * forward pass and backpropagation through time run as plain loops ({@link LstmBackprop}) instead
 * of a dozen ND4J ops per step. The parameters and their layout are DL4J's, so
 * {@link FusedRecurrentForward} reads the same weights, and the tests hold the loops equal to
 * DL4J's own runtime. What the loops do not cover (masks, dropout on the input, another data
 * format or activation, stored state for step-by-step output) is left to DL4J's code.
 */
final class LstmRuntimeLayer extends org.deeplearning4j.nn.layers.recurrent.LSTM {
    private static final long serialVersionUID = 1L;

    LstmRuntimeLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Whether the loops compute what DL4J's layer would for the current input. */
    private boolean loopsApply() {
        org.deeplearning4j.nn.conf.layers.LSTM conf = layerConf();
        return maskArray == null
                && conf.getIDropout() == null
                && conf.getRnnDataFormat() == RNNFormat.NCW
                && conf.getActivationFn() instanceof ActivationTanH
                && conf.getGateActivationFn() instanceof ActivationSigmoid
                && input != null
                && input.rank() == 3;
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        return activate(training, workspaceMgr);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!loopsApply()) {
            return super.activate(training, workspaceMgr);
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            int batch = (int) input.size(0);
            int steps = (int) input.size(2);
            LstmBackprop lstm = weights();
            LstmBackprop.Trace trace = lstm.forward(RuntimeArrays.values(input), batch, steps);
            INDArray output = RuntimeArrays.array(
                    lstm.sequence(trace), input.dataType(), batch, layerConf().getNOut(), steps);
            return workspaceMgr.dup(ArrayType.ACTIVATIONS, output);
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!loopsApply()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            int batch = (int) input.size(0);
            int steps = (int) input.size(2);
            LstmBackprop lstm = weights();
            double[] x = RuntimeArrays.values(input);
            // The forward pass again rather than a trace kept from activate (see GruRuntimeLayer).
            LstmBackprop.Trace trace = lstm.forward(x, batch, steps);
            LstmBackprop.Gradients gradients = lstm.backward(x, trace, RuntimeArrays.values(epsilon));
            Gradient gradient = new DefaultGradient();
            put(gradient, LSTMParamInitializer.INPUT_WEIGHT_KEY, gradients.inputWeights());
            put(gradient, LSTMParamInitializer.RECURRENT_WEIGHT_KEY, gradients.recurrentWeights());
            put(gradient, LSTMParamInitializer.BIAS_KEY, gradients.bias());
            INDArray dInput = RuntimeArrays.array(
                    gradients.input(), input.dataType(), batch, layerConf().getNIn(), steps);
            return new Pair<>(gradient, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dInput));
        }
    }

    private LstmBackprop weights() {
        Map<String, INDArray> params = paramTable();
        return new LstmBackprop(
                (int) layerConf().getNIn(),
                (int) layerConf().getNOut(),
                RuntimeArrays.values(params.get(LSTMParamInitializer.INPUT_WEIGHT_KEY)),
                RuntimeArrays.values(params.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY)),
                RuntimeArrays.values(params.get(LSTMParamInitializer.BIAS_KEY)));
    }

    /** Writes {@code values} into the network's gradient view of {@code param} and names it in {@code gradient}. */
    private void put(Gradient gradient, String param, double[] values) {
        INDArray view = gradientViews.get(param);
        view.assign(Nd4j.create(values, view.shape(), 'c'));
        gradient.gradientForVariable().put(param, view);
    }
}
