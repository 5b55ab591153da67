package io.streamcast.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A GRU layer for DL4J, unrolled over time from SameDiff primitives.
 *
 * <p>DL4J 1.0.0-M2.1 has no GRU layer; SameDiff's fused {@code gru} op computes the right forward
 * pass but wrong gradients, and {@code gruCell} has no backprop at all. Built from matmul, sigmoid
 * and tanh, SameDiff differentiates every step itself, and the layer passes DL4J's gradient check.
 *
 * <p>Gate equations, the cuDNN / PyTorch variant ("reset after" in Keras terms: the reset gate
 * scales the recurrent matmul's result instead of the previous state before the matmul):
 * <pre>
 *   r_t = sigmoid(x_t W_r + b_r + h_{t-1} U_r)
 *   z_t = sigmoid(x_t W_z + b_z + h_{t-1} U_z)
 *   n_t = tanh(x_t W_n + b_n + r_t * (h_{t-1} U_n + b_hn))
 *   h_t = (1 - z_t) * n_t + z_t * h_{t-1},      h_0 = 0
 * </pre>
 * {@code W = [W_r | W_z | W_n]} is {@code [nIn, 3 nOut]}, {@code U} likewise {@code [nOut, 3 nOut]},
 * {@code b = [b_r | b_z | b_n]}; {@code b_hn} is the only recurrent bias (recurrent biases of r and z
 * would merely duplicate {@code b_r}, {@code b_z}). Weights start Xavier-initialised with fan-out
 * nOut, as if each gate block were its own matrix; biases start at zero.
 *
 * <p>Input is NCW {@code [batch, nIn, time]}. Output is NCW {@code [batch, nOut, time]}, or only the
 * last step {@code [batch, nOut]} when {@code lastTimeStepOnly} is set, which is what a direct
 * forecasting head reads. Masks (variable-length windows) are not supported.
 */
public class GruLayer extends SameDiffLayer {
    /** DL4J layer configurations are Serializable; the model files store them as JSON, not Java serialization. */
    private static final long serialVersionUID = 1L;

    /** Input-to-hidden weights of the three gates, {@code [nIn, 3 nOut]}. */
    public static final String INPUT_WEIGHTS = "W";
    /** Hidden-to-hidden weights of the three gates, {@code [nOut, 3 nOut]}. */
    public static final String RECURRENT_WEIGHTS = "RW";
    /** Input-side biases of the three gates, {@code [1, 3 nOut]}. */
    public static final String BIAS = "b";
    /** Recurrent bias of the candidate, inside the reset gate's product, {@code [1, nOut]}. */
    public static final String CANDIDATE_RECURRENT_BIAS = "bhn";

    private static final int GATES = 3;

    // Every configuration field carries @JsonProperty: DL4J saves layers as JSON, and a field
    // Jackson does not see comes back from a checkpoint as its default.
    @JsonProperty
    private long nIn;

    @JsonProperty
    private long nOut;

    @JsonProperty
    private boolean lastTimeStepOnly;

    /** For Jackson when a saved network is restored. */
    protected GruLayer() {}

    /**
     * @param nIn              features per time step of the input
     * @param nOut             hidden units
     * @param lastTimeStepOnly output only the last time step's hidden state
     */
    public GruLayer(long nIn, long nOut, boolean lastTimeStepOnly) {
        if (nIn <= 0 || nOut <= 0) {
            throw new IllegalArgumentException("nIn and nOut must be positive, got " + nIn + ", " + nOut);
        }
        this.nIn = nIn;
        this.nOut = nOut;
        this.lastTimeStepOnly = lastTimeStepOnly;
    }

    // Accessors without bean names: Jackson would save getNIn() a second time as "nin".

    /** Features per time step of the input. */
    public long nIn() {
        return nIn;
    }

    /** Hidden units. */
    public long nOut() {
        return nOut;
    }

    /** Whether only the last time step's hidden state is output. */
    public boolean lastTimeStepOnly() {
        return lastTimeStepOnly;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addWeightParam(INPUT_WEIGHTS, nIn, GATES * nOut);
        params.addWeightParam(RECURRENT_WEIGHTS, nOut, GATES * nOut);
        params.addBiasParam(BIAS, 1, GATES * nOut);
        params.addBiasParam(CANDIDATE_RECURRENT_BIAS, 1, nOut);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        initWeights((int) nIn, (int) nOut, WeightInit.XAVIER, params.get(INPUT_WEIGHTS));
        initWeights((int) nOut, (int) nOut, WeightInit.XAVIER, params.get(RECURRENT_WEIGHTS));
        params.get(BIAS).assign(0);
        params.get(CANDIDATE_RECURRENT_BIAS).assign(0);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        // SameDiff spends tens of microseconds per op whatever its size, so the graph is arranged
        // for few ops per time step: the input half of all gates for all steps in one matmul,
        // reset and update gate computed together, the candidate's recurrent bias inside its matmul.
        int timeSteps = (int) input.getShape()[2];
        SDVariable[] recurrent = sd.split(params.get(RECURRENT_WEIGHTS), GATES, 1);
        SDVariable recurrentResetUpdate = sd.concat(1, recurrent[0], recurrent[1]);
        SDVariable recurrentCandidate = recurrent[2];
        SDVariable candidateBias = sd.reshape(params.get(CANDIDATE_RECURRENT_BIAS), nOut);

        // [batch, nIn, time] -> [batch*time, nIn] x [nIn, 3 nOut] -> [batch, time, 3 nOut]
        SDVariable stepsAsRows = sd.reshape(sd.permute(input, 0, 2, 1), -1, nIn);
        SDVariable projected = sd.reshape(
                sd.mmul(stepsAsRows, params.get(INPUT_WEIGHTS)).add(params.get(BIAS)), -1, timeSteps, GATES * nOut);
        SDVariable[] byGate = sd.split(projected, GATES, 2);
        SDVariable[] inputResetUpdate = sd.unstack(sd.concat(2, byGate[0], byGate[1]), 1, timeSteps);
        SDVariable[] inputCandidate = sd.unstack(byGate[2], 1, timeSteps);

        List<SDVariable> hiddenStates = new ArrayList<>(timeSteps);
        SDVariable hidden = null;
        for (int t = 0; t < timeSteps; t++) {
            SDVariable[] resetUpdate;
            SDVariable candidate;
            if (hidden == null) {
                // h_0 = 0: the recurrent matmuls contribute nothing but b_hn.
                resetUpdate = sd.split(sd.nn.sigmoid(inputResetUpdate[t]), 2, 1);
                candidate = sd.math.tanh(inputCandidate[t].add(resetUpdate[0].mul(candidateBias)));
                hidden = candidate.sub(resetUpdate[1].mul(candidate));
            } else {
                resetUpdate =
                        sd.split(sd.nn.sigmoid(inputResetUpdate[t].add(sd.mmul(hidden, recurrentResetUpdate))), 2, 1);
                SDVariable fromHidden = sd.nn.linear(hidden, recurrentCandidate, candidateBias);
                candidate = sd.math.tanh(inputCandidate[t].add(resetUpdate[0].mul(fromHidden)));
                // (1 - z) * n + z * h  ==  n + z * (h - n), one op fewer.
                hidden = candidate.add(resetUpdate[1].mul(hidden.sub(candidate)));
            }
            hiddenStates.add(hidden);
        }
        if (lastTimeStepOnly) {
            return hidden;
        }
        return sd.stack(2, hiddenStates.toArray(new SDVariable[0]));
    }

    @Override
    public Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray layerParamsView,
            boolean initializeParams,
            DataType networkDataType) {
        org.deeplearning4j.nn.layers.samediff.SameDiffLayer layer = createRuntimeLayer(conf, networkDataType);
        layer.setIndex(layerIndex);
        layer.setListeners(listeners);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    /** The runtime layer; the gradient-fixing one (see {@link CorrectedSameDiffLayer}). */
    protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer createRuntimeLayer(
            NeuralNetConfiguration conf, DataType networkDataType) {
        return new CorrectedSameDiffLayer(conf, networkDataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeRecurrent recurrent = requireRecurrent(inputType);
        if (lastTimeStepOnly) {
            return InputType.feedForward(nOut);
        }
        return InputType.recurrent(nOut, recurrent.getTimeSeriesLength(), RNNFormat.NCW);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputType.InputTypeRecurrent recurrent = requireRecurrent(inputType);
        if (nIn <= 0 || override) {
            nIn = recurrent.getSize();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreprocessorForInputTypeRnnLayers(inputType, RNNFormat.NCW, getLayerName());
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(
            INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        if (maskArray != null) {
            throw new UnsupportedOperationException("GruLayer does not support masks: windows must be full");
        }
        return new Pair<>(null, currentMaskState);
    }

    private InputType.InputTypeRecurrent requireRecurrent(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent recurrent)) {
            throw new IllegalArgumentException("GruLayer needs recurrent (NCW) input, got " + inputType);
        }
        if (recurrent.getFormat() != RNNFormat.NCW) {
            throw new IllegalArgumentException("GruLayer reads NCW [batch, features, time], got " + recurrent);
        }
        return recurrent;
    }
}
