package io.streamcast.training;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Online fine-tuning of one task's model from examples that the stream completes. Every method is
 * called on the task's stream thread; an implementation may do the work elsewhere
 * ({@link AsyncTrainer}) but never touches {@code serving} from another thread.
 */
public interface OnlineLearner extends AutoCloseable {
    /**
     * New weights that beat the serving model, with the version they become.
     *
     * @param checkpoint the promoted network already serialized (without updater state), or null
     *     when the caller should serialize the serving network after applying {@code params}
     */
    record Promotion(INDArray params, long version, byte[] checkpoint) {
        public Promotion(INDArray params, long version) {
            this(params, version, null);
        }
    }

    /** A completed example; the learner keeps it (the caller does not reuse its arrays). */
    void add(Example example);

    /**
     * Asked once per example before it is built: false when the learner has no room for it (a
     * background trainer behind the stream), so the caller skips building it. One that trains at
     * the flush safe point takes every example.
     */
    default boolean admitsExample() {
        return true;
    }

    /**
     * Called at the flush safe point. Learns from what was added since the last call (or hands it
     * to a background trainer) and returns a promotion when a candidate beat the serving model.
     */
    Promotion step(MultiLayerNetwork serving, long servingVersion);

    /** Throws the candidate away and starts again from the serving weights (after a rollback, say). */
    void reset(MultiLayerNetwork serving, long servingVersion);

    /**
     * While {@code held} (an operator pinned the serving version), the learner keeps training and
     * scoring its candidate but {@link #step} promotes nothing.
     */
    void holdPromotions(boolean held);

    /**
     * The task's forecasting is {@code behindMs} behind its input. A background trainer waits while
     * that is too far ({@link ForecastingLag}); one that trains at the flush safe point has nothing
     * to yield.
     */
    default void forecastingBehind(long behindMs) {}

    @Override
    void close();
}
