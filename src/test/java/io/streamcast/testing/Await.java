package io.streamcast.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Polls a condition until it holds: for state in other processes, which offer nothing to block on. */
public final class Await {
    private static final long POLL_MILLIS = 200;

    private Await() {}

    /**
     * Returns once {@code condition} holds; fails after {@code timeout} with {@code what} and
     * {@code diagnostics}. A condition that throws counts as not holding yet (a peer still starting).
     */
    public static void until(String what, Duration timeout, Callable<Boolean> condition, Supplier<String> diagnostics)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting until " + what
                        + (last == null ? "" : " (last error: " + last + ")") + "\n" + diagnostics.get());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
