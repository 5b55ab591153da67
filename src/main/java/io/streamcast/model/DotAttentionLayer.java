package io.streamcast.model;

import java.util.Map;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scaled dot-product attention pooling with one learned query: {@code score_t = q . h_t /
 * sqrt(nIn)}, then the softmax-weighted average of the {@code h_t} ({@link AttentionPoolingLayer}).
 *
 * <p>What DL4J's {@code LearnedSelfAttentionLayer} with one query and no projection computes; that
 * layer is not used because in 1.0.0-M2.1 its forward pass fails (a {@code scatter_update} op in
 * tiling the query over the batch) and, as a SameDiff layer on DL4J's stock runtime, its gradients
 * would be twice too large.
 */
public class DotAttentionLayer extends AttentionPoolingLayer {
    private static final long serialVersionUID = 1L;

    /** The learned query, {@code [nIn, 1]}. */
    public static final String QUERY = "Q";

    /** For Jackson when a saved network is restored. */
    protected DotAttentionLayer() {}

    /** @param nIn units per step of the recurrent output attended over */
    public DotAttentionLayer(long nIn) {
        super(nIn);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addWeightParam(QUERY, nIn, 1);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        initWeights((int) nIn, 1, WeightInit.XAVIER, params.get(QUERY));
    }

    @Override
    protected SDVariable scores(SameDiff sd, SDVariable steps, Map<String, SDVariable> params) {
        return sd.mmul(steps, params.get(QUERY)).div(Math.sqrt(nIn));
    }
}
