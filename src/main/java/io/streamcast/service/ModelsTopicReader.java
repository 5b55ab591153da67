package io.streamcast.service;

import io.streamcast.model.CorruptCheckpointException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a models topic to its end and returns the highest version any task published: the warm
 * start of a topology that has neither a checkpoint nor (for a new task) a model of its own.
 * Damaged records are skipped with a warning: the highest whole version wins.
 */
final class ModelsTopicReader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelsTopicReader.class);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private ModelsTopicReader() {}

    /** The highest published version, or null when the topic is empty. */
    static VersionedModel latest(Properties clientProps, String topic) {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Tasks publish inside their transactions: a version of an aborted one never served from a committed store.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        VersionedModel latest = null;
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            // Every partition: the service creates the topic with one, but one an operator created
            // with more gets each task's versions wherever its key hashes.
            List<TopicPartition> partitions = consumer.partitionsFor(topic, PATIENCE).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, PATIENCE);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!readToEnd(consumer, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        continue;
                    }
                    latest = newer(
                            latest,
                            r.value(),
                            topic + "-" + r.partition() + " offset " + r.offset() + " (key " + r.key() + ")");
                }
            }
        }
        return latest;
    }

    private static boolean readToEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), PATIENCE) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code record} if it is a higher (or equal, later) version than {@code latest} and whole, else
     * {@code latest}. Checked only when it would win: a damaged newest version leaves the previous
     * whole one, with one warning naming {@code where}.
     */
    static VersionedModel newer(VersionedModel latest, byte[] record, String where) {
        if (latest != null && VersionedModel.versionOf(record) < latest.version()) {
            return latest;
        }
        try {
            return VersionedModel.verified(record);
        } catch (CorruptCheckpointException e) {
            LOG.warn(
                    "{}: refused a damaged model ({}); keeping {}",
                    where,
                    e.getMessage(),
                    latest == null ? "no version" : "version " + latest.version());
            return latest;
        }
    }
}
