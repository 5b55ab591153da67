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
        assertEquals(
                Q80 * Math.sqrt(Math.PI / 2),
                guess,
                1e-3,
                "naive's errors: normal, with a mean absolute error of one scale unit");
        Random random = new Random(2);
        assertEquals(4, IntervalCalibrator.minErrors(0.8));
        feed(c, 3, 0.1, random);
        assertEquals(guess, c.halfWidth(0, 1), 1e-12);
        feed(c, 1, 0.1, random);
        assertTrue(
                c.halfWidth(0, 1) < 0.5,
                "tiny errors, tight interval, as soon as there are enough: " + c.halfWidth(0, 1));
    }

    /**
     * Before any errors, seasonal naive's: the scale is its mean absolute error, and its error at
     * every step of the first season ahead is one seasonal difference, so the guess is the same
     * there (80%: 1.6 scale units), and sqrt(2) times that in the second season. Without seasons,
     * naive's random walk.
     */
    @Test
    void theGuessIsSeasonalNaivesErrors() {
        IntervalCalibrator seasonal = new IntervalCalibrator(8, 0.8, 0.05, new double[0], 4);
        double first = Q80 * Math.sqrt(Math.PI / 2);
        for (int h = 0; h < 4; h++) {
            assertEquals(first, seasonal.halfWidth(h, 1), 1e-3, "first season, step " + (h + 1));
            assertEquals(first * Math.sqrt(2), seasonal.halfWidth(h + 4, 1), 1e-3, "second season, step " + (h + 5));
        }
        IntervalCalibrator plain = new IntervalCalibrator(4, 0.8, 0.05, new double[0], 1);
        assertEquals(first * 2, plain.halfWidth(3, 1), 1e-3, "no seasons: sqrt(h)");
        assertEquals(3 * first, seasonal.halfWidth(0, 3), 1e-3, "in units of the series' scale");
    }

    /**
     * Step 3's errors arrive two steps after step 1's: meanwhile it borrows step 1's width, grown
     * as sqrt(h) while step 1 alone has errors, then as the steps with errors grow.
     */
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
        assertEquals(
                0.9 * 1.5,
                c.halfWidth(2, 1),
                1e-6,
                "the longest shorter step with errors lends, grown at most linearly (step 2's errors are 9x step 1's)");
        for (int i = 0; i < 4; i++) {
            c.observe(2, 2.0, 1);
        }
        assertEquals(2.0, c.halfWidth(2, 1), 1e-6, "its own errors once it has enough");
    }

    /**
     * How a long step's borrowed width grows is what the steps with errors show: a seasonal model
     * whose errors are as large at step 2 as at step 1 lends step 3 the same width, one whose
     * errors grow as a random walk's (sqrt(2) from step 1 to 2) lends it sqrt(3/2) more than step 2.
     */
    @Test
    void aBorrowedWidthGrowsAsTheStepsWithErrorsGrow() {
        IntervalCalibrator flat = new IntervalCalibrator(4, 0.8);
        IntervalCalibrator walk = new IntervalCalibrator(4, 0.8);
        for (int i = 0; i < 5; i++) {
            flat.observe(0, 0.5, 1);
            flat.observe(1, 0.5, 1);
            walk.observe(0, 0.5, 1);
            walk.observe(1, 0.5 * Math.sqrt(2), 1);
        }
        assertEquals(0.5, flat.halfWidth(2, 1), 1e-6, "errors that do not grow: step 3 as wide as step 2");
        assertEquals(0.5, flat.halfWidth(3, 1), 1e-6, "and step 4");
        assertEquals(0.5 * Math.sqrt(3), walk.halfWidth(2, 1), 1e-6, "a random walk's: sqrt(3) times step 1's");
        assertEquals(0.5 * Math.sqrt(4), walk.halfWidth(3, 1), 1e-6, "and sqrt(4) at step 4");
        IntervalCalibrator narrowing = new IntervalCalibrator(3, 0.8);
        for (int i = 0; i < 5; i++) {
            narrowing.observe(0, 0.5, 1);
            narrowing.observe(1, 0.3, 1);
        }
        assertEquals(0.3, narrowing.halfWidth(2, 1), 1e-6, "never narrower than the step that lends");
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

    /**
     * A scored forecast of one step: its error (N(0, sigma) in units of the scale) is remembered
     * and whether the interval issued for it held the actual is reported. Returns whether it did.
     */
    private static boolean scoreOne(IntervalCalibrator c, double sigma, Random random) {
        double error = Math.abs(random.nextGaussian()) * sigma;
        boolean covered = error <= c.halfWidth(0, 1);
        c.observe(0, error, 1);
        c.outcome(0, covered, 1);
        return covered;
    }

    /**
     * After a break (errors three times as large from one day on, as in a recession) the window
     * still holds mostly the calm errors; adaptive conformal steps widen the interval after each
     * miss, so coverage over the next stretch is back near 80% well before the window has turned
     * over, where the plain window quantile covers far less.
     */
    @Test
    void afterABreakAdaptingStepsBringCoverageBackBeforeTheWindowTurnsOver() {
        double[] coverage = new double[2];
        double[] rates = {0, 0.05};
        for (int k = 0; k < 2; k++) {
            IntervalCalibrator c = new IntervalCalibrator(1, 0.8, rates[k]);
            Random random = new Random(11);
            for (int i = 0; i < IntervalCalibrator.WINDOW; i++) {
                scoreOne(c, 1, random);
            }
            int covered = 0;
            int n = 100;
            for (int i = 0; i < n; i++) {
                covered += scoreOne(c, 3, random) ? 1 : 0;
            }
            coverage[k] = covered / (double) n;
        }
        assertTrue(coverage[0] < 0.6, "the plain window lags: " + coverage[0]);
        assertTrue(coverage[1] > coverage[0] + 0.1, "adapting: " + coverage[1] + " vs " + coverage[0]);
    }

    /**
     * Where errors are exchangeable, adapting keeps what the window gives: coverage stays at 80%;
     * and a calibrator fed by many series moves per time step of one series, not faster.
     */
    @Test
    void onSteadyErrorsAdaptingKeepsEightyPercentAndMovesPerSeries() {
        IntervalCalibrator c = new IntervalCalibrator(1, 0.8, 0.05);
        Random random = new Random(5);
        int covered = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            covered += scoreOne(c, 1, random) ? 1 : 0;
        }
        assertEquals(0.8, covered / (double) n, 0.01);

        IntervalCalibrator one = new IntervalCalibrator(1, 0.8, 0.05);
        IntervalCalibrator many = new IntervalCalibrator(1, 0.8, 0.05);
        one.outcome(0, false, 1);
        many.outcome(0, false, 10);
        assertEquals(0.2 - 0.05 * 0.8, one.missRate(0), 1e-12, "a miss widens: the target miss rate falls");
        assertEquals(0.2 - 0.005 * 0.8, many.missRate(0), 1e-12, "by a tenth with ten series");
        IntervalCalibrator off = new IntervalCalibrator(1, 0.8);
        off.outcome(0, false, 1);
        assertEquals(0.2, off.missRate(0), 1e-12, "not adapting: the plain quantile");
    }

    /** The adapted miss rates survive a restart; state written before them (format 2) restores with the nominal rate. */
    @Test
    void adaptedRatesSurviveARestartAndOlderStateStillRestores() {
        IntervalCalibrator c = new IntervalCalibrator(2, 0.8, 0.05);
        Random random = new Random(9);
        for (int i = 0; i < 50; i++) {
            scoreOne(c, 1 + i / 10.0, random);
        }
        IntervalCalibrator restored = new IntervalCalibrator(2, 0.8, 0.05);
        restored.restore(c.toBytes());
        assertEquals(c.missRate(0), restored.missRate(0), 1e-12);
        assertEquals(c.halfWidth(0, 1), restored.halfWidth(0, 1), 1e-12);
        assertTrue(c.missRate(0) != 0.2, "it had adapted: " + c.missRate(0));
        IntervalCalibrator turnedOff = new IntervalCalibrator(2, 0.8, 0);
        turnedOff.restore(c.toBytes());
        assertEquals(0.2, turnedOff.missRate(0), 1e-12, "adapting turned off: the nominal level");
        IntervalCalibrator otherCoverage = new IntervalCalibrator(2, 0.9, 0.05);
        otherCoverage.restore(c.toBytes());
        assertEquals(0.1, otherCoverage.missRate(0), 1e-9, "another coverage: its own nominal level");

        // Format 2: the same layout without the coverage in the header and the rate after each step's counters.
        java.nio.ByteBuffer current = java.nio.ByteBuffer.wrap(c.toBytes());
        java.nio.ByteBuffer format2 = java.nio.ByteBuffer.allocate(current.capacity() - 3 * Double.BYTES);
        format2.putInt(2).putInt(current.getInt(4));
        current.position(16);
        for (int h = 0; h < 2; h++) {
            int count = current.getInt();
            format2.putInt(count).putInt(current.getInt());
            current.getDouble();
            for (int i = 0; i < count; i++) {
                format2.putFloat(current.getFloat());
            }
        }
        IntervalCalibrator older = new IntervalCalibrator(2, 0.8, 0.05);
        older.restore(format2.array());
        assertEquals(0.2, older.missRate(0), 1e-12);
        IntervalCalibrator plain = new IntervalCalibrator(2, 0.8);
        plain.restore(format2.array());
        assertEquals(plain.halfWidth(0, 1), older.halfWidth(0, 1), 1e-12, "the errors came back");
    }

    /** Further levels (interval.quantiles) cover what they say too: 50% and 95% of fresh errors inside. */
    @Test
    void furtherLevelsCoverTheirOwnShareOfFreshErrors() {
        IntervalCalibrator c = new IntervalCalibrator(3, 0.8, 0, new double[] {0.5, 0.95});
        Random random = new Random(3);
        feed(c, IntervalCalibrator.WINDOW, 1, random);
        double[] widths = new double[2];
        for (int h = 0; h < 3; h++) {
            c.extraHalfWidths(h, 2, widths);
            int[] inside = new int[2];
            int n = 20000;
            for (int i = 0; i < n; i++) {
                double error = Math.abs(random.nextGaussian()) * (h + 1) * 2;
                inside[0] += error <= widths[0] ? 1 : 0;
                inside[1] += error <= widths[1] ? 1 : 0;
            }
            // The k-th smallest of 200 errors covers a Beta(k, 201 - k) share of the next ones: three of
            // its standard deviations (0.105 at 50%, 0.046 at 95%), plus this sample's own noise.
            assertEquals(0.5, inside[0] / (double) n, 3 * Math.sqrt(0.5 * 0.5 / 202) + 0.01, "50% at step " + (h + 1));
            assertEquals(
                    0.95, inside[1] / (double) n, 3 * Math.sqrt(0.95 * 0.05 / 202) + 0.01, "95% at step " + (h + 1));
            assertTrue(widths[0] < c.halfWidth(h, 2) && c.halfWidth(h, 2) < widths[1], "nested at step " + (h + 1));
        }
    }

    /**
     * Before a level's rank exists (19 errors for 95%) it takes the main width times the Gaussian
     * ratio; once adapting widens the main interval, every level widens by the same factor.
     */
    @Test
    void furtherLevelsFollowTheMainIntervalBeforeTheirRankExistsAndWhenItAdapts() {
        IntervalCalibrator c = new IntervalCalibrator(1, 0.8, 0.05, new double[] {0.95});
        double[] w = new double[1];
        c.extraHalfWidths(0, 1, w);
        assertEquals(1.95996 / Q80, w[0] / c.halfWidth(0, 1), 1e-3, "the cold guess, Gaussian at 95%");
        Random random = new Random(4);
        for (int i = 0; i < 10; i++) {
            c.observe(0, Math.abs(random.nextGaussian()), 1);
        }
        c.extraHalfWidths(0, 1, w);
        assertEquals(1.95996 / Q80, w[0] / c.halfWidth(0, 1), 1e-3, "10 errors: no 95% rank yet");
        for (int i = 0; i < 190; i++) {
            c.observe(0, Math.abs(random.nextGaussian()), 1);
        }
        c.extraHalfWidths(0, 1, w);
        double plainRatio = w[0] / c.halfWidth(0, 1);
        assertTrue(Math.abs(plainRatio - 1.95996 / Q80) > 1e-3, "its own quantile now: " + plainRatio);
        double main = c.halfWidth(0, 1);
        double wide = w[0];
        for (int i = 0; i < 10; i++) {
            c.outcome(0, false, 1); // misses: the main interval widens
        }
        c.extraHalfWidths(0, 1, w);
        double factor = c.halfWidth(0, 1) / main;
        assertTrue(factor > 1, "adapting widened the main interval");
        assertEquals(wide * factor, w[0], 1e-9, "and the 95% one by the same factor");
    }

    @Test
    void furtherLevelsMustBeAscendingAndOtherThanTheMainOne() {
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new IntervalCalibrator(1, 0.8, 0, new double[] {0.9, 0.5}));
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new IntervalCalibrator(1, 0.8, 0, new double[] {0.8}));
    }

    /**
     * A run of misses (one series' faulty reading, a sensor that froze) drives the adapted miss rate
     * down; it stops at a quarter of the nominal one, so the half-width is a high percentile of the
     * remembered errors and never the one outlier among them.
     */
    @Test
    void adaptingStopsShortOfTheLargestError() {
        IntervalCalibrator c = new IntervalCalibrator(1, 0.8, 0.05);
        for (int i = 1; i < IntervalCalibrator.WINDOW; i++) {
            c.observe(0, i / 100.0, 1); // 0.01 .. 1.99
        }
        c.observe(0, 450, 1); // one faulty reading, in units of its series' calm scale
        for (int i = 0; i < 100; i++) {
            c.outcome(0, false, 1);
        }
        assertEquals(0.05, c.missRate(0), 1e-12, "a quarter of the nominal 0.2");
        // The ceil(201 x 0.95) = 191st smallest of the 200: 1.91 (the largest, 450, at a miss rate of 0).
        assertEquals(1.91, c.halfWidth(0, 1), 1e-6);

        IntervalCalibrator restored = new IntervalCalibrator(1, 0.8, 0.05);
        restored.restore(c.toBytes());
        assertEquals(0.05, restored.missRate(0), 1e-12);
    }
}
