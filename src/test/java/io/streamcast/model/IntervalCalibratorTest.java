package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Intervals that cover what they say: from the model's own recent errors, per horizon step, kept across restarts. */
class IntervalCalibratorTest {
    /** The 80% quantile of |N(0, 1)|. */
    private static final double Q80 = 1.2816;

    private static void feed(IntervalCalibrator c, int n, double sigma, Random random) {
        for (int i = 0; i < n; i++) {
            for (int h = 0; h < 3; h++) {
                // Errors grow with the step: sigma * (h + 1), in a series of scale 2.
                c.observe(h, Math.abs(random.nextGaussian()) * sigma * (h + 1) * 2, 2);
            }
        }
    }

    @Test
    void eightyPercentOfFreshErrorsFallInsideOnceTheWindowHoldsEnough() {
        IntervalCalibrator c = new IntervalCalibrator(3, 0.8);
        Random random = new Random(1);
        feed(c, IntervalCalibrator.WINDOW, 1, random);
        for (int h = 0; h < 3; h++) {
            int inside = 0;
            int n = 20000;
            for (int i = 0; i < n; i++) {
                if (Math.abs(random.nextGaussian()) * (h + 1) * 2 <= c.halfWidth(h, 2)) {
                    inside++;
                }
            }
            assertEquals(0.8, inside / (double) n, 0.05, "coverage at step " + (h + 1));
            assertEquals(Q80 * (h + 1) * 2, c.halfWidth(h, 2), 0.15 * Q80 * (h + 1) * 2);
        }
    }

    @Test
    void beforeEnoughErrorsTheGuessStandsThenTheErrorsDecide() {
        IntervalCalibrator c = new IntervalCalibrator(3, 0.8);
        double guess = c.halfWidth(0, 1);
        assertEquals(Q80, guess, 1e-3, "one scale unit per step, Gaussian");
        Random random = new Random(2);
        assertEquals(4, IntervalCalibrator.minErrors(0.8));
        feed(c, 3, 0.1, random);
        assertEquals(guess, c.halfWidth(0, 1), 1e-12);
        feed(c, 1, 0.1, random);
        assertTrue(
                c.halfWidth(0, 1) < 0.5,
                "tiny errors, tight interval, as soon as there are enough: " + c.halfWidth(0, 1));
    }

    /** Step 3's errors arrive two steps after step 1's: meanwhile it borrows step 1's width, grown as sqrt(h). */
    @Test
    void aLongStepWithoutErrorsOfItsOwnBorrowsTheShortStepsWidth() {
        IntervalCalibrator c = new IntervalCalibrator(3, 0.8);
        double coldGuess = c.halfWidth(2, 1);
        Random random = new Random(4);
        for (int i = 0; i < 6; i++) {
            c.observe(0, Math.abs(random.nextGaussian()) * 0.1, 1);
        }
        double first = c.halfWidth(0, 1);
        assertTrue(first < 0.3, "step 1 learnt its small errors: " + first);
        assertEquals(first * Math.sqrt(3), c.halfWidth(2, 1), 1e-12, "step 3 borrows step 1's, times sqrt(3)");
        assertTrue(c.halfWidth(2, 1) < coldGuess / 3, "far below the cold guess " + coldGuess);
        for (int i = 0; i < 4; i++) {
            c.observe(1, 0.9, 1);
        }
        assertEquals(0.9 * Math.sqrt(1.5), c.halfWidth(2, 1), 1e-6, "the longest shorter step with errors lends");
        for (int i = 0; i < 4; i++) {
            c.observe(2, 2.0, 1);
        }
        assertEquals(2.0, c.halfWidth(2, 1), 1e-6, "its own errors once it has enough");
    }

    @Test
    void intervalsWidenWhenErrorsGrowAndSurviveARestart() {
        IntervalCalibrator c = new IntervalCalibrator(3, 0.8);
        Random random = new Random(3);
        feed(c, IntervalCalibrator.WINDOW, 1, random);
        feed(c, IntervalCalibrator.WINDOW, 3, random);
        assertEquals(3 * Q80, c.halfWidth(0, 1), 0.15 * 3 * Q80, "the window holds only the recent, larger errors");

        IntervalCalibrator restored = new IntervalCalibrator(3, 0.8);
        restored.restore(c.toBytes());
        for (int h = 0; h < 3; h++) {
            assertEquals(c.halfWidth(h, 1.7), restored.halfWidth(h, 1.7), 1e-12, "same intervals after a restart");
        }
        IntervalCalibrator otherHorizon = new IntervalCalibrator(4, 0.8);
        otherHorizon.restore(c.toBytes());
        assertEquals(
                new IntervalCalibrator(4, 0.8).halfWidth(0, 1),
                otherHorizon.halfWidth(0, 1),
                1e-12,
                "state of another horizon is ignored, not misread");
    }
}
