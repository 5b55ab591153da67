package io.streamcast.model;

/**
 * Scheduled sampling (Bengio et al., 2015): while a feeding-back decoder trains, the probability
 * that a horizon step is fed the network's own prediction of the step before, instead of the true
 * value, rises linearly from {@code start} to {@code end} over the first {@code epochs} epochs of
 * pretraining and then stays at {@code end}. Online learning, which refines a model that already
 * serves by feeding itself back, draws at {@code end}. {@code start = end = 0} is plain teacher
 * forcing.
 *
 * <p>Linear rather than inverse-sigmoid: its two ends are the probabilities written in the
 * topology, and the number of epochs says when the end is reached, which is what a user can check
 * against the fed-back share the training reports.
 */
public record SamplingSchedule(double start, double end, int epochs) {
    /** Pure teacher forcing: every step is fed its true value. */
    public static final SamplingSchedule TEACHER_FORCING = new SamplingSchedule(0, 0, 0);

    public SamplingSchedule {
        if (!(start >= 0 && start <= 1) || !(end >= 0 && end <= 1)) {
            throw new IllegalArgumentException(
                    "start and end must be probabilities in [0, 1], got " + start + " and " + end);
        }
        if (end < start) {
            throw new IllegalArgumentException("end (" + end + ") must not be below start (" + start
                    + "): the share fed back rises as training goes on");
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
    }

    /** The probability of feeding back during the epoch after {@code completedEpochs} epochs. */
    public double probability(int completedEpochs) {
        if (completedEpochs >= epochs) {
            return end;
        }
        return start + (end - start) * Math.max(0, completedEpochs) / epochs;
    }
}
