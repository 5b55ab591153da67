package io.streamcast.service;

import io.streamcast.config.ConfigException;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.control.ControlTopics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics the topologies need, checked or created before any of them starts: the input topics
 * must exist; the commands and models topics ({@link ControlTopics}), the dead-letter topic
 * ({@link DeadLetterTopics}, widened to the input's record size) and the anomalies topic
 * ({@link AnomalyTopics}) are created where missing. The input topics are described once for all.
 */
final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    /**
     * What starting a topology needs to know of its topics, by topology name.
     *
     * @param deadLetterBytes the largest record its dead-letter topic takes
     * @param inputPartitions its input topic's partition count
     */
    record Prepared(Map<String, Integer> deadLetterBytes, Map<String, Integer> inputPartitions) {}

    private TopicSetup() {}

    /** @throws ConfigException when a topology's input topic does not exist */
    static Prepared prepare(ServiceConfig config, List<TopologySpec> specs) {
        Map<String, Integer> deadLetterBytes = new HashMap<>();
        Map<String, Integer> inputPartitions = new HashMap<>();
        try (Admin admin = Admin.create(ClientProperties.client(config))) {
            InputTopicDescriptions inputs = InputTopicDescriptions.describe(admin, specs);
            requireInputTopics(config, inputs, specs);
            ControlTopics.ensure(admin, config, specs);
            specs.forEach(spec -> deadLetterBytes.put(spec.name, DeadLetterTopics.ensure(admin, config, spec, inputs)));
            specs.forEach(spec -> AnomalyTopics.ensure(admin, config, spec, inputs));
            specs.forEach(spec -> inputPartitions.put(spec.name, InputPartitions.of(inputs, spec)));
        }
        return new Prepared(deadLetterBytes, inputPartitions);
    }

    /**
     * Refuses to start when a topology's input topic does not exist. Kafka Streams never creates
     * source topics: it would start, log three stack traces from its partition assignor and stop
     * the topology. Checked here, it is one line saying what to create, before anything starts.
     * Only a definite "unknown topic" refuses: a cluster that will not describe topics to this
     * client (ACLs) leaves the verdict to Streams, as before.
     */
    private static void requireInputTopics(
            ServiceConfig config, InputTopicDescriptions inputs, List<TopologySpec> specs) {
        for (TopologySpec spec : specs) {
            try {
                inputs.answer(spec.input).get(config.brokerTimeoutSeconds, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    throw new ConfigException("topology " + spec.name + ": its input topic '" + spec.input
                            + "' does not exist at " + config.bootstrapServers
                            + "; create it (e.g. kafka-topics.sh --bootstrap-server "
                            + config.bootstrapServers + " --create --topic " + spec.input
                            + " --partitions 4) or set input: in its topology file,"
                            + " then start again");
                }
                LOG.debug(
                        "cannot describe input topic {} of topology {}; Kafka Streams will check it",
                        spec.input,
                        spec.name,
                        e);
            } catch (TimeoutException e) {
                LOG.debug(
                        "describing input topic {} of topology {} timed out; Kafka Streams will check it",
                        spec.input,
                        spec.name);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking input topics", e);
            }
        }
    }
}
