package io.streamcast.cli;

import io.streamcast.config.ConfigException;
import io.streamcast.ingest.ObservationParser;
import io.streamcast.ingest.ParseResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The newest observation timestamp at the end of a topic, for {@code replay --continue}: the last
 * few records of every partition, read by a consumer that assigns itself the partitions (no
 * consumer group, nothing committed, the service's offsets untouched). A few records rather than
 * one because the last may be something the service dead-letters (not JSON, no ts); those are
 * skipped. Only the tail is read: a producer that writes in time order, as replay does, has its
 * newest timestamps there.
 */
final class NewestObservation {
    /** Records read back from the end of each partition. */
    static final int TAIL = 64;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Large enough for any observation; the limit matters only for the service. */
    private static final ObservationParser PARSER = new ObservationParser(Integer.MAX_VALUE);

    private NewestObservation() {}

    /** The newest parseable ts in the last {@link #TAIL} records of each partition; empty for an empty or missing topic. */
    static Optional<Instant> in(String bootstrapServers, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Reading must not create the topic; the producer (or the operator) does that.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                return Optional.empty();
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            partitions.forEach(tp -> consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - TAIL)));
            Instant newest = null;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            // Until every partition is read to the end offset taken above; later records are not waited for.
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new ConfigException("replay --continue: could not read the end of topic " + topic + " at "
                            + bootstrapServers + " within " + TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (PARSER.parse(record.key(), record.value()) instanceof ParseResult.Accepted accepted) {
                        Instant ts = accepted.observation().ts();
                        newest = newest == null || ts.isAfter(newest) ? ts : newest;
                    }
                }
            }
            return Optional.ofNullable(newest);
        } catch (KafkaException e) {
            // Includes the timeouts of partitionsFor and the offset look-ups: one line, not a stack trace.
            throw new ConfigException("replay --continue: cannot read topic " + topic + " at " + bootstrapServers + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }
}
