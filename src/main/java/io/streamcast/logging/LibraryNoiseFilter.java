package io.streamcast.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Drops the warnings Kafka, its embedded broker and ND4J print on every start or stop that no user
 * can act on (issue 14: they filled the first screen of {@code demo} and {@code run} before the
 * first forecast). Each rule is one logger and one piece of its message, so anything else those
 * loggers say at WARN or ERROR still shows. Installed by {@code logback.xml}.
 */
public final class LibraryNoiseFilter extends TurboFilter {

    /** A warning from {@code logger} (or a logger below it) whose message contains {@code text}. */
    record Rule(String logger, String text) {
        boolean covers(String loggerName) {
            return loggerName.equals(logger) || loggerName.startsWith(logger + ".");
        }
    }

    static final List<Rule> RULES = List.of(
            // ND4J registers two Java classes for a few TensorFlow op names; TF import is never used here.
            new Rule("org.nd4j.imports.converters.ImportClassMapping", "Duplicate TF op mapping"),
            // A consumer's partitions moved between a fetch and its answer: the next fetch asks again.
            new Rule("org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils", "as it is no longer assigned"),
            // Topics (repartition, changelog, an auto-created output) not yet in the metadata at start; retried.
            new Rule("org.apache.kafka.clients.NetworkClient", "reported a recoverable issue"),
            // The embedded broker's controller channel closes its client twice on shutdown.
            new Rule(
                    "org.apache.kafka.clients.NetworkClient",
                    "Attempting to close NetworkClient that has already been closed"),
            // Advice to the developer of a topology with a global store (ours: the commands topic), once per client.
            new Rule(
                    "org.apache.kafka.streams.StreamsConfig",
                    "Processing exception handler is not enabled for the GlobalThread"),
            // Two producers asked the embedded broker for the transaction log at once; it exists.
            new Rule("kafka.server.DefaultAutoTopicCreationManager", "TOPIC_ALREADY_EXISTS"),
            // The demo keeps its state in a temporary directory on purpose and deletes it on exit.
            // (A state.dir under /tmp that `run` was given still warns: that one is the user's to move.)
            new Rule("org.apache.kafka.streams.processor.internals.StateDirectory", "streamcast-demo"));

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        // Only WARN is noise: errors always show, and lower levels are off for these loggers anyway.
        if (level != Level.WARN || format == null || logger == null) {
            return FilterReply.NEUTRAL;
        }
        String message = null;
        for (Rule rule : RULES) {
            if (rule.covers(logger.getName())) {
                if (message == null) {
                    // Formatted, since a rule may match a parameter (a path); only for these few loggers' warnings.
                    message = params == null
                            ? format
                            : MessageFormatter.arrayFormat(format, params).getMessage();
                }
                if (message.contains(rule.text())) {
                    return FilterReply.DENY;
                }
            }
        }
        return FilterReply.NEUTRAL;
    }
}
