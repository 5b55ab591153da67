package io.streamcast.training;

import io.streamcast.config.TopologySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * When the targets of an origin go to training: in stages, as soon as the first 1, 2, 4, 8, ...
 * steps of its horizon have arrived, and finally all {@code horizon} of them. Each stage carries
 * only the targets that arrived since the previous one, so every (origin, step) pair trains
 * exactly once, at most about twice its step after the origin instead of a whole horizon later.
 *
 * <p>Why: an example complete only a horizon after its origin reaches a learner with windows a
 * horizon old, and a candidate is judged on newer targets still, so a change in the data (a
 * recession in monthly series with a 12-month horizon) reached online training two years late.
 * Doubling stages cost about log2(horizon) examples per origin instead of the horizon's worth a
 * stage per step would.
 *
 * <p>{@link #none(int)} is the single final stage: complete examples only.
 */
public final class TargetStages {
    private final int horizon;
    /** Stage ends in steps after the origin, increasing, the last one {@code horizon}. */
    private final int[] ends;

    private TargetStages(int horizon, int[] ends) {
        this.horizon = horizon;
        this.ends = ends;
    }

    /** Stages ending at 1, 2, 4, ... steps below {@code horizon}, then at {@code horizon}. */
    public static TargetStages doubling(int horizon) {
        requirePositive(horizon);
        List<Integer> list = new ArrayList<>();
        for (int k = 1; k < horizon; k *= 2) {
            list.add(k);
        }
        list.add(horizon);
        return new TargetStages(
                horizon, list.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The stages a topology's online learning uses ({@code training.earlyTargets}). */
    public static TargetStages of(TopologySpec spec) {
        return spec.training.earlyTargets ? doubling(spec.horizon) : none(spec.horizon);
    }

    /** One stage: an origin trains once all {@code horizon} targets are known. */
    public static TargetStages none(int horizon) {
        requirePositive(horizon);
        return new TargetStages(horizon, new int[] {horizon});
    }

    /** How many stages (examples) each origin yields. */
    public int count() {
        return ends.length;
    }

    /** Steps after the origin at which stage {@code i} is due: it then knows targets {@code [start(i), end(i))}. */
    public int end(int i) {
        return ends[i];
    }

    /** Index of the first target stage {@code i} carries (0-based). */
    public int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    public int horizon() {
        return horizon;
    }

    private static void requirePositive(int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be positive, got " + horizon);
        }
    }
}
