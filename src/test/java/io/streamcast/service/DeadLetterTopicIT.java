package io.streamcast.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.metrics.MetricsRegistries;
import io.streamcast.testing.Await;
import io.streamcast.testing.CommittedRecords;
import io.streamcast.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An input topic that takes 3 MB records and a dead-letter topic left at the broker's 1 MB: before,
 * the first large rejected record could not be forwarded and stopped the topology. The service
 * now widens the dead-letter topic at start (and creates a missing one to match its input), and
 * the 2 MB record arrives in it unchanged while the topology keeps running.
 */
class DeadLetterTopicIT {
    private static final int INPUT_MAX_BYTES = 3 * 1024 * 1024;
    private static final Duration WAIT = Duration.ofMinutes(3);

    @Test
    @SuppressWarnings(
            "try") // KafkaClusterTestKit.close() declares InterruptedException; the test declares Exception anyway
    void aRecordAsLargeAsTheInputTakesIsDeadLetteredUnchanged(@TempDir Path dir) throws Exception {
        TopologySpec narrow = spec("narrow");
        TopologySpec missing = spec("missing");
        try (KafkaClusterTestKit cluster = TestKafka.start();
                Admin admin = cluster.admin()) {
            Map<String, String> largeInput =
                    Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(INPUT_MAX_BYTES));
            admin.createTopics(List.of(
                            new NewTopic(narrow.input, 2, (short) 1).configs(largeInput),
                            new NewTopic(narrow.output, 1, (short) 1),
                            new NewTopic(narrow.deadLetter, 1, (short) 1),
                            new NewTopic(missing.input, 3, (short) 1).configs(largeInput),
                            new NewTopic(missing.output, 1, (short) 1)))
                    .all()
                    .get();
            ServiceConfig config = new ServiceConfig();
            config.bootstrapServers = cluster.bootstrapServers();
            config.applicationId = "dlq-size-it";
            config.stateDir = dir.resolve("state").toString();
            try (StreamcastService service = new StreamcastService(config, MetricsRegistries.prometheus())) {
                service.start(List.of(narrow, missing), Map.of(), null);
                int needed = INPUT_MAX_BYTES + DeadLetterTopics.HEADER_HEADROOM;
                assertEquals(
                        needed,
                        maxMessageBytes(admin, narrow.deadLetter),
                        "the too small dead-letter topic was widened");
                assertEquals(
                        needed, maxMessageBytes(admin, missing.deadLetter), "the missing one was created to match");
                assertEquals(
                        3,
                        admin.describeTopics(List.of(missing.deadLetter))
                                .allTopicNames()
                                .get()
                                .get(missing.deadLetter)
                                .partitions()
                                .size(),
                        "as many partitions as its input");
                assertTrue(service.awaitRunning(WAIT), "the service starts: " + service.states());

                // Rejected as OVERSIZED (validation.maxRecordBytes is 64 KiB) and forwarded as it came.
                byte[] large = new byte[2 * 1024 * 1024];
                Arrays.fill(large, (byte) 'x');
                try (KafkaProducer<byte[], byte[]> producer = largeProducer(cluster.bootstrapServers())) {
                    producer.send(new ProducerRecord<>(narrow.input, "big".getBytes(StandardCharsets.UTF_8), large))
                            .get();
                }
                AtomicReference<List<ConsumerRecord<byte[], byte[]>>> letters = new AtomicReference<>(List.of());
                Await.until(
                        "the large record is in the dead-letter topic",
                        WAIT,
                        () -> {
                            assertEquals(Map.of(), service.stopped(), "no topology stopped");
                            letters.set(CommittedRecords.readAll(cluster.bootstrapServers(), narrow.deadLetter));
                            return !letters.get().isEmpty();
                        },
                        () -> "states: " + service.states());
                assertArrayEquals(large, letters.get().get(0).value(), "the dead letter is the record unchanged");
                assertEquals(
                        "OVERSIZED",
                        new String(
                                letters.get()
                                        .get(0)
                                        .headers()
                                        .lastHeader("streamcast.error")
                                        .value(),
                                StandardCharsets.UTF_8));
                assertEquals(
                        Map.of(narrow.name, "RUNNING", missing.name, "RUNNING"),
                        service.states(),
                        "the topologies keep running");
            }
        }
    }

    private static TopologySpec spec(String name) {
        return YamlConfig.parseTopology("""
                name: %1$s
                input: %1$s-observations
                output: %1$s-forecasts
                deadLetter: %1$s-dlq
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                model: { cell: lstm, hidden: 4, layers: 1 }
                training: { online: false }
                """.formatted(name), List.of());
    }

    private static int maxMessageBytes(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return Integer.parseInt(admin.describeConfigs(List.of(resource))
                .all()
                .get()
                .get(resource)
                .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
                .value());
    }

    private static KafkaProducer<byte[], byte[]> largeProducer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, INPUT_MAX_BYTES);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
