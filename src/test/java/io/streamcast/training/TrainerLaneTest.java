package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.DoubleAdder;
import org.junit.jupiter.api.Test;

/**
 * The tasks of a topology train on one shared trainer thread ({@link TrainerPool}, one thread by
 * default), each in its own {@link TrainerLane}: every task gets its turn, one task's work runs in
 * the order it was handed in, and closing one task's trainer neither waits for nor disturbs the
 * others'. Real threads, held and released with latches; the waits only guard against a hang.
 */
class TrainerLaneTest {
    private static final long GUARD_SECONDS = 30;

    /** An item that holds the pool's one thread until {@code release} opens, saying when it started. */
    private static Runnable holding(CountDownLatch started, CountDownLatch release) {
        return () -> {
            started.countDown();
            try {
                release.await(GUARD_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void tasksWithWorkTakeTurnsOnTheSharedThreadEachInItsOwnOrder() throws Exception {
        TrainerPool pool = new TrainerPool("turns", 1);
        TrainerLane busy = pool.lane("busy", seconds -> {});
        TrainerLane a = pool.lane("a", seconds -> {});
        TrainerLane b = pool.lane("b", seconds -> {});
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        busy.execute(holding(started, release));
        assertTrue(started.await(GUARD_SECONDS, TimeUnit.SECONDS));

        // Task a hands in three steps before task b hands in any: a must not run all three first.
        List<String> ran = new CopyOnWriteArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String n = Integer.toString(i);
            a.execute(() -> ran.add("a" + n));
        }
        for (int i = 1; i <= 3; i++) {
            String n = Integer.toString(i);
            b.execute(() -> ran.add("b" + n));
        }
        release.countDown();
        a.awaitIdle();
        b.awaitIdle();

        assertEquals(List.of("a1", "b1", "a2", "b2", "a3", "b3"), ran, "one turn each, in each task's order");
    }

    @Test
    void aTasksItemsRunOneAtATimeEvenOnSeveralThreads() throws Exception {
        TrainerPool pool = new TrainerPool("serial", 4);
        TrainerLane lane = pool.lane("one", seconds -> {});
        AtomicBoolean inside = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        List<Integer> ran = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            lane.execute(() -> {
                if (!inside.compareAndSet(false, true)) {
                    overlapped.set(true);
                }
                ran.add(n);
                Thread.onSpinWait();
                inside.set(false);
            });
        }
        lane.awaitIdle();

        assertFalse(overlapped.get(), "no two items of one task ran at once");
        assertEquals(50, ran.size());
        for (int i = 0; i < 50; i++) {
            assertEquals(i, ran.get(i), "items ran in the order handed in");
        }
    }

    @Test
    void closingOneTasksTrainerDoesNotWaitForOrStopTheOthers() throws Exception {
        TrainerPool pool = new TrainerPool("close", 1);
        TrainerLane other = pool.lane("other", seconds -> {});
        TrainerLane closing = pool.lane("closing", seconds -> {});
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        other.execute(holding(started, release));
        assertTrue(started.await(GUARD_SECONDS, TimeUnit.SECONDS));
        AtomicBoolean closedRan = new AtomicBoolean();
        closing.execute(() -> closedRan.set(true));
        AtomicBoolean otherRanOn = new AtomicBoolean();
        other.execute(() -> otherRanOn.set(true));

        // The closing task's step waits behind the other's, which is in flight on the only thread
        // and cannot end before the release below: close returning at all shows it did not wait for it.
        assertTrue(closing.close(TimeUnit.SECONDS.toMillis(GUARD_SECONDS)), "nothing of the closed task was running");
        assertTrue(closing.isTerminated());
        assertFalse(otherRanOn.get(), "the other task's step was still in flight when close returned");

        release.countDown();
        other.awaitIdle();
        assertTrue(otherRanOn.get(), "the other task went on training");
        assertFalse(closedRan.get(), "the closed task's waiting step was dropped");
        closing.execute(() -> closedRan.set(true));
        other.execute(() -> {});
        other.awaitIdle();
        assertFalse(closedRan.get(), "nothing handed to a closed task runs");
    }

    @Test
    void aStepStillRunningAfterTheWaitIsInterruptedAndTheInterruptStaysWithIt() throws Exception {
        TrainerPool pool = new TrainerPool("interrupt", 1);
        TrainerLane closing = pool.lane("closing", seconds -> {});
        TrainerLane next = pool.lane("next", seconds -> {});
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicBoolean sawInterrupt = new AtomicBoolean();
        // A step that does not stop when interrupted (as a long ND4J op would not): it only notes it.
        closing.execute(() -> {
            started.countDown();
            try {
                while (!finish.await(10, TimeUnit.MILLISECONDS)) {
                    sawInterrupt.compareAndSet(false, Thread.currentThread().isInterrupted());
                }
            } catch (InterruptedException e) {
                sawInterrupt.set(true);
                try {
                    finish.await(GUARD_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException again) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        assertTrue(started.await(GUARD_SECONDS, TimeUnit.SECONDS));
        AtomicBoolean nextInterrupted = new AtomicBoolean(true);
        next.execute(() -> nextInterrupted.set(Thread.currentThread().isInterrupted()));

        assertFalse(closing.close(50), "the step was still running after the wait");
        assertFalse(closing.isTerminated(), "... and has not ended yet");
        finish.countDown();
        next.awaitIdle();

        assertTrue(sawInterrupt.get(), "the step in flight was interrupted");
        assertTrue(closing.isTerminated(), "it then ended");
        assertFalse(nextInterrupted.get(), "the next task's step on the same thread was not interrupted");
    }

    /** What an operator reads to decide {@code training.threads}: how long a task's turn waited for a thread. */
    @Test
    void aTurnThatWaitsBehindAnotherTasksStepReportsItsWait() throws Exception {
        TrainerPool pool = new TrainerPool("wait", 1);
        TrainerLane busy = pool.lane("busy", seconds -> {});
        DoubleAdder waited = new DoubleAdder();
        TrainerLane queued = pool.lane("queued", waited::add);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        busy.execute(holding(started, release));
        assertTrue(started.await(GUARD_SECONDS, TimeUnit.SECONDS));
        long before = System.nanoTime();
        queued.execute(() -> {});
        // The queued turn cannot start before the busy step is released, a quarter second on at least.
        TimeUnit.MILLISECONDS.sleep(250);
        release.countDown();
        queued.awaitIdle();
        double elapsed = (System.nanoTime() - before) / 1e9;

        assertTrue(waited.sum() >= 0.25, "waited " + waited.sum() + " s");
        assertTrue(waited.sum() <= elapsed, "no more than it was queued: " + waited.sum() + " of " + elapsed + " s");
    }

    @Test
    void theSharedThreadsAreTrainersAtTheLowestPriority() throws Exception {
        TrainerPool pool = new TrainerPool("named", 1);
        TrainerLane lane = pool.lane("one", seconds -> {});
        List<String> names = new CopyOnWriteArrayList<>();
        List<Integer> nice = new CopyOnWriteArrayList<>();
        AtomicBoolean daemon = new AtomicBoolean();
        lane.execute(() -> {
            names.add(Thread.currentThread().getName());
            nice.add(TrainerPriority.currentNice());
            daemon.set(Thread.currentThread().isDaemon());
        });
        lane.awaitIdle();

        assertTrue(names.get(0).startsWith("streamcast-train-named-"), names.get(0));
        assertEquals(List.of(TrainerPriority.BACKGROUND_NICE), nice, "niced, so forecasting runs first");
        assertTrue(daemon.get(), "a trainer never keeps the JVM alive");
    }
}
