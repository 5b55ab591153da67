package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamcast.series.SeriesState;
import io.streamcast.series.SmoothingParams;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the covariates make of a window: the channels the network reads, value by value. */
class CovariatesTest {
    private static final int WINDOW = 4;
    private static final float NA = Float.NaN;
    private static final SmoothingParams PARAMS = new SmoothingParams(0.3, 0.05, 0.3, 0.95, false);
    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli(); // a Monday
    private static final long HOUR = 3_600_000L;

    /** A series with 30 values on an hourly grid (no season), so the base is ready. */
    private static SeriesState series() {
        SeriesState state = new SeriesState(1, false);
        for (int i = 0; i < 30; i++) {
            state.append(T0 + i * HOUR, 10 + Math.sin(i) + 0.1 * i, 64, 1, 2, PARAMS);
        }
        return state;
    }

    private static float[] encode(WindowEncoder encoder, SeriesState state, float[] features, long[] times) {
        int need = encoder.historyNeeded();
        float[] out = new float[encoder.exampleSize()];
        encoder.encode(
                state.last(need), state.lastResiduals(WINDOW), features, times, state.smoothing(), PARAMS, out, 0);
        return out;
    }

    private static float[] channel(float[] encoded, int c) {
        return Arrays.copyOfRange(encoded, c * WINDOW, (c + 1) * WINDOW);
    }

    @Test
    void anObservedFeatureIsCarriedForwardCentredOnItsMedianAndScaledByItsDeviation() {
        WindowEncoder encoder = new WindowEncoder(WINDOW, 1, 2, 20, new Covariates(List.of("x"), List.of()));
        assertEquals(5, encoder.historyNeeded(), "the window and one lag partner");
        // Kept at the 5 steps ending at the origin; the first lies before the window.
        float[] features = {1, NA, 3, NA, 9};
        float[] encoded = encode(encoder, series(), features, null);
        // Filled [1, 3, 3, 9]: median 3, absolute deviations [2, 0, 0, 6], their median 1.
        assertArrayEquals(new float[] {-2, 0, 0, 6}, channel(encoded, 1));

        WindowEncoder clamped = new WindowEncoder(WINDOW, 1, 2, 5, new Covariates(List.of("x"), List.of()));
        assertArrayEquals(new float[] {-2, 0, 0, 5}, channel(encode(clamped, series(), features, null), 1));
    }

    @Test
    void stepsBeforeAFeaturesFirstValueTakeItAndAFeatureNeverSeenIsZeros() {
        WindowEncoder encoder = new WindowEncoder(WINDOW, 1, 2, 20, new Covariates(List.of("x", "y"), List.of()));
        // [step][feature]: x first seen two steps before the origin, y never.
        float[] features = {NA, NA, NA, NA, NA, NA, 2, NA, 4, NA};
        float[] encoded = encode(encoder, series(), features, null);
        // x filled [2, 2, 2, 4]: median 2, deviations' median 0, their mean 0.5.
        assertArrayEquals(new float[] {0, 0, 0, 4}, channel(encoded, 1));
        assertArrayEquals(new float[] {0, 0, 0, 0}, channel(encoded, 2));
        assertArrayEquals(new float[8], Arrays.copyOfRange(encode(encoder, series(), null, null), WINDOW, 3 * WINDOW));
    }

    @Test
    void calendarFeaturesAreTheSineAndCosineOfEachWindowStepsPhase() {
        WindowEncoder encoder = new WindowEncoder(
                WINDOW,
                1,
                2,
                20,
                new Covariates(List.of(), List.of(CalendarFeature.HOUR_OF_DAY, CalendarFeature.DAY_OF_WEEK)));
        assertEquals(1 + 2 + 2, encoder.inputFeatures());
        long[] times = {T0, T0 + 6 * HOUR, T0 + 12 * HOUR, T0 + 18 * HOUR};
        float[] encoded = encode(encoder, series(), null, times);
        assertArrayEquals(new float[] {0, 1, 0, -1}, channel(encoded, 1), 1e-6f, "sin of the hour");
        assertArrayEquals(new float[] {1, 0, -1, 0}, channel(encoded, 2), 1e-6f, "cos of the hour");
        // Monday 00:00 is the week's phase 0, Monday 18:00 three quarters of a day in.
        assertEquals(0, channel(encoded, 3)[0], 1e-6f);
        assertEquals(Math.sin(2 * Math.PI * 0.75 / 7), channel(encoded, 3)[3], 1e-6);
        assertEquals(1, channel(encoded, 4)[0], 1e-6f);
    }

    /**
     * A building's load follows the local clock: in the topology's zone the hour of day is Berlin's,
     * an hour past UTC's in winter and two in summer, so 06:00 UTC in July is 08:00 there.
     */
    @Test
    void calendarFeaturesReadTheTopologysClock() {
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        WindowEncoder encoder = new WindowEncoder(
                WINDOW, 1, 2, 20, new Covariates(List.of(), List.of(CalendarFeature.HOUR_OF_DAY), berlin));
        long summer = java.time.Instant.parse("2024-07-01T06:00:00Z").toEpochMilli();
        long winter = java.time.Instant.parse("2024-01-15T06:00:00Z").toEpochMilli();
        long[] times = {winter, winter + 6 * HOUR, summer, summer + 4 * HOUR};
        float[] encoded = encode(encoder, series(), null, times);
        double[] localHours = {7, 13, 8, 12};
        for (int k = 0; k < times.length; k++) {
            assertEquals(Math.sin(2 * Math.PI * localHours[k] / 24), channel(encoded, 1)[k], 1e-6, "step " + k);
            assertEquals(Math.cos(2 * Math.PI * localHours[k] / 24), channel(encoded, 2)[k], 1e-6, "step " + k);
        }
        assertEquals(0.25, CalendarFeature.HOUR_OF_DAY.phase(summer, java.time.ZoneOffset.UTC), 1e-12);
        assertEquals(
                new Covariates(List.of(), List.of(CalendarFeature.HOUR_OF_DAY)),
                new Covariates(List.of(), List.of(CalendarFeature.HOUR_OF_DAY), null),
                "no zone is UTC");
    }

    @Test
    void featuresChangeTheirOwnChannelsOnlyAndTheErrorChannelIsTheOneWithoutCovariates() {
        SeriesState state = series();
        WindowEncoder plain = new WindowEncoder(WINDOW, 1, 2, 20);
        WindowEncoder withFeature =
                new WindowEncoder(WINDOW, 1, 2, 20, new Covariates(List.of("x"), List.of(CalendarFeature.HOUR_OF_DAY)));
        float[] alone = new float[plain.exampleSize()];
        int need = plain.historyNeeded();
        plain.encode(state.last(need), state.lastResiduals(WINDOW), state.smoothing(), PARAMS, alone, 0);
        long[] times = {T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR};
        float[] one = encode(withFeature, state, new float[] {0, 1, 2, 3, 4}, times);
        float[] other = encode(withFeature, state, new float[] {0, 4, 3, 2, 1}, times);

        assertArrayEquals(alone, channel(one, 0), "the error channel is as without covariates");
        assertArrayEquals(channel(one, 0), channel(other, 0));
        assertArrayEquals(new float[] {-1.5f, -0.5f, 0.5f, 1.5f}, channel(one, 1));
        assertArrayEquals(new float[] {1.5f, 0.5f, -0.5f, -1.5f}, channel(other, 1));
        assertArrayEquals(
                Arrays.copyOfRange(one, 2 * WINDOW, 4 * WINDOW), Arrays.copyOfRange(other, 2 * WINDOW, 4 * WINDOW));
    }

    @Test
    void anObservationsFeaturesAreKeptInChannelOrderWithNaNForTheMissing() {
        Covariates covariates = new Covariates(List.of("price", "promo"), List.of());
        assertArrayEquals(new float[] {2.5f, NA}, covariates.stepValues(Map.of("price", 2.5, "other", 1.0)));
    }

    @Test
    void aWindowWithCovariatesCannotBeEncodedWithoutThem() {
        WindowEncoder encoder = new WindowEncoder(WINDOW, 1, 2, 20, new Covariates(List.of("x"), List.of()));
        SeriesState state = series();
        int need = encoder.historyNeeded();
        assertThrows(
                IllegalStateException.class,
                () -> encoder.encode(
                        state.last(need),
                        state.lastResiduals(WINDOW),
                        state.smoothing(),
                        PARAMS,
                        new float[encoder.exampleSize()],
                        0));
    }
}
