package io.streamcast.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastSerde;
import io.streamcast.metrics.MetricsRegistries;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.testing.TestKafka;
import io.streamcast.topology.ForecastTopology;
import io.streamcast.topology.OriginFilter;
import io.streamcast.topology.StoreNames;
import io.streamcast.training.NetworkTaskModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of one topology (same application id, 4 input partitions) in one JVM, each with
 * its own state directory and HTTP API: whichever instance is asked, the latest forecast of every
 * series comes back, read locally or forwarded to the instance that owns the series' partition.
 */
class HttpApiIT {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final int HOURS = 5;
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = ForecastSerde.JSON;
    private static final TopologySpec SPEC = YamlConfig.parseTopology("""
            name: http-it
            input: it-observations
            output: it-forecasts
            deadLetter: it-observations-dlq
            step: PT1H
            period: 1
            window: 8
            horizon: 3
            model: { cell: gru, hidden: 4, layers: 1 }
            training: { online: false }
            batching: { maxBatch: 64, maxDelayMs: 50 }
            """, List.of());
    /** Includes a space and a slash: the id must survive URL encoding, also when forwarded. */
    private static final List<String> SERIES =
            List.of("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "site 7/temp", "unicode-é");

    @TempDir
    static Path tmp;

    private static KafkaClusterTestKit cluster;
    private static Instance a;
    private static Instance b;
    private static final Map<String, Forecast> lastOnTopic = new HashMap<>();
    private static final HttpClient http = HttpClient.newHttpClient();

    /** One service instance: a KafkaStreams of the topology and the HTTP API that is its application.server. */
    private static final class Instance implements ServiceView, AutoCloseable {
        final PrometheusMeterRegistry registry = MetricsRegistries.prometheus();
        final TopologyMetrics metrics = new TopologyMetrics(SPEC.name, SPEC.model.cell);
        final HttpApi api;
        final String endpoint;
        final KafkaStreams streams;

        Instance(Path stateDir) {
            metrics.bindTo(registry);
            api = new HttpApi("127.0.0.1", 0, registry, this);
            endpoint = "127.0.0.1:" + api.port();
            ServiceConfig service = new ServiceConfig();
            service.bootstrapServers = cluster.bootstrapServers();
            service.applicationId = "http-it";
            service.stateDir = stateDir.toString();
            streams = new KafkaStreams(
                    ForecastTopology.build(SPEC, metrics, NetworkTaskModels.frozen(SPEC, null), OriginFilter.ALL),
                    ForecastTopology.streamsConfig(service, SPEC, endpoint));
        }

        void start() {
            streams.start();
            api.start();
        }

        int activeTasks() {
            return streams.metadataForLocalThreads().stream()
                    .mapToInt(t -> t.activeTasks().size())
                    .sum();
        }

        @Override
        public boolean live() {
            return streams.state().isRunningOrRebalancing();
        }

        @Override
        public boolean ready() {
            return streams.state() == KafkaStreams.State.RUNNING;
        }

        @Override
        public Map<String, String> states() {
            return Map.of(SPEC.name, streams.state().name());
        }

        @Override
        public List<TopologyHandle> topologies() {
            return List.of(new TopologyHandle(
                    SPEC.name, SPEC.model.cell, SPEC.stepValue(), SPEC.valueRange(), streams, endpoint));
        }

        HttpResponse<String> get(String path) {
            try {
                return http.send(
                        HttpRequest.newBuilder(URI.create("http://" + endpoint + path))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            api.close();
            streams.close(Duration.ofSeconds(30));
            metrics.close();
            registry.close();
        }
    }

    @BeforeAll
    static void startBrokerAndTwoInstances() throws Exception {
        cluster = TestKafka.start();
        TestKafka.createTopics(cluster, SPEC, 4);

        a = new Instance(Files.createDirectories(tmp.resolve("a")));
        b = new Instance(Files.createDirectories(tmp.resolve("b")));
        a.start();
        b.start();
        // Both join before any state exists, so the assignor splits the tasks at once (no warm-up moves later):
        // 4 ingest tasks (input partitions) plus 4 forecast tasks (the by-series repartition topic).
        await(
                "both instances RUNNING with tasks",
                () -> a.ready()
                        && b.ready()
                        && a.activeTasks() > 0
                        && b.activeTasks() > 0
                        && a.activeTasks() + b.activeTasks() == 8);

        produceObservations();
        readForecastsUntilTheLastOrigins();
    }

    private static void produceObservations() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int h = 0; h < HOURS; h++) {
                for (int s = 0; s < SERIES.size(); s++) {
                    String value =
                            "{\"ts\":\"" + T0.plus(Duration.ofHours(h)) + "\",\"value\":" + (10.0 * s + h + 0.5) + "}";
                    producer.send(new ProducerRecord<>(SPEC.input, SERIES.get(s), value));
                }
            }
            producer.flush();
        }
    }

    private static void readForecastsUntilTheLastOrigins() {
        Instant lastOrigin = T0.plus(Duration.ofHours(HOURS - 1));
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "http-it-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, Forecast> consumer = new KafkaConsumer<>(
                props, new StringDeserializer(), ForecastSerde.serde().deserializer())) {
            consumer.subscribe(List.of(SPEC.output));
            await("a forecast from the last observation of every series", () -> {
                for (ConsumerRecord<String, Forecast> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value().origin().equals(lastOrigin)) {
                        lastOnTopic.put(r.key(), r.value());
                    }
                }
                return lastOnTopic.keySet().containsAll(SERIES);
            });
        }
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {a, b, cluster}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String path(String series) {
        return "/forecasts/" + URLEncoder.encode(series, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void seriesAreSpreadOverBothInstancesSoSomeQueriesAreForwarded() {
        Set<String> owners = new HashSet<>();
        for (String series : SERIES) {
            HostInfo owner = a.streams
                    .queryMetadataForKey(
                            StoreNames.REMEMBERED, series, Serdes.String().serializer())
                    .activeHost();
            owners.add(owner.host() + ":" + owner.port());
        }
        assertEquals(Set.of(a.endpoint, b.endpoint), owners);
    }

    /**
     * The forwarding itself: the instance that does not own a series does not hold its partition
     * (asked with {@code local=true}, as a peer asks, it answers 503: not queryable here), yet
     * answers the plain query with the owner's forecast: the answer can only have come from the owner.
     */
    @Test
    void aQueryToTheInstanceWithoutTheSeriesIsAnsweredByItsOwner() throws Exception {
        int forwarded = 0;
        for (String series : SERIES) {
            HostInfo owner = a.streams
                    .queryMetadataForKey(
                            StoreNames.REMEMBERED, series, Serdes.String().serializer())
                    .activeHost();
            Instance other = (owner.host() + ":" + owner.port()).equals(a.endpoint) ? b : a;
            String one = path(series) + "?topology=" + SPEC.name;
            HttpResponse<String> local = other.get(one + "&local=true");
            assertEquals(
                    503,
                    local.statusCode(),
                    series + " is not in " + other.endpoint + "'s own stores: " + local.body());
            assertTrue(local.body().contains("not queryable here"), local.body());
            HttpResponse<String> answered = other.get(one);
            assertEquals(200, answered.statusCode(), answered.body());
            assertEquals(
                    lastOnTopic.get(series),
                    JSON.readValue(answered.body(), Forecast.class),
                    series + " via " + other.endpoint);
            forwarded++;
        }
        assertEquals(SERIES.size(), forwarded);
    }

    @Test
    void bothInstancesAnswerTheLatestForecastOfEverySeries() throws Exception {
        for (String series : SERIES) {
            Forecast expected = lastOnTopic.get(series);
            for (Instance instance : List.of(a, b)) {
                HttpResponse<String> r = instance.get(path(series));
                assertEquals(200, r.statusCode(), series + " from " + instance.endpoint + ": " + r.body());
                assertEquals(
                        "application/json",
                        r.headers().firstValue("Content-Type").orElse(""));
                JsonNode body = JSON.readTree(r.body());
                assertEquals(series, body.get("series").asText());
                List<Forecast> forecasts = new ArrayList<>();
                body.get("forecasts").forEach(f -> forecasts.add(JSON.convertValue(f, Forecast.class)));
                assertEquals(List.of(expected), forecasts, series + " from " + instance.endpoint);

                HttpResponse<String> one = instance.get(path(series) + "?topology=" + SPEC.name);
                assertEquals(200, one.statusCode(), one.body());
                assertEquals(
                        expected, JSON.readValue(one.body(), Forecast.class), "?topology= answers the Forecast itself");
            }
        }
    }

    @Test
    void anUnknownSeriesIs404OnBothInstances() throws Exception {
        for (Instance instance : List.of(a, b)) {
            for (String series : List.of("nope", "nope-2", "nope-3", "nope-4")) {
                HttpResponse<String> r = instance.get(path(series));
                assertEquals(404, r.statusCode(), r.body());
                assertTrue(JSON.readTree(r.body()).get("error").asText().contains(series));
            }
        }
    }

    @Test
    void bothInstancesAreReady() throws Exception {
        for (Instance instance : List.of(a, b)) {
            HttpResponse<String> r = instance.get("/ready");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(
                    "RUNNING",
                    JSON.readTree(r.body()).get("topologies").get(SPEC.name).asText());
        }
    }

    @Test
    void modelsListTheTopologyWithEveryPartitionOnExactlyOneInstance() throws Exception {
        List<Integer> partitions = new ArrayList<>();
        for (Instance instance : List.of(a, b)) {
            HttpResponse<String> r = instance.get("/models");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode topologies = JSON.readTree(r.body());
            assertEquals(1, topologies.size(), r.body());
            JsonNode topology = topologies.get(0);
            assertEquals(SPEC.name, topology.get("topology").asText());
            assertEquals("gru", topology.get("cell").asText());
            assertTrue(topology.get("tasks").size() > 0, r.body());
            for (JsonNode task : topology.get("tasks")) {
                partitions.add(task.get("partition").asInt());
                assertEquals(0, task.get("version").asLong(), "no checkpoint: the fallback serves, version 0");
                assertTrue(task.get("versions").isEmpty());
                assertTrue(task.get("pinned").isNull(), "nothing pinned: " + task);
                assertFalse(
                        task.get("correction").get("networkServes").asBoolean(),
                        "no proven correction: the base serves, and /models says so: " + task);
            }
        }
        partitions.sort(null);
        assertEquals(IntStream.range(0, 4).boxed().toList(), partitions);
    }

    @Test
    void aRollbackIsCheckedAgainstTheTasksOfEveryInstance() throws Exception {
        for (Instance instance : List.of(a, b)) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://" + instance.endpoint + "/models/" + SPEC.name + "/rollback?version=5"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(409, r.statusCode(), r.body());
            JsonNode body = JSON.readTree(r.body());
            List<String> partitions = new ArrayList<>();
            body.get("tasks").fieldNames().forEachRemaining(partitions::add);
            assertEquals(List.of("0", "1", "2", "3"), partitions, "this instance's tasks and its peer's: " + r.body());
            assertTrue(body.get("versions").isEmpty(), r.body());
            assertTrue(
                    body.get("error").asText().startsWith("no task of topology " + SPEC.name + " keeps version 5"),
                    r.body());
        }
    }
}
