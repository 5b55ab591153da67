package io.streamcast.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.cli.StreamcastCommand;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastSerde;
import io.streamcast.metrics.MetricsRegistries;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.VersionedModel;
import io.streamcast.service.ServiceRuntime;
import io.streamcast.testing.TestKafka;
import io.streamcast.training.NetworkSpecs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service on a real broker, learning online from version 1 until its tasks promote; then an
 * operator rolls back to version 1 through REST. Every task serves version 1 again and pins it,
 * the forecasts that follow say so, the rollback metric counts the tasks that changed, and the
 * models topic holds every version the tasks served. While pinned, further learning promotes
 * nothing; after {@code streamcast resume} it does, with new numbers.
 */
class ModelControlIT {
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final List<String> SERIES = List.of("a", "b", "c", "d", "e", "f");
    private static final ObjectMapper JSON = ForecastSerde.JSON;
    private static final String APP = "control-it-app";
    private static final TopologySpec SPEC = YamlConfig.parseTopology("""
            name: control-it
            input: control-it-observations
            output: control-it-forecasts
            deadLetter: control-it-dlq
            step: PT1H
            period: 4
            window: 8
            horizon: 3
            model: { cell: lstm, hidden: 4, layers: 1 }
            training: { online: true, batchSize: 4, shadowWindow: 8, learningRate: 0.01 }
            batching: { maxBatch: 64, maxDelayMs: 20 }
            """, List.of());

    @TempDir
    static Path tmp;

    private static KafkaClusterTestKit cluster;
    private static ServiceRuntime runtime;
    private static KafkaProducer<String, String> producer;
    private static int hour;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startBrokerAndService() throws Exception {
        cluster = TestKafka.start();
        TestKafka.createTopics(cluster, SPEC, 2);
        ServiceConfig config = new ServiceConfig();
        config.bootstrapServers = cluster.bootstrapServers();
        config.applicationId = APP;
        config.stateDir = Files.createDirectories(tmp.resolve("state")).toString();
        config.http.port = 0;
        VersionedModel seed = VersionedModel.of(1, NetworkFactory.build(NetworkSpecs.of(SPEC)), false);
        runtime = ServiceRuntime.start(config, List.of(SPEC), Map.of(SPEC.name, seed), MetricsRegistries.prometheus());
        assertTrue(
                runtime.service().awaitRunning(Duration.ofSeconds(60)),
                runtime.service().states().toString());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** One step of every series: a learnable seasonal pattern per series. */
    private static void feedHours(int hours) {
        for (int end = hour + hours; hour < end; hour++) {
            for (int s = 0; s < SERIES.size(); s++) {
                double value = 10 * s + 5 * Math.sin(2 * Math.PI * hour / SPEC.period) + (hour % 3);
                producer.send(new ProducerRecord<>(
                        SPEC.input,
                        SERIES.get(s),
                        "{\"ts\":\"" + T0.plus(Duration.ofHours(hour)) + "\",\"value\":" + value + "}"));
            }
        }
        producer.flush();
    }

    @Test
    void rollbackFromRestReachesEveryTaskPinsItAndIsPublished() throws Exception {
        // Learn until some task has promoted past the seed.
        int startHour = hour;
        await("a promotion past version 1", () -> {
            feedHours(4);
            sleep(200);
            return servingVersions().values().stream().anyMatch(v -> v > 1);
        });
        int hoursToPromote = hour - startHour;
        // Quiet: no new examples, so no promotion races the rollback.
        Map<Integer, Long> before = stableVersions();
        assertEquals(2, before.size(), "both forecast tasks listed: " + before);
        long changing = before.values().stream().filter(v -> v != 1).count();

        assertEquals(404, post("/models/nope/rollback?version=1").statusCode());
        assertEquals(400, post("/models/" + SPEC.name + "/rollback?version=-1").statusCode());
        assertEquals(400, post("/models/" + SPEC.name + "/rollback").statusCode());
        HttpResponse<String> accepted = post("/models/" + SPEC.name + "/rollback?version=1");
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertFalse(JSON.readTree(accepted.body()).path("id").asText().isBlank(), accepted.body());

        await(
                "every task serves version 1 again, pinned",
                () -> servingVersions().values().stream().allMatch(v -> v == 1)
                        && pins().values().stream().allMatch(p -> p == 1)
                        && pins().size() == 2);
        // At least the tasks seen past version 1; a trainer slower than stableVersions' second may have promoted one
        // more.
        double rollbacks = metric("streamcast_model_rollbacks_total");
        assertTrue(
                rollbacks >= changing && rollbacks <= 2,
                "counted once per task that changed version: " + rollbacks + ", " + before);
        // Seeded with version 1: no task keeps a version 0, nor 999. Refused at once, with what every task keeps.
        for (String missing : List.of("0", "999")) {
            HttpResponse<String> refused = post("/models/" + SPEC.name + "/rollback?version=" + missing);
            assertEquals(409, refused.statusCode(), refused.body());
            JsonNode body = JSON.readTree(refused.body());
            assertEquals(1, body.get("versions").get(0).asLong(), refused.body());
            assertEquals(2, body.get("tasks").size(), refused.body());
            assertTrue(body.get("error").asText().contains("keeps version " + missing), refused.body());
        }
        assertEquals(Map.of(0, 1L, 1, 1L), servingVersions(), "a refused rollback changes nothing");
        Map<Integer, Long> highestKept = keptVersions().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue().get(e.getValue().size() - 1)));

        // Forecasts from here on come from version 1: pinned, nothing is promoted over it.
        try (KafkaConsumer<String, Forecast> consumer = forecastsConsumer()) {
            Instant firstNew = T0.plus(Duration.ofHours(hour));
            feedHours(2);
            Map<String, Forecast> after = new HashMap<>();
            await("forecasts after the rollback for every series", () -> {
                for (ConsumerRecord<String, Forecast> r : consumer.poll(Duration.ofMillis(200))) {
                    if (!r.value().origin().isBefore(firstNew)) {
                        after.putIfAbsent(r.key(), r.value());
                    }
                }
                return after.keySet().containsAll(SERIES);
            });
            for (Forecast f : after.values()) {
                assertEquals(1, f.version(), "version after rollback: " + f);
            }
        }

        // Pinned: twice the learning that promoted before promotes nothing.
        feedHours(2 * hoursToPromote);
        sleep(1000);
        assertEquals(Map.of(0, 1L, 1, 1L), stableVersions(), "pinned versions survive later promotion attempts");
        assertEquals(Map.of(0, 1L, 1, 1L), pins());

        // Resumed (through the CLI): the learner promotes again, with numbers never used before.
        CommandLineRun resumed = cli("resume", "--topology", SPEC.name, "--url", "http://" + runtime.httpEndpoint());
        assertEquals(0, resumed.status, resumed.err);
        await("pins lifted", () -> pins().isEmpty());
        await("a promotion after the resume", () -> {
            feedHours(4);
            sleep(200);
            return servingVersions().values().stream().anyMatch(v -> v > 1);
        });
        Map<Integer, Long> now = servingVersions();
        now.forEach((partition, v) -> assertTrue(
                v == 1 || v > highestKept.get(partition),
                "partition " + partition + ": version " + v + " is new, above " + highestKept));

        // The models topic: every version each task served, and the rollback republished version 1 last.
        Map<String, List<Long>> published = publishedVersions(ControlTopics.models(config(), SPEC));
        assertEquals(2, published.size(), published.toString());
        for (Map.Entry<Integer, Long> task : before.entrySet()) {
            List<Long> versions = published.entrySet().stream()
                    .filter(e ->
                            e.getKey().startsWith(SPEC.name + "/") && e.getKey().endsWith("_" + task.getKey()))
                    .findFirst()
                    .orElseThrow(
                            () -> new AssertionError("no record for partition " + task.getKey() + ": " + published))
                    .getValue();
            assertEquals(1L, versions.get(0), "the seed version is published first: " + versions);
            assertTrue(
                    versions.contains(task.getValue()),
                    "served version " + task.getValue() + " published: " + versions);
            if (task.getValue() != 1) {
                assertEquals(
                        1L,
                        versions.get(versions.indexOf(task.getValue()) + 1),
                        "the rollback is published: " + versions);
            }
        }
    }

    @Test
    void theCommandLineRefusesAnUnknownTopologyWithOneLine() {
        CommandLineRun r =
                cli("rollback", "--topology", "nope", "--version", "1", "--url", "http://" + runtime.httpEndpoint());
        assertEquals(2, r.status, r.err);
        assertEquals(1, r.err.strip().lines().count(), r.err);
        assertTrue(r.err.contains("no topology named 'nope'"), r.err);
    }

    @Test
    void theCommandLineRefusesAMissingVersionWithOneLineNamingTheKeptVersions() {
        CommandLineRun r = cli(
                "rollback", "--topology", SPEC.name, "--version", "999", "--url", "http://" + runtime.httpEndpoint());
        assertEquals(2, r.status, r.err);
        assertEquals(1, r.err.strip().lines().count(), r.err);
        assertTrue(
                r.err.startsWith("streamcast rollback: no task of topology " + SPEC.name
                        + " keeps version 999; versions every task keeps: 1"),
                r.err);
    }

    @Test
    void withoutACheckpointNewTasksWarmStartFromTheModelsTopicsCommittedVersions() throws Exception {
        ServiceConfig other = new ServiceConfig();
        other.bootstrapServers = cluster.bootstrapServers();
        other.applicationId = "warm-it-app";
        other.stateDir = Files.createDirectories(tmp.resolve("warm-state")).toString();
        other.http.port = 0;
        try (Admin admin = cluster.admin()) {
            // Created beforehand by an operator, with two partitions (the service makes one): the
            // versions then lie wherever their keys hash, and the warm start must read them all.
            admin.createTopics(List.of(new NewTopic(ControlTopics.models(other, SPEC), 2, (short) 1)))
                    .all()
                    .get();
            ControlTopics.ensure(admin, other, List.of(SPEC));
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<String, byte[]> models = new KafkaProducer<>(
                props, new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            models.send(new ProducerRecord<>(
                            ControlTopics.models(other, SPEC), 1, SPEC.name + "/2_0", untrainedVersion(5)))
                    .get();
        }
        // A task that crashed mid-transaction: its version 7 was sent and then aborted, never committed
        // with a model store. The warm start must not take it.
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "warm-it-crashed-task");
        try (KafkaProducer<String, byte[]> crashed = new KafkaProducer<>(
                props, new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            crashed.initTransactions();
            crashed.beginTransaction();
            crashed.send(new ProducerRecord<>(
                            ControlTopics.models(other, SPEC), SPEC.name + "/2_1", untrainedVersion(7)))
                    .get();
            crashed.abortTransaction();
        }
        try (ServiceRuntime warm =
                ServiceRuntime.start(other, List.of(SPEC), Map.of(), MetricsRegistries.prometheus())) {
            assertTrue(warm.service().awaitRunning(Duration.ofSeconds(60)));
            await("both tasks serve the published version 5", () -> {
                try {
                    HttpResponse<String> r =
                            send(HttpRequest.newBuilder(URI.create("http://" + warm.httpEndpoint() + "/models"))
                                    .GET()
                                    .build());
                    JsonNode tasks = JSON.readTree(r.body()).get(0).get("tasks");
                    return tasks.size() == 2
                            && tasks.get(0).get("version").asLong() == 5
                            && tasks.get(1).get("version").asLong() == 5;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** An untrained network of the test topology as model version {@code version}, in its published bytes. */
    private static byte[] untrainedVersion(long version) {
        return VersionedModel.of(version, NetworkFactory.build(NetworkSpecs.of(SPEC)), false)
                .toBytes();
    }

    private record CommandLineRun(int status, String out, String err) {}

    private static CommandLineRun cli(String... args) {
        var cli = StreamcastCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new CommandLineRun(status, out.toString(), err.toString());
    }

    private static ServiceConfig config() {
        ServiceConfig c = new ServiceConfig();
        c.applicationId = APP;
        return c;
    }

    /** Partition -> serving version, from GET /models. */
    private static Map<Integer, Long> servingVersions() {
        try {
            HttpResponse<String> r = get("/models");
            assertEquals(200, r.statusCode(), r.body());
            Map<Integer, Long> versions = new TreeMap<>();
            for (JsonNode task : JSON.readTree(r.body()).get(0).get("tasks")) {
                versions.put(task.get("partition").asInt(), task.get("version").asLong());
            }
            return versions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Partition -> the versions its task keeps, ascending, from GET /models. */
    private static Map<Integer, List<Long>> keptVersions() {
        try {
            Map<Integer, List<Long>> kept = new TreeMap<>();
            for (JsonNode task : JSON.readTree(get("/models").body()).get(0).get("tasks")) {
                List<Long> versions = new ArrayList<>();
                task.get("versions").forEach(v -> versions.add(v.asLong()));
                kept.put(task.get("partition").asInt(), versions);
            }
            return kept;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Partition -> pinned version, for the tasks that have a pin, from GET /models. */
    private static Map<Integer, Long> pins() {
        try {
            Map<Integer, Long> pins = new TreeMap<>();
            for (JsonNode task : JSON.readTree(get("/models").body()).get(0).get("tasks")) {
                if (!task.get("pinned").isNull()) {
                    pins.put(task.get("partition").asInt(), task.get("pinned").asLong());
                }
            }
            return pins;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serving versions once the last fed examples are learned from: two readings a second apart agree. */
    private static Map<Integer, Long> stableVersions() {
        Map<Integer, Long> previous = servingVersions();
        for (int i = 0; i < 30; i++) {
            sleep(1000);
            Map<Integer, Long> now = servingVersions();
            if (now.equals(previous)) {
                return now;
            }
            previous = now;
        }
        return fail("model versions kept changing without input: " + previous);
    }

    private static double metric(String name) throws IOException {
        String text = get("/metrics").body();
        double sum = 0;
        for (String line : text.lines().toList()) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static KafkaConsumer<String, Forecast> forecastsConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        KafkaConsumer<String, Forecast> consumer = new KafkaConsumer<>(
                props, new StringDeserializer(), ForecastSerde.serde().deserializer());
        TopicPartition p = new TopicPartition(SPEC.output, 0);
        consumer.assign(List.of(p));
        consumer.seekToEnd(List.of(p));
        consumer.position(p); // resolve the end now, before new forecasts arrive
        return consumer;
    }

    /** Record key -> the versions published under it, in topic order. */
    private static Map<String, List<Long>> publishedVersions(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        Map<String, List<Long>> versions = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long end = consumer.endOffsets(List.of(p)).get(p);
            while (consumer.position(p) < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    long version = VersionedModel.fromBytes(r.value()).version();
                    assertEquals(
                            Long.toString(version),
                            new String(
                                    r.headers().lastHeader("streamcast.version").value(), StandardCharsets.UTF_8));
                    versions.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(version);
                }
            }
        }
        return versions;
    }

    private static HttpResponse<String> get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create("http://" + runtime.httpEndpoint() + path))
                .GET()
                .build());
    }

    private static HttpResponse<String> post(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create("http://" + runtime.httpEndpoint() + path))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
