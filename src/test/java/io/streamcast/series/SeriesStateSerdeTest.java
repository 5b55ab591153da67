package io.streamcast.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The series record is written for every observation: the forecasts it remembers for scoring come
 * back exactly, while the record stays small (no copy of what the forecast already says).
 */
class SeriesStateSerdeTest {
    private static final SmoothingParams PARAMS = new SmoothingParams(0.2, 0.05, 0.3, 0.9, true);

    private static float[] series(float start, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = start + 0.37f * i;
        }
        return a;
    }

    @Test
    void rememberedForecastsComeBackExactlyAndWithoutDuplicateCopies() {
        SeriesState state = new SeriesState(4, true);
        for (int i = 0; i < 30; i++) {
            state.append(i, 10 + Math.sin(i) + i * 0.1, 40, 4, 12, PARAMS);
        }
        float[] served = series(10, 12);
        float[] half = series(0.5f, 12);
        float[] lower = new float[12];
        float[] upper = new float[12];
        for (int h = 0; h < 12; h++) {
            lower[h] = served[h] - half[h];
            upper[h] = served[h] + half[h];
        }
        float[] other = series(11, 12);
        // The network served (its forecast is the served one), the base served, a fallback without either.
        state.remember(new SeriesState.PendingScore(27, "gru", served, lower, upper, other, served.clone()), 12);
        state.remember(new SeriesState.PendingScore(28, "ets", served, lower, upper, served.clone(), other), 12);
        state.remember(new SeriesState.PendingScore(29, "naive", served, lower, upper), 12);

        byte[] bytes = SeriesStateSerde.toBytes(state);
        List<SeriesState.PendingScore> back = SeriesStateSerde.fromBytes(bytes).awaitingActuals();
        assertEquals(3, back.size());
        for (SeriesState.PendingScore p : back) {
            assertArrayEquals(served, p.forecast());
            assertArrayEquals(lower, p.lower(), 1e-5f);
            assertArrayEquals(upper, p.upper(), 1e-5f);
        }
        assertEquals("gru", back.get(0).model());
        assertArrayEquals(other, back.get(0).base());
        assertArrayEquals(served, back.get(0).network());
        assertArrayEquals(served, back.get(1).base());
        assertArrayEquals(other, back.get(1).network());
        assertNull(back.get(2).base());
        assertNull(back.get(2).network());

        // 3 remembered forecasts x 12 steps: forecast, half-width and at most one other copy, not five arrays.
        SeriesState none = SeriesStateSerde.fromBytes(bytes);
        none.awaitingActuals().clear();
        int perForecasts = bytes.length - SeriesStateSerde.toBytes(none).length;
        assertTrue(perForecasts < 3 * (3 * 12 * 4 + 40), "remembered forecasts take " + perForecasts + " bytes");
    }
}
