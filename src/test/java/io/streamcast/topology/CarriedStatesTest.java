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

    @Test
    void aStateResumesOverTheStepsSinceItUnderTheSameWeightsOnly() {
        FusedRecurrentForward weights = forward();
        CarriedStates carried = new CarriedStates();
        float[] states = new float[4];
        assertEquals(WINDOW, carried.stepsToRun("s", 10, true, weights, WINDOW, states, 0), "nothing carried yet");

        carried.keep("s", 10, true, weights, new float[] {0, 0, 0.25f, -0.5f}, 2, 2);
        assertEquals(1, carried.stepsToRun("s", 11, true, weights, WINDOW, states, 2));
        assertArrayEquals(new float[] {0, 0, 0.25f, -0.5f}, states, "copied where asked");
        assertEquals(WINDOW - 1, carried.stepsToRun("s", 10 + WINDOW - 1, true, weights, WINDOW, states, 0));
        assertEquals(
                WINDOW,
                carried.stepsToRun("s", 10 + WINDOW, true, weights, WINDOW, states, 0),
                "as far back as the window");
        assertEquals(
                WINDOW, carried.stepsToRun("s", 10, true, weights, WINDOW, states, 0), "no step since: the window");
        assertEquals(WINDOW, carried.stepsToRun("s", 11, true, forward(), WINDOW, states, 0), "other weights");

        assertEquals(
                WINDOW, carried.stepsToRun("s", 11, false, weights, WINDOW, states, 0), "its base left the log scale");
        carried.keep("s", 9, true, weights, new float[] {1, 1}, 0, 2);
        assertEquals(
                1,
                carried.stepsToRun("s", 11, true, weights, WINDOW, states, 0),
                "an older state is not kept over a newer");
        carried.forget("s");
        assertEquals(WINDOW, carried.stepsToRun("s", 11, true, weights, WINDOW, states, 0), "forgotten");
    }

    @Test
    void beyondItsMemoryTheLeastRecentlyForecastSeriesGoFirst() {
        FusedRecurrentForward weights = forward();
        // Four states of a million floats fit in the bound of 16 MB, a fifth does not.
        int size = 1_000_000;
        CarriedStates carried = new CarriedStates();
        float[] state = new float[size];
        for (String s : new String[] {"a", "b", "c", "d"}) {
            carried.keep(s, 1, true, weights, state, 0, size);
        }
        carried.stepsToRun("a", 2, true, weights, WINDOW, new float[size], 0);
        carried.keep("e", 1, true, weights, state, 0, size);
        assertEquals(4, carried.size());
        assertEquals(1, carried.stepsToRun("a", 2, true, weights, WINDOW, new float[size], 0), "a was forecast lately");
        assertEquals(WINDOW, carried.stepsToRun("b", 2, true, weights, WINDOW, new float[size], 0), "b went first");
    }
}
