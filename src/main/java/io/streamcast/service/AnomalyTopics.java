package io.streamcast.service;

import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a topology's anomalies topic where it is missing, with as many partitions as the input
 * (like a missing dead-letter topic). Users who never asked for anomalies would otherwise have to
 * create a topic they did not know about, or see the topology stop at its first anomaly on a
 * cluster that does not create topics on demand. An existing topic is left as it is.
 */
final class AnomalyTopics {
    private static final Logger LOG = LoggerFactory.getLogger(AnomalyTopics.class);

    private AnomalyTopics() {}

    /** When the input does not exist yet nothing is done: the topology stops with its own message. */
    static void ensure(Admin admin, ServiceConfig config, TopologySpec spec, InputTopicDescriptions inputs) {
        try {
            Optional<Integer> inputPartitions =
                    inputs.of(spec.input).map(d -> d.partitions().size());
            if (inputPartitions.isEmpty() || partitions(admin, spec.anomalies).isPresent()) {
                return;
            }
            Optional<Short> replicas = Optional.ofNullable(config.kafka.get("replication.factor"))
                    .map(String::trim)
                    .map(Short::parseShort)
                    .filter(r -> r > 0);
            admin.createTopics(List.of(new NewTopic(spec.anomalies, inputPartitions, replicas)))
                    .all()
                    .get();
            LOG.info(
                    "topology {}: created anomalies topic {} ({} partitions)",
                    spec.name,
                    spec.anomalies,
                    inputPartitions.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return; // another instance (or topology sharing the topic) created it meanwhile
            }
            // Without CREATE or DESCRIBE rights: run as before and say what to do.
            LOG.warn(
                    "topology {}: cannot check or create anomalies topic {} ({}); create it before the first anomaly",
                    spec.name,
                    spec.anomalies,
                    e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + spec.anomalies, e);
        }
    }

    private static Optional<Integer> partitions(Admin admin, String topic)
            throws ExecutionException, InterruptedException {
        try {
            return Optional.of(admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
