package io.streamcast.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The observed features a series keeps per step for its window (covariates), and their record. */
class SeriesStateFeaturesTest {
    private static final int PERIOD = 4;
    private static final int HORIZON = 3;
    private static final int CAPACITY = 20;
    private static final SmoothingParams PARAMS = new SmoothingParams(0.3, 0.05, 0.3, 0.95, false);
    private static final float NA = Float.NaN;

    /** {@code n} steps with two features each: step i carries (i, -i), every fifth step only the first. */
    private static SeriesState withFeatures(int n) {
        SeriesState state = new SeriesState(PERIOD, false);
        state.useFeatures(2, 77);
        for (int i = 0; i < n; i++) {
            float[] features = {i, i % 5 == 0 ? NA : -i};
            state.append(i, 10 + Math.sin(i), features, CAPACITY, PERIOD, HORIZON, PARAMS);
        }
        return state;
    }

    @Test
    void theKeptFeaturesMoveOnWithTheValues() {
        SeriesState state = withFeatures(3 * CAPACITY);
        assertEquals(CAPACITY, state.values().length);
        // The newest three steps: 57, 58, 59 ([step][feature]).
        assertArrayEquals(new float[] {57, -57, 58, -58, 59, -59}, state.lastFeatures(3));
        state.fillMissing(60, CAPACITY, PERIOD, HORIZON, PARAMS);
        assertArrayEquals(new float[] {59, -59, NA, NA}, state.lastFeatures(2), "a filled step has none");
        state.replaceFill(0, 11.0, new float[] {60, -60}, PERIOD, HORIZON, PARAMS, new SmoothingParams[0]);
        assertArrayEquals(new float[] {60, -60}, state.lastFeatures(1), "the late observation brings its own");
    }

    @Test
    void aRecordWithFeaturesComesBackExactlyAndOneWithoutCarriesOnlyTheirCount() {
        SeriesState state = withFeatures(3 * CAPACITY);
        byte[] bytes = SeriesStateSerde.toBytes(state);
        assertEquals(9, bytes[0], "the current format");
        SeriesState back = SeriesStateSerde.fromBytes(bytes);
        assertEquals(2, back.featureWidth());
        assertArrayEquals(state.features(), back.features());
        assertArrayEquals(state.values(), back.values());
        assertEquals(state.count(), back.count());

        SeriesState plain = new SeriesState(PERIOD, false);
        for (int i = 0; i < 3 * CAPACITY; i++) {
            plain.append(i, 10 + Math.sin(i), CAPACITY, PERIOD, HORIZON, PARAMS);
        }
        byte[] plainBytes = SeriesStateSerde.toBytes(plain);
        assertEquals(9, plainBytes[0], "the same format without covariates");
        assertEquals(plainBytes.length + 4 + CAPACITY * 2 * 4, bytes.length, "layout and a float per feature");
        assertNull(SeriesStateSerde.fromBytes(plainBytes).lastFeatures(3));
    }

    @Test
    void aRecordKeptWithoutOrForOtherFeaturesReadsAsMissingFeatures() {
        SeriesState plain = new SeriesState(PERIOD, false);
        for (int i = 0; i < 30; i++) {
            plain.append(i, 10 + Math.sin(i), CAPACITY, PERIOD, HORIZON, PARAMS);
        }
        SeriesState older = SeriesStateSerde.fromBytes(SeriesStateSerde.toBytes(plain));
        older.useFeatures(2, 77);
        float[] missing = new float[CAPACITY * 2];
        Arrays.fill(missing, NA);
        assertArrayEquals(missing, older.features());
        older.append(30, 10, new float[] {1, 2}, CAPACITY, PERIOD, HORIZON, PARAMS);
        assertArrayEquals(new float[] {NA, NA, 1, 2}, older.lastFeatures(2));

        SeriesState other = withFeatures(30);
        other.useFeatures(2, 78);
        assertArrayEquals(missing, other.features(), "another feature list: nothing kept is taken for these");
        SeriesState same = withFeatures(30);
        same.useFeatures(2, 77);
        assertArrayEquals(withFeatures(30).features(), same.features(), "the same list keeps what it kept");
    }
}
