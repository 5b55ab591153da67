package io.streamcast.training;

/**
 * What training reports about its health: steps, promotions, discards, rollbacks, the serving
 * version, shadow errors, and the trainer falling behind or pausing. A sink of events, declared
 * here where they happen, so training needs neither the metrics package (a tier above it) nor a
 * metrics library: {@code metrics.TrainingHealthMetrics} implements it with Micrometer meters
 * (handed out by {@code TopologyMetrics.training()}), and {@link #NONE} serves where nothing is
 * watched (frozen models, tools). Training takes it non-null: pass {@link #NONE} rather than null.
 */
public interface TrainingEvents {
    /** Records nothing. */
    TrainingEvents NONE = new TrainingEvents() {};

    /**
     * One online training step.
     *
     * @param loss            its loss (NaN is reported as is: it is the signal)
     * @param preClipGradNorm gradient L2 norm before clipping
     * @param clipped         whether clipping changed the gradient
     */
    default void trainingStep(double loss, double preClipGradNorm, boolean clipped) {}

    /**
     * A training step of a feeding-back decoder drew {@code choices} horizon steps between truth
     * and prediction and fed {@code fedBack} of them the network's own prediction (scheduled
     * sampling).
     */
    default void fedBack(long choices, long fedBack) {}

    /** The background trainer fell behind: its queue dropped the {@code count} oldest examples it had not seen yet. */
    default void trainingExamplesDropped(int count) {}

    /**
     * More examples waited out the gap between training and shadow targets than
     * {@code training.maxWaitingExamples}: {@code count} were left out of training so that a
     * uniform sample of the rest stays.
     */
    default void trainingExamplesThinned(int count) {}

    /** A background trainer paused {@code seconds} to keep the topology's trainers within {@code training.cpuShare}. */
    default void trainingPaused(double seconds) {}

    /** A background trainer waited {@code seconds} while the topology's forecasting was behind its input ({@code training.yieldBehindMs}). */
    default void trainingYielded(double seconds) {}

    /**
     * A background trainer's work waited {@code seconds} for one of the topology's trainer threads
     * ({@code training.threads}), all of them busy with other tasks' steps or pauses.
     */
    default void trainingWaitedForThread(double seconds) {}

    /** A candidate became the serving model with version {@code newVersion}. */
    default void promotion(long newVersion) {}

    /** A candidate was thrown away; {@code reason} is a bounded code: NAN_LOSS, EXPLODED, TRAINER_ERROR... */
    default void discard(String reason) {}

    /** Serving went back to the earlier version {@code toVersion}. */
    default void rollback(long toVersion) {}

    /** The version of the serving model, e.g. after loading a checkpoint. */
    default void modelVersion(long version) {}

    /** MAE of the candidate and of the serving model on the same shadow points. */
    default void shadowError(double candidateMae, double servingMae) {}

    /**
     * The correction gate's running comparison on the task's live forecasts: the mean absolute
     * errors of the network's and the base's forecasts for the same scored points, in units of each
     * series' scale (NaN until a point is scored), and whether the network's forecast serves.
     */
    default void correctionComparison(double networkError, double baseError, boolean networkServes) {}

    /**
     * The task closed on this instance (its partitions were revoked, or the service stops): values
     * kept per task go, so a dashboard does not show the last version of a task that now runs
     * elsewhere. Counters keep what the task added.
     */
    default void taskClosed() {}

    /** The metrics of one stream task ({@code 0_1}...), where values per task differ; these by default. */
    default TrainingEvents forTask(String task) {
        return this;
    }
}
