package io.streamcast.model;

import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

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
public class BidirectionalGruLayer extends GruWindowLayer {
    private static final long serialVersionUID = 1L;

    /** Parameter names of the forward direction start with this, then {@link GruLayer}'s names. */
    public static final String FORWARD = "f";
    /** Parameter names of the backward direction start with this, then {@link GruLayer}'s names. */
    public static final String BACKWARD = "b";

    /** For Jackson when a saved network is restored. */
    protected BidirectionalGruLayer() {}

    /**
     * @param nIn              features per time step of the input
     * @param nOut             hidden units per direction (the output has twice as many)
     * @param lastTimeStepOnly output only each direction's state after the whole window
     */
    public BidirectionalGruLayer(long nIn, long nOut, boolean lastTimeStepOnly) {
        super(nIn, nOut, lastTimeStepOnly);
    }

    @Override
    protected int directions() {
        return 2;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        defineDirection(params, FORWARD);
        defineDirection(params, BACKWARD);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        initializeDirection(params, FORWARD);
        initializeDirection(params, BACKWARD);
    }

    /** Trains and runs through {@link GruRuntimeLayer}'s loops; the graph below defines the same function. */
    @Override
    protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer createRuntimeLayer(
            NeuralNetConfiguration conf, DataType networkDataType) {
        return new GruRuntimeLayer(conf, networkDataType);
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
}
