package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The adaptive base serves the constants whose recent one-step errors are lowest over the task's
 * series, remembers about as many steps as asked whatever the number of series, and keeps its
 * choice across a restart.
 */
class BaseSelectorTest {
    @Test
    void theTopologysOwnConstantsServeUntilSomethingIsObserved() {
        assertEquals(0, new BaseSelector(3, 24).chosen());
    }

    @Test
    void theCandidateWithTheLowestRecentErrorsServes() {
        BaseSelector selector = new BaseSelector(3, 24);
        for (int i = 0; i < 100; i++) {
            selector.observe(new double[] {1.0, 1.2, 1.5}, 1);
        }
        assertEquals(0, selector.chosen(), "the own constants err least");
        // A break: the own constants now err three times as much as the fast alternative.
        for (int i = 0; i < 30; i++) {
            selector.observe(new double[] {3.0, 1.0, 1.4}, 1);
        }
        assertEquals(1, selector.chosen());
    }

    /**
     * Memory is in steps of each series: 10 series take ten times the observations to move the
     * choice that one series does, so a fleet's choice is as steady as a single series'.
     */
    @Test
    void memoryIsCountedInStepsPerSeries() {
        assertEquals(stepsToSwitch(1), stepsToSwitch(10));
    }

    /** Steps (one observation per series each) after a break until the alternative serves. */
    private static int stepsToSwitch(int series) {
        BaseSelector selector = new BaseSelector(2, 24);
        for (int i = 0; i < 500 * series; i++) {
            selector.observe(new double[] {1.0, 1.3}, series);
        }
        for (int step = 1; ; step++) {
            for (int s = 0; s < series; s++) {
                selector.observe(new double[] {1.6, 1.0}, series);
            }
            if (selector.chosen() == 1) {
                return step;
            }
        }
    }

    @Test
    void theChoiceSurvivesARestartAndStateOfAnotherShapeIsIgnored() {
        BaseSelector selector = new BaseSelector(3, 24);
        for (int i = 0; i < 50; i++) {
            selector.observe(new double[] {2.0, 1.5, 1.0}, 1);
        }
        assertEquals(2, selector.chosen());
        BaseSelector restarted = new BaseSelector(3, 24);
        restarted.restore(selector.toBytes());
        assertEquals(2, restarted.chosen());
        assertEquals(selector.error(1), restarted.error(1));
        BaseSelector otherList = new BaseSelector(2, 24);
        otherList.restore(selector.toBytes());
        assertEquals(0, otherList.chosen(), "another list of alternatives starts over");
    }

    /** An alternative serves only while it beats the topology's own constants by the margin. */
    @Test
    void anAlternativeMustBeatTheOwnConstantsByTheMargin() {
        BaseSelector selector = new BaseSelector(2, 24, 0.02);
        for (int i = 0; i < 100; i++) {
            selector.observe(new double[] {1.00, 0.99}, 1);
        }
        assertEquals(0, selector.chosen(), "1% better is a tie");
        for (int i = 0; i < 100; i++) {
            selector.observe(new double[] {1.00, 0.95}, 1);
        }
        assertEquals(1, selector.chosen(), "5% better serves");
        BaseSelector restarted = new BaseSelector(2, 24, 0.02);
        restarted.restore(selector.toBytes());
        assertEquals(1, restarted.chosen(), "and still does after a restart");
    }

    @Test
    void nonFiniteErrorsAreIgnored() {
        BaseSelector selector = new BaseSelector(2, 24);
        selector.observe(new double[] {2.0, 1.0}, 1);
        selector.observe(new double[] {Double.NaN, 0.0}, 1);
        assertEquals(1.0, selector.error(1));
    }
}
