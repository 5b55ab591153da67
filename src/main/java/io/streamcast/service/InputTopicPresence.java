package io.streamcast.service;

import io.streamcast.config.ServiceConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a topic exists, asked of the cluster until it answers yes or a grace period runs out.
 * For a stream thread that a rebalance failed for a missing input: after a broker restart the
 * topic may be unknown for a moment, and a topology should not stop for that.
 */
final class InputTopicPresence {
    private static final Logger LOG = LoggerFactory.getLogger(InputTopicPresence.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private InputTopicPresence() {}

    /**
     * True once the cluster describes {@code topic}; false when it still does not know it after
     * {@code grace}, or will not say (then the topology stops as for a missing topic, as before).
     */
    static boolean within(ServiceConfig config, String topic, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        try (Admin admin = Admin.create(ClientProperties.client(config))) {
            while (true) {
                try {
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(POLL.toMillis() * 4, TimeUnit.MILLISECONDS);
                    return true;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        LOG.debug("cannot describe {}", topic, e.getCause());
                    }
                } catch (TimeoutException e) {
                    LOG.debug("describing {} timed out", topic);
                }
                if (System.nanoTime() + POLL.toNanos() > deadline) {
                    return false;
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
