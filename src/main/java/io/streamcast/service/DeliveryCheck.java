package io.streamcast.service;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Counts the records a producer could not deliver and keeps the first reason, so that a command
 * that feeds a topic fails, in one line, instead of reporting what it never wrote. Kafka's producer
 * drops a record only through its callback: a send without one loses it silently (KAFKA-15591: the
 * first batch to a partition created a moment before can be rejected forever while later batches
 * land, and is expired after {@code delivery.timeout.ms}). Shared by the commands that replay data
 * and the bench's live feed. Thread-safe: callbacks run on the
 * producer's I/O thread.
 */
public final class DeliveryCheck implements Callback {
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> first = new AtomicReference<>();

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception != null) {
            failed.incrementAndGet();
            first.compareAndSet(null, exception);
        }
    }

    public long failed() {
        return failed.get();
    }

    /** Throws when a record sent so far (call after the producer's flush) was not delivered. */
    public void throwIfAnyFailed(String what) {
        long n = failed.get();
        if (n > 0) {
            Exception e = first.get();
            throw new UndeliveredRecordsException(
                    n + " records " + what + " were not delivered (first: "
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    e);
        }
    }

    /** Records a producer gave up on: the environment's problem, reported in one line (exit status 1). */
    public static final class UndeliveredRecordsException extends RuntimeException {
        public UndeliveredRecordsException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
