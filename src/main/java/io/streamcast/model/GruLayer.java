package io.streamcast.model;

import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A GRU layer for DL4J, defined as a graph of SameDiff primitives unrolled over time and run by
 * {@link GruRuntimeLayer}, which computes the same function and its exact gradients in plain loops.
 *
 * <p>DL4J 1.0.0-M2.1 has no GRU layer; SameDiff's fused {@code gru} op computes the right forward
 * pass but wrong gradients, and {@code gruCell} has no backprop at all. Built from matmul, sigmoid
 * and tanh, SameDiff differentiates every step itself and passes DL4J's gradient check, but a
 * graph of a few hundred ops costs tens of milliseconds per call; the runtime's loops do the same
 * arithmetic without that overhead, and the tests hold the two equal.
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
public class GruLayer extends GruWindowLayer {
    /** DL4J layer configurations are Serializable; the model files store them as JSON, not Java serialization. */
    private static final long serialVersionUID = 1L;

    /** For Jackson when a saved network is restored. */
    protected GruLayer() {}

    /**
     * @param nIn              features per time step of the input
     * @param nOut             hidden units
     * @param lastTimeStepOnly output only the last time step's hidden state
     */
    public GruLayer(long nIn, long nOut, boolean lastTimeStepOnly) {
        super(nIn, nOut, lastTimeStepOnly);
    }

    @Override
    protected int directions() {
        return 1;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        defineDirection(params, "");
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        initializeDirection(params, "");
    }

    /** Trains and runs through {@link GruRuntimeLayer}'s loops; the graph below defines the same function. */
    @Override
    protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer createRuntimeLayer(
            NeuralNetConfiguration conf, DataType networkDataType) {
        return new GruRuntimeLayer(conf, networkDataType);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        SDVariable[] states = direction(sd, input, params, "", false);
        return lastTimeStepOnly ? GruGraph.whole(states, false) : GruGraph.sequence(sd, states);
    }
}
