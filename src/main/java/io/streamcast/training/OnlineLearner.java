package io.streamcast.training;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Online fine-tuning of one task's model from examples that the stream completes. */
public interface OnlineLearner extends AutoCloseable {
    /** New weights that beat the serving model, with the version they become. */
    record Promotion(INDArray params, long version) {
    }

    void add(float[] window, float[] targets);

    /** Learns from what was added since the last call; returns a promotion when the candidate is better. */
    Promotion step(MultiLayerNetwork serving, long servingVersion);

    /** Throws the candidate away and starts again from the serving weights (after a rollback, say). */
    void reset(MultiLayerNetwork serving);

    @Override
    void close();
}
