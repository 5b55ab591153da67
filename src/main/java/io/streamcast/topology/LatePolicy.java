package io.streamcast.topology;

import io.streamcast.emit.Step;
import io.streamcast.ingest.RejectReason;
import io.streamcast.series.SeriesState;
import java.time.Duration;
import java.time.Instant;

/**
 * What happens to an observation whose ts is not newer than its series' newest accepted one
 * ({@code lateness.grace}). It may only take a step of the series' grid that was filled in for
 * want of it: no more than the grace behind the newest ts (event time), still in the kept
 * history, and not replaced by an earlier late value. Everything else is refused as it always
 * was: the newest ts again, or a step that already has a real value, is DUPLICATE_TS; older than
 * the grace allows, or than the history the series keeps, is TOO_OLD. The default grace of zero
 * refuses every late observation.
 *
 * <p>A late value never moves its series on: no forecast for its past origin, no scoring, no
 * training example (see {@link SeriesState#replaceFill}). It only corrects the history the next
 * forecasts read.
 */
final class LatePolicy {
    /** The decision on one late observation. */
    sealed interface Verdict {}

    /** Takes the filled-in step {@code stepsBack} steps before the newest value. */
    record FillsGap(int stepsBack) implements Verdict {}

    record Refused(RejectReason reason, String detail) implements Verdict {}

    private final Step step;
    private final Duration grace;
    /** The grace as the topology spells it (P7D, not PT168H), for dead-letter details. */
    private final String graceText;

    LatePolicy(Step step, Duration grace, String graceText) {
        this.step = step;
        this.grace = grace;
        this.graceText = graceText;
    }

    /** The verdict on {@code ts} for a series whose newest accepted value is {@code state}'s (it has one). */
    Verdict judge(SeriesState state, Instant ts) {
        Instant newest = Instant.ofEpochMilli(state.lastTsMillis());
        if (ts.equals(newest)) {
            return new Refused(RejectReason.DUPLICATE_TS, "ts " + ts + " was already accepted");
        }
        Duration behind = Duration.between(ts, newest);
        if (behind.compareTo(grace) > 0) {
            return new Refused(
                    RejectReason.TOO_OLD,
                    "ts " + ts + " is " + behind + " before the newest accepted " + newest
                            + ", more than lateness.grace " + graceText);
        }
        int kept = state.values().length;
        int stepsBack = nearestStepBack(newest, ts, kept);
        if (stepsBack >= kept) {
            return new Refused(
                    RejectReason.TOO_OLD,
                    "ts " + ts + " is within lateness.grace " + graceText + " but before the " + kept
                            + " steps its series keeps");
        }
        if (!state.isOpenFill(stepsBack)) {
            return new Refused(
                    RejectReason.DUPLICATE_TS,
                    "ts " + ts + " falls on the step of " + step.before(newest, stepsBack)
                            + ", which already has a value (only a step filled in for a missing observation takes a late one)");
        }
        return new FillsGap(stepsBack);
    }

    /**
     * How many steps before {@code newest} the grid step nearest to {@code ts} lies (0: the newest
     * itself), so a slightly early or late clock still lands on its step, as on time; {@code limit}
     * when it lies that far back or further. Walks back from the newest: calendar steps differ in
     * length, and this runs only for late records.
     */
    private int nearestStepBack(Instant newest, Instant ts, int limit) {
        Instant later = newest;
        for (int k = 1; k <= limit; k++) {
            Instant earlier = step.before(newest, k);
            if (!earlier.isAfter(ts)) {
                boolean nearerLater = Duration.between(ts, later).compareTo(Duration.between(earlier, ts)) < 0;
                return nearerLater ? k - 1 : k;
            }
            later = earlier;
        }
        return limit;
    }
}
