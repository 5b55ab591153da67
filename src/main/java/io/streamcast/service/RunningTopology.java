package io.streamcast.service;

import io.streamcast.config.TopologySpec;
import io.streamcast.metrics.TopologyMetrics;
import java.time.Duration;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One topology as the service runs it: its Kafka Streams application, its meters, and the Kafka
 * Streams client meters bound to the same registry.
 */
public record RunningTopology(
        TopologySpec spec, KafkaStreams streams, TopologyMetrics metrics, AutoCloseable streamsMetrics) {
    private static final Logger LOG = LoggerFactory.getLogger(RunningTopology.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** The name of its topology. */
    public String name() {
        return spec.name;
    }

    /** Whether its Kafka Streams application is in {@code state}. */
    boolean is(KafkaStreams.State state) {
        return streams.state() == state;
    }

    /**
     * Stops it and removes its meters; returns whether its stream threads stopped within 30 s
     * (otherwise its state may need restoring at the next start).
     */
    boolean close() {
        // Leave the group at once so a replacement instance gets the partitions without waiting out the session
        // timeout.
        boolean stopped =
                streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(CLOSE_TIMEOUT));
        try {
            streamsMetrics.close();
        } catch (Exception e) {
            LOG.debug("closing Kafka Streams metrics", e);
        }
        metrics.close();
        return stopped;
    }
}
