package io.streamcast.training;

/**
 * Which training examples a task's stream thread builds for its background trainer: all of them
 * while the trainer keeps up, and about as many as it takes once it does not.
 *
 * <p>Why: building an example (copying its window, the smoothing state at its origin, encoding it
 * with the window's median change) took 7% of the stream thread in a JFR recording of the
 * performance issue's live phase, and the trainers' inboxes dropped nearly all of them unread
 * (486,500 in those 30 seconds of 15,849 observations a second: 7.8 training steps a second take a
 * few hundred a second, and while forecasting is behind its input a trainer waits and takes none).
 * An example not built costs nothing; one built and dropped costs its building and its garbage.
 *
 * <p>How: at each hand-over ({@link #handedOver}) the examples the trainer took since the last
 * one (the inbox room it made) and the candidates the stream offered are averaged over the recent
 * hand-overs, and the share admitted next is what the trainer takes plus a quarter of the room
 * still free, over the candidates: never below {@link #MIN_SHARE}, so an inbox whose trainer
 * waits keeps turning over to recent examples. Admission is spread evenly over the candidates
 * (an error-diffusion count, no random draw), so the trainer sees every series' examples across
 * the interval between its steps instead of the last few hundred before each.
 *
 * <p>Stream thread only.
 */
final class ExampleAdmission {
    /** The least share admitted: about 250 examples a second of the performance bench's 16,000 candidates. */
    static final double MIN_SHARE = 1.0 / 64;
    /** Weight of the newest hand-over in the averages: they follow the trainer within about five. */
    private static final double SMOOTHING = 0.2;
    /** Share of the inbox's free room filled per hand-over on top of what the trainer takes. */
    private static final double FILL = 0.25;

    private double share = 1;
    /** Error diffusion: an example is admitted each time this reaches 1. */
    private double credit = 1;

    private int candidates;
    private int skipped;
    /** The inbox's free room right after the previous hand-over; -1 before the first. */
    private int freeAfterLast = -1;

    private double takenMean;
    private double candidatesMean;

    /** Whether to build the next example; every candidate must ask once. */
    boolean admit() {
        candidates++;
        credit += share;
        if (credit >= 1) {
            credit -= 1;
            return true;
        }
        skipped++;
        return false;
    }

    /**
     * The stream thread handed its admitted examples over.
     *
     * @param freeBefore the inbox's free room just before they were offered
     * @param freeAfter  its free room just after (0 when some were dropped)
     * @return the candidates skipped since the last hand-over (examples never built)
     */
    int handedOver(int freeBefore, int freeAfter) {
        int taken = freeAfterLast < 0 ? 0 : Math.max(0, freeBefore - freeAfterLast);
        freeAfterLast = freeAfter;
        if (candidates > 0) {
            takenMean += SMOOTHING * (taken - takenMean);
            candidatesMean += SMOOTHING * (candidates - candidatesMean);
            double wanted = takenMean + FILL * freeAfter;
            share = Math.min(1, Math.max(MIN_SHARE, wanted / candidatesMean));
        }
        int wasSkipped = skipped;
        candidates = 0;
        skipped = 0;
        return wasSkipped;
    }

    /** The share of candidates admitted now. */
    double share() {
        return share;
    }
}
