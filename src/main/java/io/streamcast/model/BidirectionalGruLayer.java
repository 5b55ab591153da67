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
 * Two {@link GruLayer}s over the same window, one reading it forward and one backward, their states
 * concatenated: {@code [forward | backward]}, {@code 2 nOut} values per step. Legal for forecasting
 * because the window is all past.
 *
 * <p>Why not DL4J's {@code Bidirectional} wrapper: it wraps DL4J's own recurrent layers, not a
 * SameDiff layer. The backward direction is the same GRU graph reading the steps in reverse order.
 *
 * <p>Output, like DL4J's {@code Bidirectional} in CONCAT mode, is aligned by time step: at step t
 * the forward state has read steps 0..t and the backward state steps t..end. With {@code
 * lastTimeStepOnly} the layer outputs each direction's state after the whole window: the forward
 * state at the last step and the backward state at step 0 (not the backward state at the last step,
 * which has read only that one step).
 */
public class BidirectionalGruLayer extends WindowSameDiffLayer {
    private static final long serialVersionUID = 1L;

    /** Parameter names of the forward direction start with this, then {@link GruLayer}'s names. */
    public static final String FORWARD = "f";
    /** Parameter names of the backward direction start with this, then {@link GruLayer}'s names. */
    public static final String BACKWARD = "b";

    private static final int GATES = 3;

    @JsonProperty
    private long nOut;

    @JsonProperty
    private boolean lastTimeStepOnly;

    /** For Jackson when a saved network is restored. */
    protected BidirectionalGruLayer() {}

    /**
     * @param nIn              features per time step of the input
     * @param nOut             hidden units per direction (the output has twice as many)
     * @param lastTimeStepOnly output only each direction's state after the whole window
     */
    public BidirectionalGruLayer(long nIn, long nOut, boolean lastTimeStepOnly) {
        super(nIn);
        if (nIn <= 0 || nOut <= 0) {
            throw new IllegalArgumentException("nIn and nOut must be positive, got " + nIn + ", " + nOut);
        }
        this.nOut = nOut;
        this.lastTimeStepOnly = lastTimeStepOnly;
    }

    /** Hidden units per direction. */
    public long nOut() {
        return nOut;
    }

    /** Whether only each direction's state after the whole window is output. */
    public boolean lastTimeStepOnly() {
        return lastTimeStepOnly;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        for (String direction : new String[] {FORWARD, BACKWARD}) {
            params.addWeightParam(direction + GruLayer.INPUT_WEIGHTS, nIn, GATES * nOut);
            params.addWeightParam(direction + GruLayer.RECURRENT_WEIGHTS, nOut, GATES * nOut);
            params.addBiasParam(direction + GruLayer.BIAS, 1, GATES * nOut);
            params.addBiasParam(direction + GruLayer.CANDIDATE_RECURRENT_BIAS, 1, nOut);
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        for (String direction : new String[] {FORWARD, BACKWARD}) {
            initWeights((int) nIn, (int) nOut, WeightInit.XAVIER, params.get(direction + GruLayer.INPUT_WEIGHTS));
            initWeights((int) nOut, (int) nOut, WeightInit.XAVIER, params.get(direction + GruLayer.RECURRENT_WEIGHTS));
            params.get(direction + GruLayer.BIAS).assign(0);
            params.get(direction + GruLayer.CANDIDATE_RECURRENT_BIAS).assign(0);
        }
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        SDVariable[] forward = direction(sd, input, params, FORWARD, false);
        SDVariable[] backward = direction(sd, input, params, BACKWARD, true);
        if (lastTimeStepOnly) {
            return sd.concat(1, GruGraph.whole(forward, false), GruGraph.whole(backward, true));
        }
        return sd.concat(1, GruGraph.sequence(sd, forward), GruGraph.sequence(sd, backward));
    }

    private SDVariable[] direction(
            SameDiff sd, SDVariable input, Map<String, SDVariable> params, String prefix, boolean reversed) {
        return GruGraph.hiddenStates(
                sd,
                input,
                params.get(prefix + GruLayer.INPUT_WEIGHTS),
                params.get(prefix + GruLayer.RECURRENT_WEIGHTS),
                params.get(prefix + GruLayer.BIAS),
                params.get(prefix + GruLayer.CANDIDATE_RECURRENT_BIAS),
                nIn,
                nOut,
                reversed);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeRecurrent recurrent = requireRecurrent(inputType);
        if (lastTimeStepOnly) {
            return InputType.feedForward(2 * nOut);
        }
        return InputType.recurrent(2 * nOut, recurrent.getTimeSeriesLength(), RNNFormat.NCW);
    }
}
