package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every horizon step trains in exactly one stage, at most about twice its step after the origin. */
class TargetStagesTest {

    private static int[] ends(TargetStages stages) {
        int[] ends = new int[stages.count()];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = stages.end(i);
        }
        return ends;
    }

    @Test
    void doublingStagesEndAtPowersOfTwoThenTheHorizon() {
        assertArrayEquals(new int[] {1, 2, 4, 8, 12}, ends(TargetStages.doubling(12)));
        assertArrayEquals(new int[] {1, 2, 4, 8, 16, 24}, ends(TargetStages.doubling(24)));
        assertArrayEquals(new int[] {1, 2, 4, 8}, ends(TargetStages.doubling(8)));
        assertArrayEquals(new int[] {1}, ends(TargetStages.doubling(1)));
        assertArrayEquals(new int[] {12}, ends(TargetStages.none(12)));
    }

    @Test
    void everyStepIsInExactlyOneStageThatEndsSoonAfterIt() {
        for (int horizon = 1; horizon <= 48; horizon++) {
            TargetStages stages = TargetStages.doubling(horizon);
            int[] covered = new int[horizon];
            for (int i = 0; i < stages.count(); i++) {
                assertTrue(stages.start(i) < stages.end(i), "no empty stage");
                for (int h = stages.start(i); h < stages.end(i); h++) {
                    covered[h]++;
                    int step = h + 1;
                    assertTrue(
                            stages.end(i) <= 2 * step,
                            "step " + step + " of " + horizon + " waits until " + stages.end(i)
                                    + " steps after its origin");
                }
            }
            for (int h = 0; h < horizon; h++) {
                assertEquals(1, covered[h], "step " + (h + 1) + " of horizon " + horizon);
            }
        }
    }
}
