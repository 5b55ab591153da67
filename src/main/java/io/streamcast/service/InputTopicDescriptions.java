package io.streamcast.service;

import io.streamcast.config.TopologySpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The input topics of the topologies starting, described once, in one request, and shared by the
 * start-up steps that need them (the input check, the dead-letter and anomalies topics, a
 * {@code partitionedBySeries} topology's partition count): each used to describe the input again.
 */
final class InputTopicDescriptions {
    private final Map<String, KafkaFuture<TopicDescription>> described;

    private InputTopicDescriptions(Map<String, KafkaFuture<TopicDescription>> described) {
        this.described = described;
    }

    static InputTopicDescriptions describe(Admin admin, List<TopologySpec> specs) {
        return new InputTopicDescriptions(
                admin.describeTopics(specs.stream().map(s -> s.input).distinct().toList())
                        .topicNameValues());
    }

    /** The answer for {@code topic}, one of the inputs described; waiting on it does not ask the cluster again. */
    KafkaFuture<TopicDescription> answer(String topic) {
        KafkaFuture<TopicDescription> answer = described.get(topic);
        if (answer == null) {
            throw new IllegalArgumentException(topic + " is not an input topic described at start");
        }
        return answer;
    }

    /** {@code topic}'s description, empty when it does not exist; any other failure as the admin client reported it. */
    Optional<TopicDescription> of(String topic) throws ExecutionException, InterruptedException {
        try {
            return Optional.of(answer(topic).get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
