package io.streamcast.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A series' scale, the unit its errors and intervals are measured in: none while one value says
 * nothing of its size, the mean absolute step before its first season is complete, then the mean
 * of its absolute seasonal differences, the first one no heavier than any other until an
 * exponential weighting takes over.
 */
class SeriesStateScaleTest {
    private static final int PERIOD = 4;
    private static final int CAPACITY = 32;

    private static SeriesState append(SeriesState s, double... values) {
        for (double v : values) {
            s.append(s.count() * 3_600_000L, v, CAPACITY, PERIOD, 2, SmoothingParams.DEFAULT);
        }
        return s;
    }

    @Test
    void oneValueOrEqualOnesHaveNoScale() {
        SeriesState s = append(new SeriesState(PERIOD, false), 50);
        assertFalse(s.hasScale());
        append(s, 50, 50);
        assertFalse(s.hasScale());
        append(s, 51);
        assertTrue(s.hasScale());
    }

    @Test
    void beforeASeasonAndAStepTheScaleIsTheMeanAbsoluteStep() {
        SeriesState s = append(new SeriesState(PERIOD, false), 10, 12, 11, 15);
        assertFalse(s.hasSeasonalScale());
        assertEquals((2 + 1 + 4) / 3.0, s.scale(), 1e-12);
    }

    @Test
    void theFirstSeasonalDifferencesWeighAlikeThenTheNewestWeighsTheExponentialShare() {
        SeriesState s = append(new SeriesState(PERIOD, false), 0, 0, 0, 0);
        // Seasonal differences 8, then 2, 2, ...: their running mean, not 8 decaying by 5% a step.
        append(s, 8);
        assertTrue(s.hasSeasonalScale());
        assertEquals(8, s.scale(), 1e-12);
        double[] seasonal = {0, 0, 0, 0, 8};
        double sum = 8;
        int n = 1;
        for (int i = 0; i < 18; i++) {
            double v = seasonal[seasonal.length - PERIOD] + 2;
            append(s, v);
            seasonal = Arrays.copyOf(seasonal, seasonal.length + 1);
            seasonal[seasonal.length - 1] = v;
            sum += 2;
            n++;
            assertEquals(sum / n, s.scale(), 1e-9, "after " + n + " differences");
        }
        // The 20th difference has weight 1/20 = EW_ALPHA; the 21st the same, not 1/21.
        double before = s.scale();
        double v = seasonal[seasonal.length - PERIOD] + 2;
        append(s, v);
        assertEquals((1 - 1.0 / 20) * before + 2.0 / 20, s.scale(), 1e-9);
        before = s.scale();
        seasonal = Arrays.copyOf(seasonal, seasonal.length + 1);
        seasonal[seasonal.length - 1] = v;
        append(s, seasonal[seasonal.length - PERIOD] + 2);
        assertEquals((1 - SeriesState.EW_ALPHA) * before + SeriesState.EW_ALPHA * 2, s.scale(), 1e-9);
    }

    @Test
    void aSeriesThatStopsMovingKeepsItsBaseErrorsAsItsScale() {
        SeriesState s = new SeriesState(PERIOD, false);
        double[] season = {10, 20, 30, 20};
        for (int i = 0; i < 40; i++) {
            append(s, season[i % PERIOD] + (i % 3) * 0.5);
        }
        assertEquals(s.ewAbsSeasonalDiff(), s.scale(), 1e-12, "the base errs less than seasonal naive");
        for (int i = 0; i < 100; i++) {
            append(s, 20);
        }
        // Seasonal differences of 0 for 100 steps: 0.95^100 of the running one is left, while the
        // base, still forecasting part of the old swing, errs by far more.
        double baseError = 0;
        int n = 0;
        for (float r : s.residuals()) {
            if (r != 0) {
                baseError += Math.abs(r);
                n++;
            }
        }
        baseError /= n;
        assertTrue(
                s.ewAbsSeasonalDiff() < baseError / 10,
                "running seasonal difference " + s.ewAbsSeasonalDiff() + ", base's mean absolute error " + baseError);
        assertEquals(baseError, s.scale(), 1e-9);
    }

    /**
     * The resolution is the smallest move between two observed readings, once readings have repeated
     * exactly (the mark of quanta): a sensor's quantum. Continuous values, which never repeat, have
     * none; filled-in steps (the base's forecast, not a reading) say nothing of it; it outlives the
     * kept values.
     */
    @Test
    void theResolutionIsTheSmallestMoveOfReadingsThatRepeat() {
        SeriesState wave = new SeriesState(PERIOD, false);
        for (int i = 0; i < 3 * CAPACITY; i++) {
            append(wave, 20 + 3 * Math.sin(i * 0.7));
        }
        assertEquals(0, wave.resolution(), "a continuous wave never repeats a reading: no quanta to measure");

        SeriesState s = append(new SeriesState(PERIOD, false), 44.48, 44.41, 44.44);
        assertEquals(0, s.resolution(), "moves, but no reading repeated yet");
        append(s, 44.44, 44.38);
        assertEquals(0.03, s.resolution(), 1e-6);
        s.fillMissing(s.count() * 3_600_000L, CAPACITY, PERIOD, 2, SmoothingParams.DEFAULT);
        double fill = s.lastValue();
        append(s, fill + 0.001);
        assertEquals(0.03, s.resolution(), 1e-6, "a move from a fill is no reading's move, however small");
        for (int i = 0; i < 3 * CAPACITY; i++) {
            append(s, fill + 0.031);
        }
        assertEquals(0.03, s.resolution(), 1e-6, "still for longer than the kept values, it is remembered");
    }
}
