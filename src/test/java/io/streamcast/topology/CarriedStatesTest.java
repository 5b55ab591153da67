package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamcast.model.Cell;
import io.streamcast.model.ClipMode;
import io.streamcast.model.FusedRecurrentForward;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.NetworkSpec;
import org.junit.jupiter.api.Test;

/** When a carried state may be resumed, and what the memory bound evicts. */
class CarriedStatesTest {
    private static final int WINDOW = 8;

    private static FusedRecurrentForward forward() {
        return FusedRecurrentForward.of(
                NetworkFactory.build(new NetworkSpec(Cell.GRU, 2, 1, 1, WINDOW, 3, 0.01, ClipMode.NONE, 1, 0, 3)),
                1,
                WINDOW);
    }

    /** What {@link CarriedStates#plan} laid out for one forecast: each lane's anchor, steps to run and state. */
    private record Plan(long[] anchors, int[] steps, float[] states) {}

    private static Plan plan(CarriedStates carried, long count, boolean log, FusedRecurrentForward weights) {
        int size = weights.stateSize();
        long[] anchors = new long[CarriedStates.MAX_LANES];
        int[] steps = new int[CarriedStates.MAX_LANES];
        float[] states = new float[CarriedStates.MAX_LANES * size];
        int lanes = carried.plan("s", count, log, weights, WINDOW, anchors, steps, 0, states, 0, size);
        return new Plan(
                java.util.Arrays.copyOf(anchors, lanes),
                java.util.Arrays.copyOf(steps, lanes),
                java.util.Arrays.copyOf(states, lanes * size));
    }

    private static void keep(CarriedStates carried, long count, boolean log, FusedRecurrentForward weights, Plan p) {
        carried.keep("s", count, log, weights, p.anchors(), 0, p.anchors().length, p.states(), 0, weights.stateSize());
    }

    @Test
    void aForecastRunsOneLanePerAnchorInsideItsWindowTheOldestServing() {
        FusedRecurrentForward weights = forward();
        CarriedStates carried = new CarriedStates();
        assertEquals(2, CarriedStates.spacing(WINDOW), "four lanes over a window of 8");
        // The 20th value (index 19): anchors 12, 14, 16, 18 inside its window 12..19, each run from zeros.
        Plan first = plan(carried, 20, true, weights);
        assertArrayEquals(new long[] {12, 14, 16, 18}, first.anchors());
        assertArrayEquals(new int[] {8, 6, 4, 2}, first.steps());
        assertEquals(12, CarriedStates.servingAnchor(20, WINDOW));
        // The 21st (index 20): the window is 13..20; lanes 14, 16 and 18 resume one step, lane 20 starts.
        float[] after = new float[first.states().length];
        for (int i = 0; i < after.length; i++) {
            after[i] = i + 1;
        }
        keep(carried, 20, true, weights, new Plan(first.anchors(), first.steps(), after));
        Plan next = plan(carried, 21, true, weights);
        assertArrayEquals(new long[] {14, 16, 18, 20}, next.anchors(), "lane 12 retired, lane 20 started");
        assertArrayEquals(new int[] {1, 1, 1, 1}, next.steps());
        assertArrayEquals(
                new float[] {3, 4, 5, 6, 7, 8, 0, 0},
                next.states(),
                "each resumed lane's own state; the new one from zeros");
        // Three values later (not forecast in between): lanes still inside resume over the three steps.
        Plan later = plan(carried, 23, true, weights);
        assertArrayEquals(new long[] {16, 18, 20, 22}, later.anchors());
        assertArrayEquals(new int[] {3, 3, 3, 1}, later.steps(), "lane 20 never ran: from zeros over its steps");
        assertArrayEquals(new float[] {5, 6, 7, 8, 0, 0, 0, 0}, later.states());
    }

    @Test
    void lanesResumeUnderTheSameWeightsAndScaleOnlyAndNeverFromANewerForecast() {
        FusedRecurrentForward weights = forward();
        CarriedStates carried = new CarriedStates();
        keep(carried, 20, true, weights, plan(carried, 20, true, weights));
        int[] fromAnchors = {7, 5, 3, 1};
        assertArrayEquals(
                new int[] {1, 1, 1, 1}, plan(carried, 21, true, weights).steps());
        assertArrayEquals(fromAnchors, plan(carried, 21, true, forward()).steps(), "other weights");
        assertArrayEquals(fromAnchors, plan(carried, 21, false, weights).steps(), "its base left the log scale");
        assertArrayEquals(
                new int[] {8, 6, 4, 2}, plan(carried, 20, true, weights).steps(), "no step since: from the anchors");
        assertArrayEquals(
                new int[] {8, 6, 4, 2}, plan(carried, 28, true, weights).steps(), "a whole window since");
        keep(carried, 19, true, weights, plan(carried, 19, true, weights));
        assertArrayEquals(
                new int[] {1, 1, 1, 1}, plan(carried, 21, true, weights).steps(), "an older forecast's not kept");
        carried.forget("s");
        assertArrayEquals(fromAnchors, plan(carried, 21, true, weights).steps(), "forgotten");
    }

    @Test
    void beyondItsMemoryTheLeastRecentlyForecastSeriesGoFirst() {
        FusedRecurrentForward weights = forward();
        // Four series of five lanes of 200,000 floats fit in the bound of 16 MB, a fifth does not.
        int size = 200_000;
        CarriedStates carried = new CarriedStates();
        long[] anchors = {0};
        float[] state = new float[size];
        for (String s : new String[] {"a", "b", "c", "d"}) {
            carried.keep(s, 1, true, weights, anchors, 0, 1, state, 0, size);
        }
        int[] steps = new int[CarriedStates.MAX_LANES];
        float[] states = new float[CarriedStates.MAX_LANES * size];
        carried.plan("a", 2, true, weights, WINDOW, new long[CarriedStates.MAX_LANES], steps, 0, states, 0, size);
        carried.keep("e", 1, true, weights, anchors, 0, 1, state, 0, size);
        assertEquals(4, carried.size());
        carried.plan("a", 2, true, weights, WINDOW, new long[CarriedStates.MAX_LANES], steps, 0, states, 0, size);
        assertEquals(1, steps[0], "a was forecast lately: its lane resumes");
        carried.plan("b", 2, true, weights, WINDOW, new long[CarriedStates.MAX_LANES], steps, 0, states, 0, size);
        assertEquals(2, steps[0], "b went first: from its anchor");
    }
}
