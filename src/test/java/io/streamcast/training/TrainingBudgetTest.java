package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrainingBudgetTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(1_000_000 * MS);

    @Test
    void anIdleTopologyTrainsAtOnceUpToTheBurst() {
        TrainingBudget budget = new TrainingBudget(0.5, 1000 * MS, now::get);
        now.addAndGet(400 * MS);
        assertEquals(0, budget.charge(400 * MS));
        now.addAndGet(400 * MS);
        assertEquals(0, budget.charge(400 * MS));
        // 1,200 ms of work at half a core costs 2,400 ms: 1,000 ms saved and 1,200 ms passed leave 200 ms to wait.
        now.addAndGet(400 * MS);
        assertEquals(200 * MS, budget.charge(400 * MS));
    }

    @Test
    void aBusyTrainerIsHeldToItsShareOfWallClockTime() {
        TrainingBudget budget = new TrainingBudget(0.25, 1000 * MS, now::get);
        long start = now.get();
        long busy = 0;
        for (int step = 0; step < 1000; step++) {
            now.addAndGet(50 * MS);
            busy += 50 * MS;
            now.addAndGet(budget.charge(50 * MS));
        }
        double share = (double) busy / (now.get() - start);
        // Only the burst (1 s in 200 s of wall clock) lifts the share above 0.25.
        assertTrue(share > 0.25 && share < 0.252, "share " + share);
    }

    @Test
    void trainersOfOneTopologyShareTheBudget() {
        TrainingBudget budget = new TrainingBudget(1.0, 0, now::get);
        // Two trainers finish 100 ms steps at the same moment on two cores: 200 ms of work in 100 ms.
        now.addAndGet(100 * MS);
        long first = budget.charge(100 * MS);
        long second = budget.charge(100 * MS);
        assertEquals(0, first);
        assertEquals(100 * MS, second);
    }

    @Test
    void idleTimeBeyondTheBurstIsNotSavedUp() {
        TrainingBudget budget = new TrainingBudget(0.5, 1000 * MS, now::get);
        now.addAndGet(3_600_000 * MS);
        now.addAndGet(1000 * MS);
        // An hour idle still allows only the burst: 1 s of work at half a core costs 2 s, 1 s saved, 1 s passed.
        assertEquals(0, budget.charge(1000 * MS));
        now.addAndGet(100 * MS);
        assertEquals(100 * MS, budget.charge(100 * MS));
    }

    @Test
    void aShareMustBePositiveAndFinite() {
        assertThrows(IllegalArgumentException.class, () -> new TrainingBudget(0, 0, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TrainingBudget(Double.NaN, 0, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TrainingBudget(Double.POSITIVE_INFINITY, 0, now::get));
    }
}
