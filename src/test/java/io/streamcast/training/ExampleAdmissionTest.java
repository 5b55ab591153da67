package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/**
 * The stream thread builds every example while its trainer keeps up and about as many as the
 * trainer takes once it does not. Simulated as {@link AsyncTrainer} hands over: a bounded inbox
 * that drops its oldest when full, a trainer taking a fixed number per hand-over interval.
 */
class ExampleAdmissionTest {
    private static final int INBOX = 512;

    /** An inbox and its trainer, driven interval by interval; counts what the stream built and what reached the trainer. */
    private static final class Simulation {
        final ExampleAdmission admission = new ExampleAdmission();
        final ArrayDeque<Integer> inbox = new ArrayDeque<>();
        long built;
        long taken;
        long skipped;
        long dropped;
        int next;

        /** One interval: {@code candidates} examples offered, then the trainer takes up to {@code takes}. */
        void interval(int candidates, int takes) {
            int freeBefore = INBOX - inbox.size();
            for (int i = 0; i < candidates; i++) {
                if (admission.admit()) {
                    built++;
                    if (inbox.size() == INBOX) {
                        inbox.poll();
                        dropped++;
                    }
                    inbox.add(next++);
                } else {
                    next++;
                }
            }
            skipped += admission.handedOver(freeBefore, INBOX - inbox.size());
            for (int i = 0; i < takes && !inbox.isEmpty(); i++) {
                inbox.poll();
                taken++;
            }
        }
    }

    @Test
    void aTrainerThatKeepsUpGetsEveryExample() {
        Simulation sim = new Simulation();
        for (int i = 0; i < 1000; i++) {
            sim.interval(100, 100);
        }
        assertEquals(100_000, sim.built);
        assertEquals(100_000, sim.taken);
        assertEquals(0, sim.skipped);
        assertEquals(1.0, sim.admission.share());
    }

    @Test
    void aHeldTrainerCostsTheStreamAFewExamplesAndTheInboxStillTurnsOver() {
        Simulation sim = new Simulation();
        for (int i = 0; i < 1000; i++) {
            sim.interval(800, 0);
        }
        assertEquals(ExampleAdmission.MIN_SHARE, sim.admission.share());
        long candidates = 800_000;
        // The inbox's fill plus the least share of the rest.
        assertTrue(sim.built < INBOX + 2 * ExampleAdmission.MIN_SHARE * candidates, "built " + sim.built);
        assertEquals(candidates - sim.built, sim.skipped, "every candidate not built is counted");
        // What waits for the trainer is recent: the last 512 built span at most a few intervals' worth of the least
        // share.
        int oldest = sim.inbox.peek();
        assertTrue(
                sim.next - oldest <= INBOX / ExampleAdmission.MIN_SHARE + 800, "oldest waiting " + (sim.next - oldest));
    }

    @Test
    void aSlowTrainerGetsAboutWhatItTakesSpreadOverTheInterval() {
        Simulation sim = new Simulation();
        for (int i = 0; i < 2000; i++) {
            sim.interval(800, 40);
        }
        long lastBuilt = sim.built;
        long lastTaken = sim.taken;
        for (int i = 0; i < 1000; i++) {
            sim.interval(800, 40);
        }
        long built = sim.built - lastBuilt;
        long taken = sim.taken - lastTaken;
        assertEquals(40_000, taken, "the trainer never starves");
        // Built within a few percent of what it takes: at 800 candidates per interval, 5% of them are built, not all.
        assertTrue(built >= taken && built <= 1.1 * taken, "built " + built + " for " + taken + " taken");
        assertEquals(0.05, sim.admission.share(), 0.005);
    }

    @Test
    void aReleasedTrainerGetsEveryExampleAgain() {
        Simulation sim = new Simulation();
        for (int i = 0; i < 200; i++) {
            sim.interval(800, 0);
        }
        for (int i = 0; i < 200; i++) {
            sim.interval(100, 1000);
        }
        assertEquals(1.0, sim.admission.share());
        long built = sim.built;
        sim.interval(100, 1000);
        assertEquals(built + 100, sim.built);
    }
}
