package io.streamcast.service;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a topology does when a stream thread dies: a passing failure (a broker hiccup the client
 * gave up on, a rebalance gone wrong) gets a fresh thread; a failure that keeps coming back (a
 * record the broker refuses every time, a store that cannot be written) stops the topology with
 * one error line instead of replacing threads forever. A missing input topic stops it at once (no
 * new thread can create it) unless the topic turns out to exist after all: a broker that has just
 * restarted can answer a rebalance before it knows its topics again, and the subtopology that reads
 * the input is the one that forecasts, so Kafka Streams cannot leave it out until the next
 * rebalance; that failure gets a fresh thread like any passing one. So does a failure of the global thread (the one that reads the
 * model commands into every instance): Kafka Streams cannot replace that thread and shuts the
 * client down whatever the handler answers, so the handler says so instead of announcing a new
 * thread, and {@code /health} and {@code /ready} give the reason.
 */
final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);
    /** Failures within {@link #WINDOW} after which the topology stops. */
    static final int MAX_FAILURES = 3;

    static final Duration WINDOW = Duration.ofMinutes(5);
    static final String MISSING_TOPIC = "an input topic does not exist";
    /** What Kafka Streams names its global thread ({@code <client id>-GlobalStreamThread}). */
    static final String GLOBAL_THREAD_SUFFIX = "-GlobalStreamThread";

    /** How long a missing input topic may take to reappear before the topology stops. */
    static final Duration MISSING_INPUT_GRACE = Duration.ofSeconds(15);

    /** Whether the input topic exists, asked again until it does or the grace runs out. */
    @FunctionalInterface
    interface InputTopicCheck {
        boolean existsWithin(Duration grace);
    }

    private final String topology;
    private final String input;
    private final InputTopicCheck inputCheck;
    private final LongSupplier clockMillis;
    private final Deque<Long> recent = new ArrayDeque<>();
    private volatile String stopReason;

    StreamThreadFailures(String topology, String input, InputTopicCheck inputCheck) {
        this(topology, input, inputCheck, System::currentTimeMillis);
    }

    StreamThreadFailures(String topology, String input, InputTopicCheck inputCheck, LongSupplier clockMillis) {
        this.topology = topology;
        this.input = input;
        this.inputCheck = inputCheck;
        this.clockMillis = clockMillis;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable failure) {
        MissingSourceTopicException missing = causeOfType(failure, MissingSourceTopicException.class);
        if (missing != null && !inputCheck.existsWithin(MISSING_INPUT_GRACE)) {
            return stop(
                    MISSING_TOPIC + " (" + missing.getMessage() + "); create '" + input
                            + "' (the topology's input), then start again",
                    failure);
        }
        // The handler runs on the thread that failed.
        if (Thread.currentThread().getName().endsWith(GLOBAL_THREAD_SUFFIX)) {
            return stop(
                    "its global thread (which reads the model commands) failed, and Kafka Streams cannot"
                            + " replace it: " + oneLine(failure) + "; restart the service",
                    failure);
        }
        long now = clockMillis.getAsLong();
        recent.addLast(now);
        while (!recent.isEmpty() && recent.peekFirst() < now - WINDOW.toMillis()) {
            recent.removeFirst();
        }
        if (recent.size() >= MAX_FAILURES) {
            return stop(
                    "its stream thread failed " + recent.size() + " times within " + WINDOW.toMinutes()
                            + " minutes; last: " + oneLine(failure),
                    failure);
        }
        LOG.error(
                "topology {}: stream thread failed ({} of {} allowed within {} minutes), starting a new one: {}",
                topology,
                recent.size(),
                MAX_FAILURES - 1,
                WINDOW.toMinutes(),
                oneLine(failure),
                failure);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Why the topology stopped, or null while it runs. */
    String stopReason() {
        return stopReason;
    }

    private StreamThreadExceptionResponse stop(String why, Throwable failure) {
        stopReason = why;
        LOG.debug("topology {} stopping", topology, failure);
        LOG.error("topology {} stopped: {}", topology, why);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    private static String oneLine(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null
                ? ""
                : ": " + root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + message;
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
