package io.streamcast.training;

import io.streamcast.model.CheckpointIntegrity;
import io.streamcast.model.FusedRecurrentForward;
import io.streamcast.model.VersionedModel;
import java.util.Objects;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A task's serving network plus its optional online learner. The serving network is only ever
 * used for inference, on the stream thread; the learner trains its own copy and hands over
 * weights at the flush safe point ({@code setParams}). With {@link AsyncTrainer} the training
 * itself runs on a background thread, so inference never waits behind {@code fit}; with
 * {@link ReplayOnlineLearner} it runs here, at the safe point (deterministic, for backtests).
 */
public final class NetworkTaskModel implements TaskModel {
    private final ModelStore store;
    private final String cell;
    private final int features;
    private final int window;
    private final MultiLayerNetwork serving;
    private final OnlineLearner learner;
    private final TrainingEvents events;
    private long version;
    /** A rollback pinned {@link #version}: the learner trains on, promotes nothing. Kept in the model store. */
    private boolean pinned;

    private final boolean correctionProven;
    private final boolean gated;
    /**
     * The serving weights as plain loops (one-direction GRU and LSTM stacks; null for every other network, which
     * serves through {@code serving.output}): see {@link FusedRecurrentForward}.
     */
    private FusedRecurrentForward fused;

    NetworkTaskModel(
            ModelStore store,
            String cell,
            int features,
            int window,
            MultiLayerNetwork serving,
            long version,
            OnlineLearner learner,
            TrainingEvents events,
            boolean correctionProven,
            boolean gated) {
        this.correctionProven = correctionProven;
        this.gated = gated;
        this.fused = FusedRecurrentForward.of(serving, features, window);
        this.store = store;
        this.cell = cell;
        this.features = features;
        this.window = window;
        this.serving = serving;
        this.version = version;
        this.learner = learner;
        this.events = Objects.requireNonNull(events, "events (TrainingEvents.NONE when nothing watches)");
        this.pinned = store.pinned() != null;
        if (pinned && learner != null) {
            learner.holdPromotions(true);
        }
    }

    @Override
    public boolean ready() {
        return version > 0;
    }

    @Override
    public boolean correctionProven() {
        return correctionProven;
    }

    @Override
    public boolean correctionGated() {
        return gated;
    }

    @Override
    public String cell() {
        return cell;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public float[] predict(float[] inputs, int batch) {
        // Fused at every batch size: DL4J is faster in wall time only at batches of about a thousand,
        // and there only by spreading the work over OpenMP threads that the stream thread, the
        // broker and the trainer need (`bench --quick --series 2000`: 468 us per window with large
        // batches through DL4J on a busy machine, against 235 fused on one thread).
        if (fused != null) {
            return fused.output(inputs, batch);
        }
        INDArray x =
                Nd4j.create(inputs, new long[] {batch, features, window}, 'c').castTo(DataType.FLOAT);
        INDArray y = serving.output(x, false);
        return Nd4j.toFlattened('c', y).toFloatVector();
    }

    @Override
    public FusedRecurrentForward carriedForward() {
        return ready() ? fused : null;
    }

    @Override
    public boolean learning() {
        return learner != null;
    }

    @Override
    public boolean admitsExample() {
        return learner == null || learner.admitsExample();
    }

    @Override
    public void onExample(Example example) {
        if (learner != null) {
            learner.add(example);
        }
    }

    @Override
    public void forecastingBehind(long behindMs) {
        if (learner != null) {
            learner.forecastingBehind(behindMs);
        }
    }

    @Override
    public void afterFlush() {
        if (learner == null) {
            return;
        }
        OnlineLearner.Promotion promotion = learner.step(serving, version);
        if (promotion != null && pinned) {
            // Trained before the learner heard of the pin: not served; the learner starts again from what is.
            learner.reset(serving, version);
            promotion = null;
        }
        if (promotion != null) {
            serving.setParams(promotion.params());
            fused = FusedRecurrentForward.of(serving, features, window);
            // After a rollback the serving version is below the highest one stored: a new number, never an overwrite.
            version = Math.max(promotion.version(), store.highestVersion() + 1);
            // An asynchronous learner serialized the promoted network on its own thread already.
            store.saveServing(
                    promotion.checkpoint() != null
                            ? new VersionedModel(version, promotion.checkpoint())
                            : VersionedModel.of(version, serving, false));
            events.promotion(version);
        }
    }

    /**
     * Serves the stored weights of an earlier {@code version} again, restarts the learner from
     * them and pins them: the learner keeps learning but promotes nothing until {@link #resume}.
     * The version already serving is only pinned. Call it on the task's stream thread (between
     * records), like everything else here.
     *
     * @throws IllegalArgumentException when the model store has no such version, or only a damaged one (nothing changes)
     */
    @Override
    public void rollback(long toVersion) {
        if (toVersion == version) {
            pin(toVersion);
            return;
        }
        VersionedModel stored = store.version(toVersion);
        if (stored == null) {
            throw new IllegalArgumentException("model version " + toVersion + " is not in the model store");
        }
        // Checked before anything changes: a damaged version is refused like a missing one
        // (CorruptCheckpointException).
        CheckpointIntegrity.verify(stored.checkpoint());
        pin(toVersion);
        serving.setParams(stored.network().params());
        fused = FusedRecurrentForward.of(serving, features, window);
        version = toVersion;
        store.saveServing(new VersionedModel(toVersion, stored.checkpoint()));
        if (learner != null) {
            learner.reset(serving, toVersion);
        }
        events.rollback(toVersion);
    }

    private void pin(long toVersion) {
        pinned = true;
        store.savePinned(toVersion);
        if (learner != null) {
            // Before any reset: an asynchronous trainer sees the hold first, so nothing it trains from here on is
            // promoted.
            learner.holdPromotions(true);
        }
    }

    @Override
    public void resume() {
        if (!pinned) {
            return;
        }
        pinned = false;
        store.clearPinned();
        if (learner != null) {
            learner.holdPromotions(false);
        }
    }

    @Override
    public boolean pinned() {
        return pinned;
    }

    MultiLayerNetwork serving() {
        return serving;
    }

    OnlineLearner learner() {
        return learner;
    }

    @Override
    public void close() {
        if (learner != null) {
            learner.close();
        }
        events.taskClosed();
    }
}
