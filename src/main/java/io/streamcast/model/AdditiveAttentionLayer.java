package io.streamcast.model;

import java.util.Map;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Additive (Bahdanau-style) attention pooling: {@code score_t = v . tanh(W h_t + b)}, then the
 * softmax-weighted average of the {@code h_t} ({@link AttentionPoolingLayer}). With no decoder
 * state to query from, the score is a small learned network of the step alone. DL4J 1.0.0-M2.1 has
 * no additive attention layer.
 */
public class AdditiveAttentionLayer extends AttentionPoolingLayer {
    private static final long serialVersionUID = 1L;

    /** {@code W}, {@code [nIn, units]}. */
    public static final String WEIGHTS = "W";
    /** {@code b}, {@code [1, units]}. */
    public static final String BIAS = "b";
    /** {@code v}, {@code [units, 1]}. */
    public static final String SCORE_WEIGHTS = "v";

    /** Units of the scoring network. */
    @JsonProperty
    private long units;

    /** For Jackson when a saved network is restored. */
    protected AdditiveAttentionLayer() {}

    /**
     * @param nIn   units per step of the recurrent output attended over
     * @param units units of the scoring network's hidden layer
     */
    public AdditiveAttentionLayer(long nIn, long units) {
        super(nIn);
        if (units <= 0) {
            throw new IllegalArgumentException("units must be positive, got " + units);
        }
        this.units = units;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addWeightParam(WEIGHTS, nIn, units);
        params.addBiasParam(BIAS, 1, units);
        params.addWeightParam(SCORE_WEIGHTS, units, 1);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        initWeights((int) nIn, (int) units, WeightInit.XAVIER, params.get(WEIGHTS));
        params.get(BIAS).assign(0);
        initWeights((int) units, 1, WeightInit.XAVIER, params.get(SCORE_WEIGHTS));
    }

    @Override
    protected SDVariable scores(SameDiff sd, SDVariable steps, Map<String, SDVariable> params) {
        SDVariable hidden = sd.math.tanh(sd.mmul(steps, params.get(WEIGHTS)).add(params.get(BIAS)));
        return sd.mmul(hidden, params.get(SCORE_WEIGHTS));
    }
}
