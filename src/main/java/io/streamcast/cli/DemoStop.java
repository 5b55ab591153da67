package io.streamcast.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When the demo stops: after {@code --seconds}, or on Ctrl-C, whose shutdown hook then waits up to
 * 30 s for the demo to close its broker and service and delete its temporary directory (without
 * the wait the JVM would halt in the middle and leave the directory behind).
 */
final class DemoStop {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final long deadline;

    private DemoStop(long deadline) {
        this.deadline = deadline;
    }

    /** Stops after {@code seconds} (0: only on Ctrl-C); registers the Ctrl-C hook. */
    static DemoStop after(long seconds) {
        DemoStop stop =
                new DemoStop(seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.running.set(false);
            try {
                stop.stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }));
        return stop;
    }

    /** Until Ctrl-C or {@link #finish}. */
    boolean running() {
        return running.get();
    }

    /** Until Ctrl-C, {@link #finish} or the deadline. */
    boolean going() {
        return running.get() && System.nanoTime() < deadline;
    }

    /** Sleeps until Ctrl-C or the deadline. */
    void await() throws InterruptedException {
        while (going()) {
            Thread.sleep(200);
        }
    }

    /** Tells what still runs (the forecast printer) to stop. */
    void finish() {
        running.set(false);
    }

    /** Everything is closed and deleted: a waiting Ctrl-C hook may let the JVM go. */
    void closed() {
        stopped.countDown();
    }
}
