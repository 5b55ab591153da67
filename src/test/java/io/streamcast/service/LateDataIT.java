package io.streamcast.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastSerde;
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
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Late data through a real broker, exactly once, across the repartition: a value that missed its
 * hour and comes within lateness.grace takes its filled-in step (no dead letter, no forecast of
 * its own, counted), the next forecast reads it, and late values the policy refuses are
 * dead-lettered with their reason.
 */
class LateDataIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    @SuppressWarnings(
            "try") // KafkaClusterTestKit.close() declares InterruptedException; the test declares Exception anyway
    void aLateValueWithinTheGraceTakesItsStepAndTheRestIsDeadLettered(@TempDir Path dir) throws Exception {
        TopologySpec spec = YamlConfig.parseTopology("""
                name: late
                input: late-observations
                output: late-forecasts
                deadLetter: late-dlq
                step: PT1H
                period: 4
                window: 4
                horizon: 3
                model: { cell: lstm, hidden: 4, layers: 1 }
                training: { online: false }
                lateness: { grace: PT3H }
                """, List.of());
        try (KafkaClusterTestKit cluster = TestKafka.start()) {
            TestKafka.createTopics(cluster, spec, 2);
            ServiceConfig config = new ServiceConfig();
            config.bootstrapServers = cluster.bootstrapServers();
            config.applicationId = "late-it";
            config.stateDir = dir.resolve("state").toString();
            try (StreamcastService service = new StreamcastService(config, MetricsRegistries.prometheus())) {
                service.start(List.of(spec), Map.of(), null);
                assertTrue(service.awaitRunning(WAIT), "the service starts: " + service.states());
                try (KafkaProducer<String, String> producer = producer(cluster.bootstrapServers())) {
                    for (int hour : new int[] {0, 1, 2, 4, 5}) {
                        send(producer, spec, hour, 10 + hour); // hour 3 is missing: filled with 12
                    }
                    send(producer, spec, 3, 99); // late, 2 h behind: takes the filled step
                    send(producer, spec, 3, 98); // the step has its value now: DUPLICATE_TS
                    send(producer, spec, 1, 97); // 4 h behind, more than the grace: TOO_OLD
                    send(producer, spec, 6, 16);
                }
                AtomicReference<List<Forecast>> forecasts = new AtomicReference<>(List.of());
                Deserializer<Forecast> forecast = ForecastSerde.serde().deserializer();
                Await.until(
                        "the forecast of hour 6",
                        WAIT,
                        () -> {
                            assertEquals(Map.of(), service.stopped(), "no topology stopped");
                            forecasts.set(CommittedRecords.readAll(cluster.bootstrapServers(), spec.output).stream()
                                    .map(r -> forecast.deserialize(spec.output, r.value()))
                                    .toList());
                            return forecasts.get().stream()
                                    .anyMatch(f -> f.origin().equals(T0.plusSeconds(6 * 3600)));
                        },
                        () -> "forecasts: " + forecasts.get());
                assertEquals(
                        List.of(0, 1, 2, 4, 5, 6),
                        forecasts.get().stream()
                                .map(f -> (int) Duration.between(T0, f.origin()).toHours())
                                .toList(),
                        "one forecast per on-time observation, exactly once; none for the late one");
                Forecast last = forecasts.get().get(5);
                assertEquals("seasonal-naive", last.model());
                assertEquals(
                        99,
                        last.points().get(0).value(),
                        1e-9,
                        "h=1 repeats hour 3 a season back: the late value, not the fill");

                List<ConsumerRecord<byte[], byte[]>> letters =
                        CommittedRecords.readAll(cluster.bootstrapServers(), spec.deadLetter);
                assertEquals(
                        List.of("DUPLICATE_TS", "TOO_OLD"),
                        letters.stream().map(r -> header(r, "streamcast.error")).toList());
                assertTrue(
                        header(letters.get(1), "streamcast.detail").endsWith("more than lateness.grace PT3H"),
                        header(letters.get(1), "streamcast.detail"));
                String scrape = service.registry().scrape();
                assertTrue(
                        scrape.contains(
                                "streamcast_observations_late_total{app=\"streamcast\",cell=\"lstm\",topology=\"late\"} 1.0"),
                        scrape.lines()
                                .filter(l -> l.startsWith("streamcast_observations"))
                                .toList()
                                .toString());
            }
        }
    }

    private static void send(KafkaProducer<String, String> producer, TopologySpec spec, int hour, double value)
            throws Exception {
        String json = "{\"ts\":\"" + T0.plusSeconds(hour * 3600L) + "\",\"value\":" + value + "}";
        producer.send(new ProducerRecord<>(spec.input, "s", json)).get();
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
