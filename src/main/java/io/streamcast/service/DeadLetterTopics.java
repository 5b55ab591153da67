package io.streamcast.service;

import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.topology.ForecastTopology;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a topology's dead-letter topic take every record the topology may forward to it. A
 * rejected record goes there unchanged plus two headers, so a dead-letter topic with a smaller
 * {@code max.message.bytes} than the input's refuses the largest records the input accepted, and
 * the refusal stops the topology (the transaction cannot commit). Missing, it is created; too
 * small, its limit is raised; where the cluster forbids that, one warning says what to set.
 */
final class DeadLetterTopics {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterTopics.class);
    /** Room for the reason and detail headers a dead letter carries on top of the record. */
    static final int HEADER_HEADROOM = 64 * 1024;

    private DeadLetterTopics() {}

    /**
     * The {@code max.message.bytes} a dead-letter topic needs: the input's limit plus the headers,
     * never below {@link ForecastTopology#MAX_DEAD_LETTER_BYTES} (a broker default input). Not
     * covered: a record that came in a compressed batch and is larger than the input's limit
     * uncompressed (the Streams producer sends dead letters uncompressed).
     */
    static int required(int inputMaxMessageBytes) {
        return (int) Math.min(
                Integer.MAX_VALUE,
                Math.max((long) inputMaxMessageBytes + HEADER_HEADROOM, ForecastTopology.MAX_DEAD_LETTER_BYTES));
    }

    /**
     * Creates or widens {@code spec}'s dead-letter topic and returns the {@code max.message.bytes}
     * it needs (the Streams producer's {@code max.request.size} must be at least that, or the producer refuses the
     * dead letter itself). When the
     * input topic does not exist yet nothing is done: the topology stops with its own message.
     */
    static int ensure(Admin admin, ServiceConfig config, TopologySpec spec, InputTopicDescriptions inputs) {
        try {
            Optional<TopicDescription> input = inputs.of(spec.input);
            if (input.isEmpty()) {
                return required(0);
            }
            int needed = required(maxMessageBytes(admin, spec.input));
            if (describe(admin, spec.deadLetter).isEmpty()) {
                create(admin, config, spec, input.get().partitions().size(), needed);
            } else {
                widen(admin, spec, needed);
            }
            return needed;
        } catch (ExecutionException e) {
            // Describing needs DESCRIBE_CONFIGS: without it, run as before and say what to check.
            LOG.warn(
                    "topology {}: cannot check dead-letter topic {} ({}); its max.message.bytes should be at least {}",
                    spec.name,
                    spec.deadLetter,
                    e.getCause().getMessage(),
                    required(0));
            return required(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + spec.deadLetter, e);
        }
    }

    /** Raises the Streams producer's {@code max.request.size} in {@code streamsProps} to {@code needed} where it is below. */
    static void fitProducer(Properties streamsProps, int needed) {
        String prefixed = StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        // Kafka Streams lets the prefixed setting win over the plain one, which wins over the client default.
        Object current = streamsProps.getOrDefault(
                prefixed,
                streamsProps.getOrDefault(
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)));
        if (Integer.parseInt(current.toString().trim()) < needed) {
            streamsProps.put(prefixed, needed);
        }
    }

    private static Optional<TopicDescription> describe(Admin admin, String topic)
            throws ExecutionException, InterruptedException {
        try {
            return Optional.of(
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The topic's effective limit: its own setting, else the broker's {@code message.max.bytes}. */
    private static int maxMessageBytes(Admin admin, String topic) throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        ConfigEntry entry = admin.describeConfigs(List.of(resource))
                .all()
                .get()
                .get(resource)
                .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        return Integer.parseInt(entry.value());
    }

    private static void create(Admin admin, ServiceConfig config, TopologySpec spec, int partitions, int needed)
            throws ExecutionException, InterruptedException {
        Optional<Short> replicas = Optional.ofNullable(config.kafka.get("replication.factor"))
                .map(String::trim)
                .map(Short::parseShort)
                .filter(r -> r > 0);
        NewTopic topic = new NewTopic(spec.deadLetter, Optional.of(partitions), replicas)
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(needed)));
        try {
            admin.createTopics(List.of(topic)).all().get();
            LOG.info(
                    "topology {}: created dead-letter topic {} ({} partitions, max.message.bytes {})",
                    spec.name,
                    spec.deadLetter,
                    partitions,
                    needed);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            // Another instance created it meanwhile: make sure of its limit as for any existing topic.
            widen(admin, spec, needed);
        }
    }

    private static void widen(Admin admin, TopologySpec spec, int needed)
            throws ExecutionException, InterruptedException {
        int current = maxMessageBytes(admin, spec.deadLetter);
        if (current >= needed) {
            return;
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.deadLetter);
        Collection<AlterConfigOp> ops = List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(needed)),
                AlterConfigOp.OpType.SET));
        try {
            admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
            LOG.info(
                    "topology {}: raised max.message.bytes of dead-letter topic {} from {} to {} (the input's limit plus headers)",
                    spec.name,
                    spec.deadLetter,
                    current,
                    needed);
        } catch (ExecutionException e) {
            LOG.warn(
                    "topology {}: dead-letter topic {} takes {} bytes, less than the {} a dead letter may need, and it cannot be "
                            + "raised ({}): a large rejected record will stop the topology; set its max.message.bytes to {}",
                    spec.name,
                    spec.deadLetter,
                    current,
                    needed,
                    e.getCause().getMessage(),
                    needed);
        }
    }
}
