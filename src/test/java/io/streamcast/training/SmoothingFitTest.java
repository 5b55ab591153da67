package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.series.SmoothingParams;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The constants fitting gives a topology and its series: one set that serves all, and a series' own
 * only where its history outweighs what the whole topology says.
 */
class SmoothingFitTest {
    private static final int PERIOD = 12;
    private static final double[] SEASON = {-8, -5, 0, 3, 6, 9, 10, 7, 2, -3, -8, -13};

    /** A steady seasonal series: noise around a fixed level, best forecast by a slow level. */
    private static double[] steady(long seed, int n) {
        Random random = new Random(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 200 + SEASON[i % PERIOD] + 3 * random.nextGaussian();
        }
        return y;
    }

    /** A seasonal series whose level walks: best forecast by a fast level. */
    private static double[] walking(long seed, int n) {
        Random random = new Random(seed);
        double[] y = new double[n];
        double level = 200;
        for (int i = 0; i < n; i++) {
            level += 4 * random.nextGaussian();
            y[i] = level + SEASON[i % PERIOD] + 0.5 * random.nextGaussian();
        }
        return y;
    }

    private static Map<String, double[]> fiveSteadyAndOneWalking() {
        int n = 120;
        Map<String, double[]> histories = new LinkedHashMap<>();
        for (int s = 0; s < 5; s++) {
            histories.put("steady-" + s, steady(s, n));
        }
        histories.put("walking", walking(11, n));
        return histories;
    }

    /**
     * A series whose level walks among steady ones gets a level of its own that follows faster
     * than any steady series' (whether that one kept the topology's constants or got its own).
     * Whether constants of their own forecast better is a question for real data:
     * {@code BaseGeneralisationTest}.
     */
    @Test
    void aSeriesWhoseLevelWalksGetsAFasterLevelOfItsOwnThanTheSteadyOnes() {
        Map<String, double[]> whole = fiveSteadyAndOneWalking();
        SmoothingFit.SeriesFit fit = SmoothingFit.fit(whole, PERIOD, PERIOD, true);

        SmoothingParams walking = fit.bySeries().get("walking");
        assertTrue(walking != null, "the walking series has constants of its own: " + fit);
        for (String s : whole.keySet()) {
            if (!s.equals("walking")) {
                SmoothingParams steady = fit.bySeries().getOrDefault(s, fit.topology());
                assertTrue(walking.alpha() > steady.alpha(), "its level follows faster than " + s + "'s: " + fit);
            }
        }
    }

    @Test
    void theTopologysConstantsAreTheOneSetWhetherOrNotSeriesGetTheirOwn() {
        Map<String, double[]> histories = fiveSteadyAndOneWalking();
        SmoothingFit.SeriesFit off = SmoothingFit.fit(histories, PERIOD, PERIOD, false);
        assertEquals(
                off.topology(),
                SmoothingFit.fit(histories, PERIOD, PERIOD, true).topology());
        assertTrue(off.bySeries().isEmpty(), "base.perSeries=false: one set for all");
    }

    @Test
    void aSeriesTooShortToJudgeAndATopologyOfOneSeriesRunWithTheTopologys() {
        Map<String, double[]> histories = fiveSteadyAndOneWalking();
        histories.put("short", walking(12, 20));
        SmoothingFit.SeriesFit fit = SmoothingFit.fit(histories, PERIOD, PERIOD, true);
        assertFalse(fit.bySeries().containsKey("short"), "20 points leave nothing to judge constants on");
        assertTrue(
                SmoothingFit.fit(Map.of("walking", walking(11, 120)), PERIOD, PERIOD, true)
                        .bySeries()
                        .isEmpty(),
                "alone, a series' constants are the topology's");
    }
}
