package io.streamcast.service;

import io.streamcast.model.VersionedModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a models topic to its end and returns the highest version any task published: the warm
 * start of a topology that has neither a checkpoint nor (for a new task) a model of its own.
 */
final class ModelsTopicReader {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private ModelsTopicReader() {
    }

    /** The highest published version, or null when the topic is empty. */
    static VersionedModel latest(Properties clientProps, String topic) {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        TopicPartition partition = new TopicPartition(topic, 0);
        VersionedModel latest = null;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            Map<TopicPartition, Long> end = consumer.endOffsets(List.of(partition), PATIENCE);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (consumer.position(partition, PATIENCE) < end.get(partition) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        continue;
                    }
                    VersionedModel m = VersionedModel.fromBytes(r.value());
                    if (latest == null || m.version() >= latest.version()) {
                        latest = m;
                    }
                }
            }
        }
        return latest;
    }
}
