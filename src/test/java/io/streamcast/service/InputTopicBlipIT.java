package io.streamcast.service;

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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real broker: the input topic vanishes from the cluster's metadata for a moment (here
 * deleted and created again; after a broker restart it is the broker not knowing its topics yet).
 * The rebalance in between fails for a missing source topic, and since the subtopology that reads
 * the input is the one that forecasts, Kafka Streams cannot leave it out: the stream thread dies.
 * The topology must not stop for that: the topic is back within the grace, the thread is replaced
 * and forecasts flow again.
 */
class InputTopicBlipIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    @SuppressWarnings("try") // KafkaClusterTestKit.close() declares InterruptedException
    void aTopologyWhoseInputIsMissingForAMomentGetsANewThreadAndForecastsOn(@TempDir Path dir) throws Exception {
        TopologySpec spec = YamlConfig.parseTopology("""
                name: blip-it
                input: blip-it-observations
                output: blip-it-forecasts
                deadLetter: blip-it-dlq
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                model: { cell: lstm, hidden: 4, layers: 1 }
                training: { online: false }
                """, List.of());
        try (KafkaClusterTestKit cluster = TestKafka.start();
                Admin admin = cluster.admin()) {
            NewTopic input = new NewTopic(spec.input, 2, (short) 1);
            admin.createTopics(List.of(
                            input, new NewTopic(spec.output, 1, (short) 1), new NewTopic(spec.deadLetter, 1, (short)
                                    1)))
                    .all()
                    .get();
            ServiceConfig config = new ServiceConfig();
            config.bootstrapServers = cluster.bootstrapServers();
            config.applicationId = "blip-it";
            config.stateDir = dir.resolve("state").toString();
            try (StreamcastService service = new StreamcastService(config, MetricsRegistries.prometheus());
                    KafkaProducer<String, String> producer = producer(cluster.bootstrapServers())) {
                service.start(List.of(spec), Map.of(), null);
                assertTrue(service.awaitRunning(WAIT), "the service starts: " + service.states());
                KafkaStreams streams = service.running().get(0).streams();
                producer.send(observation(spec, 0, 10)).get();
                awaitForecastAt(cluster, spec, service, 0);

                admin.deleteTopics(List.of(spec.input)).all().get();
                Await.until(
                        "the rebalance after the deletion",
                        WAIT,
                        () -> streams.state() != KafkaStreams.State.RUNNING,
                        () -> "states: " + service.states());
                admin.createTopics(List.of(input)).all().get();

                Await.until(
                        "a new stream thread",
                        WAIT,
                        () -> streams.metadataForLocalThreads().stream()
                                .anyMatch(t -> !t.threadName().endsWith("-StreamThread-1")),
                        () -> "states: " + service.states() + ", stopped: " + service.stopped());
                // The group may still hold its committed offset of the deleted topic (1 on s1's
                // partition), so the recreated topic's first record can be skipped: send several.
                for (int hour = 1; hour <= 4; hour++) {
                    producer.send(observation(spec, hour, 10 + hour)).get();
                }
                awaitForecastAt(cluster, spec, service, 4);
                assertEquals(Map.of(), service.stopped(), "no topology stopped");
            }
        }
    }

    private static void awaitForecastAt(
            KafkaClusterTestKit cluster, TopologySpec spec, StreamcastService service, int hour) throws Exception {
        String origin = "\"origin\":\"" + T0.plus(Duration.ofHours(hour)) + "\"";
        Await.until(
                "the forecast from hour " + hour,
                WAIT,
                () -> CommittedRecords.readAll(cluster.bootstrapServers(), spec.output).stream()
                        .anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(origin)),
                () -> "states: " + service.states() + ", stopped: " + service.stopped());
    }

    private static ProducerRecord<String, String> observation(TopologySpec spec, int hour, double value) {
        return new ProducerRecord<>(
                spec.input, "s1", "{\"ts\":\"" + T0.plus(Duration.ofHours(hour)) + "\",\"value\":" + value + "}");
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
}
