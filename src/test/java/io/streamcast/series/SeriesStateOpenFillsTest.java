package io.streamcast.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A late observation takes the place of the value filled in for its step (lateness.grace): the
 * window holds what was observed, the step is no longer open, and nothing that ran on since is
 * rewound or moved on.
 */
class SeriesStateOpenFillsTest {
    private static final SmoothingParams LINEAR = new SmoothingParams(0.3, 0.05, 0.2, 0.95, false);
    private static final int PERIOD = 4;
    private static final int HORIZON = 3;
    private static final int CAPACITY = 20;

    /** 12 values of a season of 4 (the base is ready after 8), a gap of two steps filled, then one observed value. */
    private static SeriesState withGap() {
        SeriesState state = new SeriesState(PERIOD, false);
        for (int i = 0; i < 12; i++) {
            state.append(i, 100 + (i % 4) * 5, CAPACITY, PERIOD, HORIZON, LINEAR);
        }
        state.fillMissing(12, CAPACITY, PERIOD, HORIZON, LINEAR);
        state.fillMissing(13, CAPACITY, PERIOD, HORIZON, LINEAR);
        state.append(14, 110, CAPACITY, PERIOD, HORIZON, LINEAR);
        return state;
    }

    @Test
    void aLateValueReplacesItsFillAndClosesTheStep() {
        SeriesState state = withGap();
        assertTrue(state.isOpenFill(1) && state.isOpenFill(2), "both filled steps are open");
        assertFalse(state.isOpenFill(0) || state.isOpenFill(3), "observed steps are not");
        double[] before = state.values().clone();
        float[] residualsBefore = state.residuals().clone();
        double[] baseBefore = state.smoothing().forecast(HORIZON, LINEAR);
        double fill = before[before.length - 3];

        state.replaceFill(2, fill + 7, PERIOD, HORIZON, LINEAR);

        double[] expected = before.clone();
        expected[expected.length - 3] = fill + 7;
        assertArrayEquals(expected, state.values(), "only the filled value changed");
        assertEquals(
                residualsBefore[residualsBefore.length - 3] + 7,
                state.residuals()[residualsBefore.length - 3],
                1e-5,
                "its residual is the base's error against the forecast the fill was");
        assertFalse(state.isOpenFill(2), "a step takes one late value");
        assertTrue(state.isOpenFill(1), "the other step of the gap is still open");
        assertEquals(15, state.count(), "nothing moved on");
        assertEquals(14, state.lastTsMillis());
        assertEquals(13, state.lastFilledIndex(), "forecasts around the gap stay unscored and untrained on");
        assertArrayEquals(baseBefore, state.smoothing().forecast(HORIZON, LINEAR), "the base is not rewound");
        assertThrows(IllegalStateException.class, () -> state.replaceFill(2, 1, PERIOD, HORIZON, LINEAR));
    }

    @Test
    void aFillThatLeavesTheKeptHistoryIsNoLongerOpen() {
        SeriesState state = withGap();
        for (int i = 15; i < 15 + CAPACITY - 2; i++) {
            state.append(i, 100, CAPACITY, PERIOD, HORIZON, LINEAR);
        }
        assertEquals(CAPACITY, state.values().length);
        assertTrue(state.isOpenFill(CAPACITY - 1), "the later fill is the oldest kept value");
        assertFalse(state.isOpenFill(CAPACITY), "the earlier one is gone with its value");
        state.append(100, 100, CAPACITY, PERIOD, HORIZON, LINEAR);
        assertTrue(
                java.util.stream.IntStream.rangeClosed(0, CAPACITY + 2).noneMatch(state::isOpenFill),
                Arrays.toString(state.values()));
    }

    /** A log-scale base cannot take zero: it moves to the linear scale, as it would had the value come on time. */
    @Test
    void aLateValueALogBaseCannotTakeMovesItToTheLinearScale() {
        SeriesState state = new SeriesState(PERIOD, true);
        SmoothingParams log = new SmoothingParams(0.3, 0.05, 0.2, 0.95, true);
        for (int i = 0; i < 12; i++) {
            state.append(i, 100 + (i % 4) * 5, CAPACITY, PERIOD, HORIZON, log);
        }
        state.fillMissing(12, CAPACITY, PERIOD, HORIZON, log);
        state.append(13, 110, CAPACITY, PERIOD, HORIZON, log);
        state.replaceFill(1, 0, PERIOD, HORIZON, log);
        assertFalse(state.smoothing().log());
        for (double f : state.smoothing().forecast(HORIZON, log)) {
            assertTrue(Double.isFinite(f), "forecasts stay finite");
        }
    }

    /**
     * Before the base is ready a gap is bridged by the straight line to the value that ends it:
     * what the fallbacks and the base's first seasonal terms read. Once it is ready the fill is the
     * base's one-step forecast, which knows the season, whatever value ends the gap.
     */
    @Test
    void aGapBeforeTheBaseIsReadyIsBridgedByTheLineToTheValueThatEndsIt() {
        SeriesState young = new SeriesState(PERIOD, false);
        young.append(0, 10, CAPACITY, PERIOD, HORIZON, LINEAR);
        young.append(1, 12, CAPACITY, PERIOD, HORIZON, LINEAR);
        // Observed at 5: steps 2, 3 and 4 are missing, 4 steps from 12 to 20.
        for (int k = 1; k <= 3; k++) {
            young.fillMissing(1 + k, 20, 4 - k + 1, CAPACITY, PERIOD, HORIZON, LINEAR, new SmoothingParams[0]);
        }
        young.append(5, 20, CAPACITY, PERIOD, HORIZON, LINEAR);
        assertArrayEquals(new double[] {10, 12, 14, 16, 18, 20}, young.values(), 1e-12);
        assertTrue(young.isOpenFill(1) && young.isOpenFill(2) && young.isOpenFill(3));

        SeriesState ready = new SeriesState(PERIOD, false);
        for (int i = 0; i < 12; i++) {
            ready.append(i, 100 + (i % 4) * 5, CAPACITY, PERIOD, HORIZON, LINEAR);
        }
        double baseForecast = ready.smoothing().forecast(1, LINEAR)[0];
        ready.fillMissing(12, 500, 2, CAPACITY, PERIOD, HORIZON, LINEAR, new SmoothingParams[0]);
        assertEquals(baseForecast, ready.lastValue(), 1e-9, "the base's forecast, not the line to 500");
    }
}
