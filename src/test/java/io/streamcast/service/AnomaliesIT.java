package io.streamcast.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Anomaly;
import io.streamcast.emit.AnomalySerde;
import io.streamcast.metrics.MetricsRegistries;
import io.streamcast.testing.Await;
import io.streamcast.testing.CommittedRecords;
import io.streamcast.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real broker: the service creates the anomalies topic nobody created (as many
 * partitions as the input, where the broker's auto-creation would have made one), and a spike
 * far outside its interval arrives there, committed, exactly once.
 */
class AnomaliesIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final int HISTORY = 40;

    @Test
    @SuppressWarnings(
            "try") // KafkaClusterTestKit.close() declares InterruptedException; the test declares Exception anyway
    void aSpikeReachesTheAnomaliesTopicTheServiceCreated(@TempDir Path dir) throws Exception {
        TopologySpec spec = YamlConfig.parseTopology("""
                name: anomalies-it
                input: anomalies-it-observations
                output: anomalies-it-forecasts
                deadLetter: anomalies-it-dlq
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                model: { cell: lstm, hidden: 4, layers: 1 }
                training: { online: false }
                """, List.of());
        assertEquals("anomalies", spec.anomalies, "the default name");
        try (KafkaClusterTestKit cluster = TestKafka.start();
                Admin admin = cluster.admin()) {
            admin.createTopics(List.of(
                            new NewTopic(spec.input, 3, (short) 1),
                            new NewTopic(spec.output, 1, (short) 1),
                            new NewTopic(spec.deadLetter, 1, (short) 1)))
                    .all()
                    .get();
            ServiceConfig config = new ServiceConfig();
            config.bootstrapServers = cluster.bootstrapServers();
            config.applicationId = "anomalies-it";
            config.stateDir = dir.resolve("state").toString();
            try (StreamcastService service = new StreamcastService(config, MetricsRegistries.prometheus())) {
                service.start(List.of(spec), Map.of(), null);
                assertEquals(
                        3,
                        admin.describeTopics(List.of(spec.anomalies))
                                .allTopicNames()
                                .get()
                                .get(spec.anomalies)
                                .partitions()
                                .size(),
                        "created by the service with the input's partitions");
                assertTrue(service.awaitRunning(WAIT), "the service starts: " + service.states());

                Instant spikeTs = T0.plus(Duration.ofHours(HISTORY));
                try (KafkaProducer<String, String> producer = producer(cluster.bootstrapServers())) {
                    for (int i = 0; i < HISTORY; i++) {
                        producer.send(
                                observation(spec, i, 20 + 3 * Math.sin(2 * Math.PI * i / 4) + ((i * 7) % 5 - 2) * 0.4));
                    }
                    producer.send(observation(spec, HISTORY, 1e4)).get();
                }
                AtomicReference<List<Anomaly>> reported = new AtomicReference<>(List.of());
                Await.until(
                        "the spike is on the anomalies topic",
                        WAIT,
                        () -> {
                            assertEquals(Map.of(), service.stopped(), "no topology stopped");
                            reported.set(CommittedRecords.readAll(cluster.bootstrapServers(), spec.anomalies).stream()
                                    .map(r -> {
                                        assertEquals(
                                                "s1", new String(r.key(), StandardCharsets.UTF_8), "keyed by series");
                                        return AnomalySerde.fromBytes(r.value());
                                    })
                                    .toList());
                            return reported.get().stream().anyMatch(a -> a.ts().equals(spikeTs));
                        },
                        () -> "states: " + service.states());
                Set<Instant> seen = new HashSet<>();
                reported.get().forEach(a -> assertTrue(seen.add(a.ts()), "one event per actual: " + a));
                Anomaly spike = reported.get().stream()
                        .filter(a -> a.ts().equals(spikeTs))
                        .findFirst()
                        .orElseThrow();
                assertEquals(1e4, spike.actual());
                assertEquals(1, spike.h());
                assertEquals("ets", spike.model());
                assertEquals(spikeTs.minus(Duration.ofHours(1)), spike.origin());
                assertEquals(spec.name, spike.topology());
                assertTrue(spike.actual() > spike.upper() && spike.score() > 100, spike.toString());
            }
        }
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
