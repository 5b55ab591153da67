package io.streamcast.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastSerde;
import io.streamcast.metrics.MetricsRegistries;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.VersionedModel;
import io.streamcast.testing.TestKafka;
import io.streamcast.topology.StoreNames;
import io.streamcast.training.NetworkSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model larger than the broker's default message limit (1 MB) on a real broker: a two-layer
 * LSTM of 384 units checkpoints to about 7 MB, and the task writes it to its changelogged model
 * store as soon as it starts from the seed. The store's changelog topic and the Streams producer
 * must both take it; with the defaults the first commit failed with RecordTooLargeException and
 * the service stopped before its first forecast.
 */
class LargeModelIT {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final List<String> SERIES = List.of("a", "b", "c");
    private static final TopologySpec SPEC = YamlConfig.parseTopology("""
            name: large-it
            input: large-it-observations
            output: large-it-forecasts
            deadLetter: large-it-dlq
            step: PT1H
            period: 4
            window: 8
            horizon: 3
            model: { cell: lstm, hidden: 384, layers: 2 }
            training: { online: false }
            batching: { maxBatch: 64, maxDelayMs: 20 }
            """, List.of());

    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings(
            "try") // KafkaClusterTestKit.close() declares InterruptedException; the test declares Exception anyway
    void aModelAboveTheBrokersDefaultMessageLimitIsStoredAndServes() throws Exception {
        try (KafkaClusterTestKit cluster = TestKafka.start()) {
            TestKafka.createTopics(cluster, SPEC, 1);
            ServiceConfig config = new ServiceConfig();
            config.bootstrapServers = cluster.bootstrapServers();
            config.applicationId = "large-it-app";
            config.stateDir = Files.createDirectories(tmp.resolve("state")).toString();
            config.http.port = 0;
            VersionedModel seed = VersionedModel.of(1, NetworkFactory.build(NetworkSpecs.of(SPEC)), false);
            assertTrue(
                    seed.checkpoint().length > 2 * 1024 * 1024,
                    "the model is larger than 2 MB: " + seed.checkpoint().length);
            try (ServiceRuntime runtime = ServiceRuntime.start(
                    config, List.of(SPEC), Map.of(SPEC.name, seed), MetricsRegistries.prometheus())) {
                assertTrue(
                        runtime.service().awaitRunning(Duration.ofSeconds(60)),
                        runtime.service().states().toString());
                feed(cluster, 16);

                Set<String> forecast = new HashSet<>();
                try (KafkaConsumer<String, Forecast> consumer =
                        consumer(cluster, ForecastSerde.serde().deserializer())) {
                    consumer.subscribe(List.of(SPEC.output));
                    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                    while (!forecast.containsAll(SERIES)
                            && System.nanoTime() < deadline
                            && runtime.service().stopped().isEmpty()) {
                        for (ConsumerRecord<String, Forecast> r : consumer.poll(Duration.ofMillis(500))) {
                            forecast.add(r.key());
                        }
                    }
                }
                assertTrue(
                        forecast.containsAll(SERIES),
                        "forecasts for every series (service stopped: "
                                + runtime.service().stopped() + "): " + forecast);

                String changelog = config.applicationIdOf(SPEC) + "-" + StoreNames.MODEL + "-changelog";
                long largest = 0;
                try (KafkaConsumer<String, byte[]> consumer = consumer(cluster, new ByteArrayDeserializer())) {
                    consumer.subscribe(List.of(changelog));
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (largest < seed.checkpoint().length && System.nanoTime() < deadline) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                            largest = Math.max(largest, r.value() == null ? 0 : r.value().length);
                        }
                    }
                }
                assertTrue(
                        largest >= seed.checkpoint().length,
                        "the model store's changelog holds the whole model: largest record " + largest);
            }
        }
    }

    private static void feed(KafkaClusterTestKit cluster, int hours) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int hour = 0; hour < hours; hour++) {
                for (int s = 0; s < SERIES.size(); s++) {
                    double value = 10 * s + 5 * Math.sin(2 * Math.PI * hour / SPEC.period);
                    producer.send(new ProducerRecord<>(
                            SPEC.input,
                            SERIES.get(s),
                            "{\"ts\":\"" + T0.plus(Duration.ofHours(hour)) + "\",\"value\":" + value + "}"));
                }
            }
        }
    }

    private static <V> KafkaConsumer<String, V> consumer(
            KafkaClusterTestKit cluster, org.apache.kafka.common.serialization.Deserializer<V> values) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "large-it-reader-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024 * 1024);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        return new KafkaConsumer<>(props, new StringDeserializer(), values);
    }
}
