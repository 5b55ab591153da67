package io.streamcast.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.broker.EmbeddedKafkaBroker;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's broker restart: the only broker is shut down while the service is busy with a backlog
 * and while a live feed goes on sending, then started again on the same directory and port. Nobody
 * touches the service. Afterwards every topology is RUNNING and a {@code read_committed} consumer
 * finds exactly one forecast per observation, (series, origin) by (series, origin), and no dead
 * letters (an observation processed twice would be a DUPLICATE_TS).
 */
class BrokerRestartIT {
    private static final int SERIES = 20;
    private static final int STEPS = 60;
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    /** Generous: two busy cores shared with other builds. Only a bound on a hang, never a measurement. */
    private static final Duration WAIT = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theServiceRidesOutABrokerRestartAndEveryForecastArrivesExactlyOnce(@TempDir Path dir) throws Exception {
        TopologySpec spec = YamlConfig.parseTopology("""
                name: restart
                input: restart-observations
                output: restart-forecasts
                deadLetter: restart-dlq
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                model: { cell: lstm, hidden: 4, layers: 1 }
                training: { online: false }
                """, List.of());
        Path brokerDir = dir.resolve("broker");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, brokerDir);
        int port = broker.port();
        try {
            broker.createTopics(List.of(spec.input, spec.output, spec.deadLetter), 2);
            ServiceConfig config = new ServiceConfig();
            config.bootstrapServers = broker.bootstrapServers();
            config.applicationId = "restart-it";
            config.stateDir = dir.resolve("state").toString();
            try (StreamcastService service =
                            new StreamcastService(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
                    KafkaProducer<String, String> producer = producer(broker)) {
                service.start(List.of(spec), Map.of(), null);
                assertTrue(service.awaitRunning(WAIT), "the service starts: " + service.states());

                List<Future<RecordMetadata>> sent = new ArrayList<>(send(producer, spec.input, 0, STEPS / 4));
                producer.flush();
                // A live feed, one step of every series each 50 ms, goes on through the outage (send blocks
                // until the broker is back; the producer retries what it holds).
                ExecutorService sender = Executors.newSingleThreadExecutor();
                try {
                    Future<List<Future<RecordMetadata>>> rest = sender.submit(() -> {
                        List<Future<RecordMetadata>> out = new ArrayList<>();
                        for (int i = STEPS / 4; i < STEPS; i++) {
                            out.addAll(send(producer, spec.input, i, i + 1));
                            Thread.sleep(50);
                        }
                        return out;
                    });
                    // Mid-stream: the first forecasts are out, the backlog is being worked on and the feed goes on.
                    awaitSomeForecast(broker, spec.output);
                    broker.close();
                    Thread.sleep(3000);
                    broker = EmbeddedKafkaBroker.start(port, brokerDir);
                    sent.addAll(rest.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
                } finally {
                    sender.shutdownNow();
                }
                producer.flush();
                for (Future<RecordMetadata> f : sent) {
                    f.get();
                }

                List<ConsumerRecord<byte[], byte[]>> forecasts = read(broker, spec.output, SERIES * STEPS, service);
                assertEquals(Map.of(), service.stopped(), "no topology stopped");
                assertEquals(Map.of(spec.name, "RUNNING"), service.states(), "the service rode the restart out");
                Map<String, Integer> expected = new TreeMap<>();
                for (int s = 0; s < SERIES; s++) {
                    for (int i = 0; i < STEPS; i++) {
                        expected.put(series(s) + "@" + T0.plus(Duration.ofHours(i)), 1);
                    }
                }
                Map<String, Integer> actual = new TreeMap<>();
                for (ConsumerRecord<byte[], byte[]> r : forecasts) {
                    JsonNode f = JSON.readTree(r.value());
                    actual.merge(
                            new String(r.key(), StandardCharsets.UTF_8) + "@"
                                    + f.get("origin").asText(),
                            1,
                            Integer::sum);
                }
                List<String> diff = new ArrayList<>();
                expected.forEach((k, n) -> {
                    if (!n.equals(actual.get(k))) {
                        diff.add(k + ": " + actual.get(k));
                    }
                });
                actual.keySet().stream()
                        .filter(k -> !expected.containsKey(k))
                        .forEach(k -> diff.add(k + ": unexpected"));
                assertEquals(
                        List.of(),
                        diff.subList(0, Math.min(30, diff.size())),
                        diff.size() + " (series, origin) not forecast exactly once (first 30)");
                assertEquals(
                        List.of(),
                        read(broker, spec.deadLetter, 0, service).stream()
                                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                                .toList(),
                        "nothing dead-lettered");
            }
        } finally {
            broker.close();
        }
    }

    private static String series(int s) {
        return "s" + s;
    }

    private static List<Future<RecordMetadata>> send(
            KafkaProducer<String, String> producer, String topic, int from, int to) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = from; i < to; i++) {
            for (int s = 0; s < SERIES; s++) {
                double value = 20 + 10 * Math.sin(i * Math.PI / 2) + s;
                sent.add(producer.send(new ProducerRecord<>(
                        topic,
                        series(s),
                        "{\"ts\":\"" + T0.plus(Duration.ofHours(i)) + "\",\"value\":" + value + "}")));
            }
        }
        return sent;
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // The broker is away for a while: keep retrying rather than give up after the default 2 minutes.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WAIT.toMillis());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, WAIT.toMillis());
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static void awaitSomeForecast(EmbeddedKafkaBroker broker, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker, topic)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (consumer.poll(Duration.ofMillis(100)).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "no forecast before the broker restart");
            }
        }
    }

    /** Reads until {@code want} records arrived, then on to the end (read_committed: the last stable offset). */
    private static List<ConsumerRecord<byte[], byte[]>> read(
            EmbeddedKafkaBroker broker, String topic, int want, StreamcastService service) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker, topic)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (out.size() < want && service.stopped().isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafkaBroker broker, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
