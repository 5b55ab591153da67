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

    private static int steps(
            CarriedStates carried, long count, boolean log, FusedRecurrentForward weights, float[] states) {
        return carried.stepsToRun("s", count, log, weights, states, 0, weights.stateSize());
    }

    private static void keep(CarriedStates carried, long count, FusedRecurrentForward weights, float... state) {
        carried.keep("s", count, true, weights, state, 0, state.length);
    }

    @Test
    void aForecastReadsTheStateStartedAtTheOldestAnchorInsideItsWindow() {
        assertEquals(2, CarriedStates.spacing(WINDOW), "anchors every quarter of a window of 8");
        // The 20th value (index 19): window 12..19, anchor 12; the 21st: window 13..20, anchor 14.
        assertEquals(12, CarriedStates.anchor(20, WINDOW));
        assertEquals(14, CarriedStates.anchor(21, WINDOW));
        assertEquals(14, CarriedStates.anchor(22, WINDOW));
        assertEquals(0, CarriedStates.anchor(3, WINDOW), "a window reaching before the first value: its first");
        assertEquals(3, CarriedStates.spacing(10), "rounded up: contexts of at least 8 of 10");
        assertEquals(3, CarriedStates.anchor(11, 10));
    }

    @Test
    void aStateResumesOverTheStepsSinceWhileItsAnchorServesAndUnderTheSameWeightsOnly() {
        FusedRecurrentForward weights = forward();
        CarriedStates carried = new CarriedStates(WINDOW);
        float[] states = {9, 9};
        assertEquals(7, steps(carried, 21, true, weights, states), "nothing carried: from anchor 14, zeros");
        assertArrayEquals(new float[] {0, 0}, states);

        keep(carried, 21, weights, 0.25f, -0.5f);
        assertEquals(1, steps(carried, 22, true, weights, states));
        assertArrayEquals(new float[] {0.25f, -0.5f}, states, "the carried state");
        assertEquals(7, steps(carried, 23, true, weights, states), "anchor 16 serves the 23rd value: from it, zeros");
        assertArrayEquals(new float[] {0, 0}, states);
        assertEquals(7, steps(carried, 21, true, weights, states), "no step since: from the anchor");
        assertEquals(8, steps(carried, 22, true, forward(), states), "other weights: from anchor 14");
        assertEquals(8, steps(carried, 22, false, weights, states), "its base left the log scale");
        keep(carried, 20, weights, 1, 1);
        assertEquals(1, steps(carried, 22, true, weights, states), "an older state is not kept over a newer");
        carried.forget("s");
        assertEquals(8, steps(carried, 22, true, weights, states), "forgotten: from anchor 14");
    }

    @Test
    void beyondItsMemoryTheLeastRecentlyForecastSeriesGoFirst() {
        FusedRecurrentForward weights = forward();
        // Four states of a million floats fit in the bound of 16 MB, a fifth does not.
        int size = 1_000_000;
        CarriedStates carried = new CarriedStates(WINDOW);
        float[] state = new float[size];
        for (String s : new String[] {"a", "b", "c", "d"}) {
            carried.keep(s, 1, true, weights, state, 0, size);
        }
        carried.stepsToRun("a", 2, true, weights, new float[size], 0, size);
        carried.keep("e", 1, true, weights, state, 0, size);
        assertEquals(4, carried.size());
        assertEquals(1, carried.stepsToRun("a", 2, true, weights, new float[size], 0, size), "a was forecast lately");
        assertEquals(2, carried.stepsToRun("b", 2, true, weights, new float[size], 0, size), "b went first");
    }
}
