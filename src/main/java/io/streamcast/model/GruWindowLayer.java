package io.streamcast.model;

import java.util.Map;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * What the project's GRU layers share: {@code nOut} units per direction, optionally only each
 * direction's state after the whole window, and one direction's parameters (named with a prefix)
 * and graph ({@link GruGraph}). {@link GruLayer} reads the window once, forward;
 * {@link BidirectionalGruLayer} twice, the second time backward.
 */
public abstract class GruWindowLayer extends WindowSameDiffLayer {
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

    // Every configuration field carries @JsonProperty (see WindowSameDiffLayer); saved under the
    // same names as when GruLayer declared them, so older checkpoints load.
    @JsonProperty
    protected long nOut;

    @JsonProperty
    protected boolean lastTimeStepOnly;

    /** For Jackson when a saved network is restored. */
    protected GruWindowLayer() {}

    protected GruWindowLayer(long nIn, long nOut, boolean lastTimeStepOnly) {
        super(nIn);
        if (nIn <= 0 || nOut <= 0) {
            throw new IllegalArgumentException("nIn and nOut must be positive, got " + nIn + ", " + nOut);
        }
        this.nOut = nOut;
        this.lastTimeStepOnly = lastTimeStepOnly;
    }

    // Accessors without bean names: Jackson would save getNOut() a second time as "nout".

    /** Hidden units per direction. */
    public long nOut() {
        return nOut;
    }

    /** Whether only each direction's state after the whole window is output. */
    public boolean lastTimeStepOnly() {
        return lastTimeStepOnly;
    }

    /** How many times the layer reads the window (its output has this many times {@code nOut} values per step). */
    protected abstract int directions();

    /** Declares one direction's parameters, each name prefixed with {@code prefix}. */
    protected void defineDirection(SDLayerParams params, String prefix) {
        params.addWeightParam(prefix + INPUT_WEIGHTS, nIn, GATES * nOut);
        params.addWeightParam(prefix + RECURRENT_WEIGHTS, nOut, GATES * nOut);
        params.addBiasParam(prefix + BIAS, 1, GATES * nOut);
        params.addBiasParam(prefix + CANDIDATE_RECURRENT_BIAS, 1, nOut);
    }

    /** Xavier weights with fan-out nOut, as if each gate block were its own matrix; zero biases. */
    protected void initializeDirection(Map<String, INDArray> params, String prefix) {
        initWeights((int) nIn, (int) nOut, WeightInit.XAVIER, params.get(prefix + INPUT_WEIGHTS));
        initWeights((int) nOut, (int) nOut, WeightInit.XAVIER, params.get(prefix + RECURRENT_WEIGHTS));
        params.get(prefix + BIAS).assign(0);
        params.get(prefix + CANDIDATE_RECURRENT_BIAS).assign(0);
    }

    /** One direction's hidden state at every step, in the order the steps were read. */
    protected SDVariable[] direction(
            SameDiff sd, SDVariable input, Map<String, SDVariable> params, String prefix, boolean reversed) {
        return GruGraph.hiddenStates(
                sd,
                input,
                params.get(prefix + INPUT_WEIGHTS),
                params.get(prefix + RECURRENT_WEIGHTS),
                params.get(prefix + BIAS),
                params.get(prefix + CANDIDATE_RECURRENT_BIAS),
                nIn,
                nOut,
                reversed);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeRecurrent recurrent = requireRecurrent(inputType);
        long outputs = directions() * nOut;
        if (lastTimeStepOnly) {
            return InputType.feedForward(outputs);
        }
        return InputType.recurrent(outputs, recurrent.getTimeSeriesLength(), RNNFormat.NCW);
    }
}
