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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live observations are forecast readably (exactly once, read_committed) within moments although
 * Kafka Streams commits only every {@code commit.interval.ms}: the processors ask for a commit
 * while records are live ({@code batching.liveCommitMs}). Here the commit interval is five
 * minutes; a topology that does not ask ({@code liveCommitMs: 0}) has computed its forecast and
 * still shows nothing to a read_committed consumer.
 */
class LiveCommitsIT {
    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    @SuppressWarnings("try") // KafkaClusterTestKit.close() declares InterruptedException
    void liveForecastsAreReadableLongBeforeTheCommitInterval(@TempDir Path dir) throws Exception {
        TopologySpec asks = spec("asks", "batching: { liveCommitMs: 100 }");
        // partitionedBySeries: one task ingests and forecasts, so its forecast is computed (and
        // counted) without waiting for a commit of the repartition hop.
        TopologySpec waits = spec("waits", "batching: { liveCommitMs: 0 }\npartitionedBySeries: true");
        try (KafkaClusterTestKit cluster = TestKafka.start()) {
            TestKafka.createTopics(cluster, asks, 2);
            TestKafka.createTopics(cluster, waits, 1);
            ServiceConfig config = new ServiceConfig();
            config.bootstrapServers = cluster.bootstrapServers();
            config.applicationId = "live-commits-it";
            config.stateDir = dir.resolve("state").toString();
            config.kafka.put("commit.interval.ms", "300000");
            // Kafka Streams refuses a commit interval longer than the transactions may stay open.
            config.kafka.put("producer.transaction.timeout.ms", "600000");
            try (StreamcastService service = new StreamcastService(config, MetricsRegistries.prometheus())) {
                service.start(List.of(asks, waits), Map.of(), null);
                assertTrue(service.awaitRunning(WAIT), "the service starts: " + service.states());
                long started = System.nanoTime();
                try (KafkaProducer<String, String> producer = producer(cluster.bootstrapServers())) {
                    // Produced now, so the records' timestamps say live; the observations' ts are the data's own.
                    for (TopologySpec spec : List.of(asks, waits)) {
                        producer.send(new ProducerRecord<>(
                                        spec.input, "s", "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1.5}"))
                                .get();
                    }
                }
                Await.until(
                        "the live forecast of the topology that asks for commits",
                        WAIT,
                        () -> CommittedRecords.readAll(cluster.bootstrapServers(), asks.output)
                                        .size()
                                == 1,
                        () -> "states: " + service.states());
                Await.until(
                        "the other topology's forecast computed",
                        WAIT,
                        () -> emitted(service, "waits") >= 1,
                        () -> service.registry().scrape());
                Duration since = Duration.ofNanos(System.nanoTime() - started);
                assertTrue(
                        since.compareTo(Duration.ofMinutes(4)) < 0,
                        "checked well inside the five-minute commit interval: " + since);
                assertEquals(
                        0,
                        CommittedRecords.readAll(cluster.bootstrapServers(), waits.output)
                                .size(),
                        "computed, but not readable before Kafka Streams' own commit");
            }
        }
    }

    private static TopologySpec spec(String name, String extra) {
        return YamlConfig.parseTopology("""
                name: %s
                input: %s-observations
                output: %s-forecasts
                deadLetter: %s-dlq
                step: PT1H
                period: 4
                window: 4
                horizon: 2
                model: { cell: lstm, hidden: 4, layers: 1 }
                training: { online: false }
                %s
                """.formatted(name, name, name, name, extra), List.of());
    }

    /** Forecasts the topology computed and handed to its producer, committed or not. */
    private static double emitted(StreamcastService service, String topology) {
        return service.registry()
                .scrape()
                .lines()
                .filter(l -> l.startsWith("streamcast_forecasts_emitted_total{")
                        && l.contains("topology=\"" + topology + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
}
