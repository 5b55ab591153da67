package io.streamcast.training;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;

/**
 * One task's training work on the topology's shared {@link TrainerPool}: run one at a time and in
 * the order handed in (a rollback's reset before the steps after it), each item a turn of its own.
 *
 * <p>Fairness: a lane has at most one item in the pool's queue at a time; when it finishes and more
 * wait, the lane goes to the back of that queue, so every task with work gets a turn before any
 * gets a second. A task whose series complete many examples cannot starve the others' learning.
 *
 * <p>{@link #close} stops one task's work without touching the others': whatever waits in the lane
 * is dropped, an item in flight may finish (then is interrupted), and the pool's threads go on
 * with the other lanes. An interrupt meant for this lane's item never reaches the next item the
 * same thread runs.
 */
final class TrainerLane implements Executor {
    private final String name;
    private final Executor pool;
    /** Told how long, in seconds, each turn waited in the pool's queue for a thread. */
    private final DoubleConsumer waitedForThread;

    // Guarded by this.
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    /** An item of this lane is in the pool's queue or running. */
    private boolean inPool;
    /** The thread running this lane's item, or null. */
    private Thread running;
    /** When the lane's turn last went into the pool's queue ({@link System#nanoTime}). */
    private long queuedAt;

    private boolean closed;

    TrainerLane(String name, Executor pool, DoubleConsumer waitedForThread) {
        this.name = name;
        this.pool = pool;
        this.waitedForThread = waitedForThread;
    }

    /** The name the lane's log lines carry. */
    String name() {
        return name;
    }

    /** Queues {@code work} behind the lane's earlier items; dropped once the lane is closed. */
    @Override
    public synchronized void execute(Runnable work) {
        if (closed) {
            return;
        }
        waiting.add(work);
        if (!inPool) {
            inPool = true;
            queueTurn();
        }
    }

    /** Whether {@link #close} was called. */
    synchronized boolean isClosed() {
        return closed;
    }

    /** Closed, and no item of the lane is running (none will: what waited was dropped). */
    synchronized boolean isTerminated() {
        return closed && running == null;
    }

    /**
     * Drops what waits, lets an item in flight finish for up to {@code waitMillis}, then interrupts
     * it; returns whether the lane had stopped within the wait. Never waits for the other lanes: a
     * turn of this lane still in the pool's queue behind them finds nothing to run.
     */
    boolean close(long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        synchronized (this) {
            closed = true;
            waiting.clear();
            long left;
            while (running != null && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (running != null) {
                running.interrupt();
                return false;
            }
            return true;
        }
    }

    /** Waits until every item handed in so far has run (tests; a trainer's own re-queued steps included). */
    void awaitIdle() throws InterruptedException {
        synchronized (this) {
            while (inPool) {
                wait();
            }
        }
    }

    private void queueTurn() {
        queuedAt = System.nanoTime();
        pool.execute(this::runNext);
    }

    private void runNext() {
        Runnable work;
        long waited;
        synchronized (this) {
            work = waiting.poll();
            if (work == null) {
                idle();
                return;
            }
            running = Thread.currentThread();
            waited = System.nanoTime() - queuedAt;
        }
        waitedForThread.accept(waited / 1e9);
        try {
            work.run();
        } finally {
            synchronized (this) {
                running = null;
                // close() interrupts only while this lane's item runs: the pool thread's next item is another's.
                Thread.interrupted();
                if (waiting.isEmpty()) {
                    idle();
                } else {
                    // To the back of the pool's queue: the other lanes waiting there go first.
                    queueTurn();
                }
                notifyAll();
            }
        }
    }

    private void idle() {
        inPool = false;
        notifyAll();
    }
}
