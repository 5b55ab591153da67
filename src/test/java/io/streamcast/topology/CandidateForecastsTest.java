package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CandidateForecastsTest {
    private static final double EPS = 1e-6;

    @Test
    void aCandidatesErrorIsHalfItsOneStepErrorAndHalfItsMeanOverTheStepsForecastForTheValue() {
        CandidateForecasts recent = new CandidateForecasts(2, 3, 10);
        assertTrue(recent.tracks("s", 10));
        // Origins 5, 6 and 7 forecast steps 1..3; the value at index 8 is step 3, 2 and 1 of them.
        recent.remember("s", 5, new double[][] {{0, 0, 10}, {0, 0, 16}});
        recent.remember("s", 6, new double[][] {{0, 11, 0}, {0, 10, 0}});
        recent.remember("s", 7, new double[][] {{12, 0, 0}, {10, 0, 0}});
        double[] errors = new double[2];

        assertTrue(recent.errors("s", 8, 10, 2, errors));

        // Candidate 0: one step 2, all steps (0 + 1 + 2) / 3 = 1; candidate 1: one step 0, all (6 + 0 + 0) / 3 = 2.
        assertArrayEquals(new double[] {(2 + 1) / 2.0 / 2, (0 + 2) / 2.0 / 2}, errors, EPS);
    }

    @Test
    void aCandidateFollowingTheLevelFasterWinsOneStepAheadAndCanStillLoseOverTheHorizon() {
        CandidateForecasts recent = new CandidateForecasts(2, 4, 10);
        recent.tracks("s", 10);
        // The own candidate is 1 off at every step; the fast one exact one step ahead, 4 off further out.
        for (long origin = 0; origin < 4; origin++) {
            recent.remember("s", origin, new double[][] {{11, 11, 11, 11}, {10, 14, 14, 14}});
        }
        double[] errors = new double[2];
        assertTrue(recent.errors("s", 4, 10, 1, errors));
        assertEquals((1 + 1) / 2.0, errors[0], EPS);
        assertEquals((0 + 3) / 2.0, errors[1], EPS, "one step exact, (0 + 4 + 4 + 4) / 4 over the horizon");
    }

    @Test
    void withoutTheOneStepForecastOrForAnotherSeriesThereIsNothingToScore() {
        CandidateForecasts recent = new CandidateForecasts(1, 3, 10);
        recent.tracks("s", 10);
        recent.remember("s", 5, new double[][] {{1, 2, 3}});
        double[] errors = {42};
        assertFalse(recent.errors("s", 7, 2, 1, errors), "no forecast from origin 6");
        assertFalse(recent.errors("other", 6, 2, 1, errors), "never seen");
        assertFalse(recent.errors("s", 6, 2, 0, errors), "no usable scale");
        assertEquals(42, errors[0], "nothing written");
        assertTrue(recent.errors("s", 6, 2, 1, errors));
    }

    @Test
    void anOriginAHorizonOldIsReplacedAndNoLongerScored() {
        CandidateForecasts recent = new CandidateForecasts(1, 2, 10);
        recent.tracks("s", 10);
        recent.remember("s", 0, new double[][] {{100, 100}});
        recent.remember("s", 1, new double[][] {{100, 100}});
        recent.remember("s", 2, new double[][] {{10, 100}}); // takes origin 0's slot
        double[] errors = new double[1];
        assertTrue(recent.errors("s", 3, 10, 1, errors));
        // Origin 2 step 1 (exact) and origin 1 step 2 (90 off); origin 0 is gone.
        assertEquals((0 + 45) / 2.0, errors[0], EPS);
    }

    @Test
    void theSampleIsBoundedInSeriesAndInBytes() {
        CandidateForecasts recent = new CandidateForecasts(3, 12, 2);
        assertTrue(recent.tracks("a", 10));
        assertTrue(recent.tracks("b", 10));
        assertFalse(recent.tracks("c", 10), "full");
        assertTrue(recent.tracks("a", 10), "members stay");
        assertEquals(2, recent.tracked());
        assertEquals(CandidateForecasts.MAX_SERIES, CandidateForecasts.seriesFor(3, 12));
        // Hourly series with a two-day horizon: 4 x 3 x 48 x 48 bytes each, within 2 MB.
        assertEquals(75, CandidateForecasts.seriesFor(3, 48));
        assertEquals(CandidateForecasts.MIN_SERIES, CandidateForecasts.seriesFor(3, 500));
    }

    @Test
    void aMemberUnseenForTwoRoundsOfTheTasksSeriesGivesItsPlaceToANewSeries() {
        CandidateForecasts recent = new CandidateForecasts(1, 2, 2);
        assertTrue(recent.tracks("a", 10));
        assertTrue(recent.tracks("b", 10));
        // "a" and "b" stop; 19 observations of series outside the sample arrive (a round is 10 series).
        for (int i = 0; i < 19; i++) {
            assertFalse(recent.tracks("x" + i, 10), "a was seen " + (i + 2) + " observations ago");
        }
        assertTrue(recent.tracks("new", 10), "a missed two rounds: its place is taken");
        assertTrue(recent.contains("b"), "b was seen after a: it stays until the next newcomer");
        assertFalse(recent.contains("a"));
        assertEquals(2, recent.tracked());
    }
}
