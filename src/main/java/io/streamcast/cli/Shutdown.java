package io.streamcast.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a long-running command ({@code run}, {@code broker}) stops: Ctrl-C (or SIGTERM) asks it to,
 * and the signal's shutdown hook then waits until the command has closed what it runs and printed
 * its closing line. Without the wait the JVM halts as soon as the hooks return, in the middle of
 * the closing, and the user never learns whether it went cleanly.
 */
final class Shutdown implements AutoCloseable {
    /** Longest a signal waits for the command to finish closing (Kafka Streams takes up to 30 s per topology). */
    private static final Duration GRACE = Duration.ofSeconds(90);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private Shutdown() {
        hook = new Thread(
                () -> {
                    requested.countDown();
                    try {
                        finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "streamcast-shutdown");
    }

    /** Registers the hook: from now on Ctrl-C requests the stop. */
    static Shutdown onSignal() {
        Shutdown shutdown = new Shutdown();
        Runtime.getRuntime().addShutdownHook(shutdown.hook);
        return shutdown;
    }

    /** Asks for the stop as a signal would. */
    void request() {
        requested.countDown();
    }

    /** Waits until the stop is requested. */
    void await() throws InterruptedException {
        requested.await();
    }

    /** Waits up to {@code timeout}; true once the stop is requested. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The command is done (its closing line printed): lets a waiting signal go on, and drops the hook when no signal came. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running, and returns now.
        }
    }
}
