package io.streamcast.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    /** Whether the input topic exists when the handler asks. */
    private boolean inputExists = false;

    private final StreamThreadFailures failures =
            new StreamThreadFailures("hourly", "observations", grace -> inputExists, now::get);

    @Test
    void aFailureThatKeepsComingBackStopsTheTopologyInsteadOfLooping() {
        StreamsException tooLarge =
                new StreamsException("send failed", new RecordTooLargeException("the record is 2000000 bytes"));
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, failures.handle(tooLarge));
        now.addAndGet(1000);
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, failures.handle(tooLarge));
        assertNull(failures.stopReason(), "still running");
        now.addAndGet(1000);
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, failures.handle(tooLarge));
        assertTrue(
                failures.stopReason().contains("RecordTooLargeException: the record is 2000000 bytes"),
                failures.stopReason());
    }

    @Test
    void failuresFarApartEachGetAFreshThread() {
        for (int i = 0; i < 10; i++) {
            assertEquals(
                    StreamThreadExceptionResponse.REPLACE_THREAD,
                    failures.handle(new IllegalStateException("blip " + i)));
            now.addAndGet(StreamThreadFailures.WINDOW.toMillis() / 2 + 1);
        }
        assertNull(failures.stopReason());
    }

    @Test
    void aMissingInputTopicStopsAtOnceAndSaysWhatToDo() {
        StreamsException e = new StreamsException(
                new MissingSourceTopicException("One or more source topics were missing during rebalance"));
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, failures.handle(e));
        assertTrue(failures.stopReason().contains("create 'observations'"), failures.stopReason());
    }

    /**
     * A broker that has just restarted can answer a rebalance before it knows its topics again:
     * the topic is there when asked, so the thread is replaced (and counted, so a rebalance that
     * keeps failing still stops the topology).
     */
    @Test
    void anInputTopicMissingOnlyForAMomentGetsAFreshThread() {
        inputExists = true;
        StreamsException e = new StreamsException(
                new MissingSourceTopicException("One or more source topics were missing during rebalance"));
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, failures.handle(e));
        assertNull(failures.stopReason(), "still running");
        now.addAndGet(1000);
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, failures.handle(e));
        now.addAndGet(1000);
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, failures.handle(e));
        assertTrue(failures.stopReason().contains("MissingSourceTopicException"), failures.stopReason());
    }

    @Test
    void aFailedGlobalThreadStopsTheTopologyWithItsReasonInsteadOfPromisingANewThread() throws Exception {
        StreamThreadExceptionResponse[] response = new StreamThreadExceptionResponse[1];
        Thread global = new Thread(
                () -> response[0] = failures.handle(new StreamsException(
                        "Error happened while maintaining global state store",
                        new IllegalStateException("store closed"))),
                "hourly-hourly" + StreamThreadFailures.GLOBAL_THREAD_SUFFIX);
        global.start();
        global.join();
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, response[0]);
        assertTrue(failures.stopReason().contains("global thread"), failures.stopReason());
        assertTrue(failures.stopReason().contains("IllegalStateException: store closed"), failures.stopReason());
    }
}
