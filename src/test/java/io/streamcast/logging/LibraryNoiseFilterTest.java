package io.streamcast.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

/** The filter drops the listed warnings only: other warnings of the same loggers, and every error, still show. */
class LibraryNoiseFilterTest {
    private final LoggerContext context = new LoggerContext();
    private final LibraryNoiseFilter filter = new LibraryNoiseFilter();

    private FilterReply decide(String logger, Level level, String format, Object... params) {
        Logger l = context.getLogger(logger);
        return filter.decide(null, l, level, format, params, null);
    }

    @Test
    void knownNoiseIsDropped() {
        assertEquals(
                FilterReply.DENY,
                decide(
                        "org.nd4j.imports.converters.ImportClassMapping",
                        Level.WARN,
                        "Duplicate TF op mapping found for op {}: {} vs {}",
                        "Pow",
                        "a",
                        "b"));
        assertEquals(
                FilterReply.DENY,
                decide(
                        "org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils",
                        Level.WARN,
                        "[Consumer clientId=c, groupId=null] Not updating high watermark for partition {} as it is no longer assigned",
                        "t-0"));
        assertEquals(
                FilterReply.DENY,
                decide(
                        "org.apache.kafka.clients.NetworkClient",
                        Level.WARN,
                        "[NodeToControllerChannelManager id=1 name=registration] Attempting to close NetworkClient that has already been closed."));
        assertEquals(
                FilterReply.DENY,
                decide(
                        "org.apache.kafka.streams.processor.internals.StateDirectory",
                        Level.WARN,
                        "Using an OS temp directory in the state.dir property can cause failures ... Resolved state.dir: [{}]",
                        "/tmp/streamcast-demo123/state"));
    }

    @Test
    void otherWarningsAndErrorsStillShow() {
        // The same logger, another warning: a broker that does not answer is the user's to fix.
        assertEquals(
                FilterReply.NEUTRAL,
                decide(
                        "org.apache.kafka.clients.NetworkClient",
                        Level.WARN,
                        "[Consumer clientId=c] Connection to node {} could not be established. Node may not be available.",
                        "1"));
        // A state.dir under /tmp the user chose for `run`.
        assertEquals(
                FilterReply.NEUTRAL,
                decide(
                        "org.apache.kafka.streams.processor.internals.StateDirectory",
                        Level.WARN,
                        "Using an OS temp directory in the state.dir property can cause failures ... Resolved state.dir: [{}]",
                        "/tmp/state"));
        // Noise text at ERROR is not noise.
        assertEquals(
                FilterReply.NEUTRAL,
                decide(
                        "org.nd4j.imports.converters.ImportClassMapping",
                        Level.ERROR,
                        "Duplicate TF op mapping found for op {}",
                        "Pow"));
        assertEquals(
                FilterReply.NEUTRAL,
                decide("io.streamcast.service.StreamcastService", Level.WARN, "as it is no longer assigned"));
    }
}
