package io.streamcast.training;

import io.streamcast.model.FusedRecurrentForward;

/**
 * The model of one stream task: a serving network that forecasts batches of normalized windows,
 * and (when online learning is on) the learner that trains a candidate beside it. One instance per
 * task, called only from that task's stream thread: DL4J networks are not thread-safe. (A
 * background trainer, when there is one, owns its own networks; see {@link AsyncTrainer}.)
 */
public interface TaskModel extends AutoCloseable {
    /** True once a trained network serves; before that the processor uses the stated fallback. */
    boolean ready();

    /**
     * Whether the network's correction beat the smoothing base on held-out examples when it was
     * trained: the processor's starting verdict on which of the two serves, until live forecasts
     * of both have been scored. False when unknown: a correction must earn its place.
     */
    default boolean correctionProven() {
        return false;
    }

    /**
     * Whether the correction gate decides between the network's correction and the base (true), or
     * the correction serves whenever a trained network exists (false: backtests scoring the network itself).
     */
    default boolean correctionGated() {
        return true;
    }

    /** The cell that serves: gru, lstm or rnn. */
    String cell();

    /** Version of the serving weights; named in every forecast. */
    long version();

    /**
     * Network outputs for {@code batch} windows laid out [batch][feature][time] in {@code inputs}:
     * {@code batch * horizon} normalized corrections, example-major.
     */
    float[] predict(float[] inputs, int batch);

    /**
     * The serving weights as a forward pass that resumes carried recurrent states ({@code
     * model.carryState}), or null where this model cannot: no trained network yet, or a design
     * served through DL4J. A new instance whenever the serving weights change (a promotion, a
     * rollback): a state carried under another instance is stale.
     */
    default FusedRecurrentForward carriedForward() {
        return null;
    }

    /** A completed training example: the normalized window at an origin and the normalized actuals that followed. */
    void onExample(Example example);

    /** False for a frozen model: the processor then skips building training examples on the hot path. */
    default boolean learning() {
        return true;
    }

    /**
     * Asked once per training example before the processor builds it: false when the learner has
     * no room for it now (a background trainer behind the stream), and the example is skipped.
     */
    default boolean admitsExample() {
        return true;
    }

    /**
     * Called after each batch of forecasts is emitted: the only point where the model may learn
     * from examples (no peeking: every forecast whose origin precedes them is out) and where new
     * weights may be swapped into the serving network.
     */
    void afterFlush();

    /**
     * How far the task's forecasting is behind its input, in milliseconds, reported by the
     * processor every punctuation: background training waits while it is more than
     * {@code training.yieldBehindMs}.
     */
    default void forecastingBehind(long behindMs) {}

    /**
     * Serves the stored weights of an earlier {@code version} again (an operator's rollback) and
     * pins it: online learning goes on, but no candidate is promoted over it until {@link #resume}.
     * Rolling back to the version that already serves only pins it. Called on the task's thread
     * between records, like everything else here.
     *
     * @throws IllegalArgumentException when this task has no such version (nothing changes)
     */
    default void rollback(long version) {
        throw new IllegalArgumentException("this model keeps no earlier versions");
    }

    /** Lifts the pin of a rollback: candidates may be promoted again. Does nothing while nothing is pinned. */
    default void resume() {}

    /** Whether a rollback pinned the serving version (promotion held until {@link #resume}). */
    default boolean pinned() {
        return false;
    }

    @Override
    void close();
}
