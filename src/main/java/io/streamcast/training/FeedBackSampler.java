package io.streamcast.training;

import io.streamcast.config.TopologySpec;
import io.streamcast.model.Decoder;
import io.streamcast.model.SamplingSchedule;
import io.streamcast.model.TeacherInputs;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;

/**
 * What a training step fits on, by decoder: the direct head fits the (window, targets) batch as it
 * is; the autoregressive and seq2seq decoders fit its training form ({@link TeacherInputs}), each
 * horizon step fed its own prediction with the probability the {@link SamplingSchedule} gives, and
 * the share fed back goes to the training metrics.
 */
final class FeedBackSampler {
    private final boolean feedsBack;
    private final SamplingSchedule schedule;
    private final Random random;
    private final TrainingEvents metrics;
    private long choices;
    private long fedBack;

    FeedBackSampler(Decoder decoder, SamplingSchedule schedule, Random random, TrainingEvents metrics) {
        this.feedsBack = decoder.feedsBack();
        this.schedule = schedule;
        this.random = random;
        this.metrics = java.util.Objects.requireNonNull(metrics, "metrics (TrainingEvents.NONE when nothing watches)");
    }

    static FeedBackSampler of(TopologySpec spec, Random random, TrainingEvents metrics) {
        return new FeedBackSampler(spec.decoderValue(), spec.samplingScheduleValue(), random, metrics);
    }

    /** The batch to fit during the epoch after {@code completedEpochs} epochs of pretraining. */
    DataSet pretraining(DataSet batch, int completedEpochs) {
        return prepare(batch, schedule.probability(completedEpochs));
    }

    /** The batch to fit online: the model already serves by feeding itself back, so at the schedule's end. */
    DataSet online(DataSet batch) {
        return prepare(batch, schedule.end());
    }

    private DataSet prepare(DataSet batch, double probability) {
        if (!feedsBack) {
            return batch;
        }
        TeacherInputs inputs = TeacherInputs.of(batch, probability, random);
        choices += inputs.choices();
        fedBack += inputs.fedBack();
        metrics.fedBack(inputs.choices(), inputs.fedBack());
        return inputs.dataSet();
    }

    /** Steps drawn since {@link #resetCounts()}. */
    long choices() {
        return choices;
    }

    /** The share of drawn steps fed their own prediction since {@link #resetCounts()}; 0 when none. */
    double fedBackShare() {
        return choices == 0 ? 0 : (double) fedBack / choices;
    }

    void resetCounts() {
        choices = 0;
        fedBack = 0;
    }
}
