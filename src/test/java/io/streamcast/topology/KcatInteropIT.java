package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.testing.TestKafka;
import io.streamcast.training.NetworkTaskModels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract's promise that plain kcat is enough to use Streamcast: observations produced with
 * {@code kcat -P -K:}, forecasts and dead letters read with {@code kcat -C}, against a real broker
 * and the real topology in a real {@link KafkaStreams}. Also proves that a restart, even one with
 * the local state wiped, resumes every series where it stopped.
 */
class KcatInteropIT {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(45);
    /** The input topics' partitions, as the service reads them at start and passes to the topology. */
    private static final int INPUT_PARTITIONS = 2;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ERROR_HEADER = Pattern.compile("streamcast\\.error=([A-Z_]+)");

    private static KafkaClusterTestKit cluster;
    private static Kcat kcat;

    @BeforeAll
    static void startBroker() throws Exception {
        Path binary = Kcat.find().orElse(null);
        Assertions.assertNotNull(
                binary,
                "kcat not found on the PATH or at /usr/bin/kcat (Debian package kafkacat; bin/test installs it)");
        cluster = TestKafka.start();
        kcat = new Kcat(binary, cluster.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void kcatProducesObservationsAndReadsForecastsAndDeadLetters(@TempDir Path stateDir) throws Exception {
        TopologySpec spec = spec("interop", "observations", "forecasts", "observations-dlq");
        createTopics(spec);
        KafkaStreams streams = start(spec, stateDir);
        try {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                lines.add(observation("s1", i, 10 + i));
            }
            lines.add(observation("s2", 0, 7));
            lines.add("s1:not json");
            kcat.produce(spec.input, lines);

            List<String> records = kcat.consume(spec.output, "%k\\t%s\\n", 7, WAIT);
            assertEquals(7, records.size(), "one forecast per accepted observation: " + summary(records));
            List<JsonNode> s1 = forecastsOf("s1", records);
            assertEquals(
                    IntStream.range(0, 6)
                            .mapToObj(i -> T0.plusSeconds(3600L * i).toString())
                            .toList(),
                    s1.stream().map(f -> f.get("origin").asText()).toList(),
                    "s1 forecasts in observation order");
            for (JsonNode f : s1) {
                assertTargets(f, "s1", 3);
            }
            // Less than a season (period 4) of history: naive; from then on the value a season ago.
            assertEquals("naive", s1.get(2).get("model").asText());
            assertEquals("seasonal-naive", s1.get(5).get("model").asText());
            assertEquals(12.0, s1.get(5).get("points").get(0).get("value").asDouble(), 1e-9);
            JsonNode s2 = forecastsOf("s2", records).get(0);
            assertTargets(s2, "s2", 3);
            assertEquals(7.0, s2.get("points").get(0).get("value").asDouble(), 1e-9);

            List<String> dead = kcat.consume(spec.deadLetter, "%k\\t%s\\t%h\\n", 1, WAIT);
            assertEquals(1, dead.size(), dead.toString());
            assertTrue(dead.get(0).startsWith("s1\tnot json\t"), "key and value unchanged: " + dead.get(0));
            assertEquals(List.of("NOT_JSON"), reasons(dead));
            assertTrue(dead.get(0).contains("streamcast.detail="), dead.get(0));
            // What kcat users see: which topology refused it and where the input record sits.
            assertTrue(dead.get(0).contains("streamcast.topology=" + spec.name), dead.get(0));
            assertTrue(
                    java.util.regex.Pattern.compile(
                                    "streamcast\\.source=" + java.util.regex.Pattern.quote(spec.input) + "-[01]@\\d+")
                            .matcher(dead.get(0))
                            .find(),
                    dead.get(0));
        } finally {
            close(streams);
        }
    }

    /**
     * A stream's own history backtests as it is: AirPassengers produced to a topic with {@code kcat
     * -P -K:} (one record the service would dead-letter among them), dumped with {@code kcat -C
     * -K'\t'} and with {@code kcat -C -J}, and each dump backtested (the base, frozen) forecasts
     * exactly what the CSV the records came from forecasts.
     */
    @Test
    void aTopicDumpedWithKcatBacktestsAsTheCsvItCameFrom(@TempDir Path dir) throws Exception {
        String topic = "dumped-observations";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Path csv = Path.of("src/main/resources/data/AirPassengers.csv");
        List<String> lines = new ArrayList<>();
        for (String row : java.nio.file.Files.readAllLines(csv).subList(1, 145)) {
            String[] f = row.split(",");
            lines.add(f[0] + ":{\"ts\":\"" + f[1] + "\",\"value\":" + f[2] + "}");
            if (lines.size() == 20) {
                lines.add("AirPassengers:not json");
            }
        }
        kcat.produce(topic, lines);
        Path keyed = dir.resolve("keyed.jsonl");
        java.nio.file.Files.write(keyed, kcat.consume(topic, "%k\\t%s\\n", lines.size(), WAIT));
        Path enveloped = dir.resolve("enveloped.jsonl");
        java.nio.file.Files.write(enveloped, kcat.consumeJson(topic, lines.size(), WAIT));

        Path topology = Path.of("topologies/examples/airpassengers.yaml");
        List<String> fromCsv = backtest(topology, csv, dir.resolve("csv-out.csv"));
        assertEquals(fromCsv, backtest(topology, keyed, dir.resolve("keyed-out.csv")), "kcat -K'\\t'");
        assertEquals(fromCsv, backtest(topology, enveloped, dir.resolve("enveloped-out.csv")), "kcat -J");
    }

    /** The forecasts CSV of a base-only, frozen backtest of {@code data}. */
    private static List<String> backtest(Path topology, Path data, Path out) throws Exception {
        int status = io.streamcast.cli.StreamcastCommand.commandLine()
                .execute(
                        "backtest",
                        "--topology",
                        topology.toString(),
                        "--data",
                        data.toString(),
                        "--out",
                        out.toString(),
                        "--set",
                        "training.epochs=0",
                        "--set",
                        "training.online=false");
        assertEquals(0, status, "backtest of " + data);
        return java.nio.file.Files.readAllLines(out);
    }

    @Test
    void aRestartResumesEverySeriesAndAWipedStateDirIsRestoredFromTheChangelog(
            @TempDir Path stateDir, @TempDir Path wipedStateDir) throws Exception {
        TopologySpec spec = spec("restart", "restart-observations", "restart-forecasts", "restart-dlq");
        createTopics(spec);

        KafkaStreams first = start(spec, stateDir);
        try {
            kcat.produce(
                    spec.input,
                    IntStream.range(0, 5)
                            .mapToObj(i -> observation("s1", i, 10 * (i + 1)))
                            .toList());
            assertEquals(5, kcat.consume(spec.output, "%k\\t%s\\n", 5, WAIT).size());
        } finally {
            close(first);
        }

        // Same application id and state dir: 10, 20, 30, 40, 50 must still be there.
        KafkaStreams second = start(spec, stateDir);
        try {
            kcat.produce(spec.input, List.of(observation("s1", 4, 99), observation("s1", 5, 60)));
            JsonNode f = lastForecast(spec, 6);
            assertEquals(T0.plusSeconds(5 * 3600).toString(), f.get("origin").asText());
            assertEquals("seasonal-naive", f.get("model").asText(), "the series kept its history");
            assertEquals(List.of(30.0, 40.0, 50.0), values(f), "seasonal naive over 10..60 with period 4");
            List<String> dead = kcat.consume(spec.deadLetter, "%k\\t%s\\t%h\\n", 1, WAIT);
            assertEquals(List.of("DUPLICATE_TS"), reasons(dead), "ts 04:00 was accepted before the restart");
            assertTrue(dead.get(0).contains("\"value\":99"), dead.get(0));
        } finally {
            close(second);
        }

        // A new, empty state dir: the series must come back from the changelog topic.
        KafkaStreams third = start(spec, wipedStateDir);
        try {
            kcat.produce(spec.input, List.of(observation("s1", 5, 98), observation("s1", 6, 70)));
            JsonNode f = lastForecast(spec, 7);
            assertEquals(T0.plusSeconds(6 * 3600).toString(), f.get("origin").asText());
            assertEquals("seasonal-naive", f.get("model").asText(), "the series was restored from the changelog");
            assertEquals(List.of(40.0, 50.0, 60.0), values(f));
            List<String> dead = kcat.consume(spec.deadLetter, "%k\\t%s\\t%h\\n", 2, WAIT);
            assertEquals(
                    List.of("DUPLICATE_TS", "DUPLICATE_TS"), reasons(dead), "ts 05:00 was accepted before the restart");
            assertTrue(dead.get(1).contains("\"value\":98"), dead.get(1));
        } finally {
            close(third);
        }
    }

    /**
     * kcat hashes keys with CRC32, Java clients with murmur2: the same series id can land on
     * different input partitions depending on who produced it. It must still be one series.
     */
    @Test
    void aSeriesStaysOneSeriesWhicheverClientPartitionedIt(@TempDir Path stateDir) throws Exception {
        TopologySpec spec = spec("mixed", "mixed-observations", "mixed-forecasts", "mixed-dlq");
        createTopics(spec);
        KafkaStreams streams = start(spec, stateDir);
        try (KafkaProducer<String, String> java = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            kcat.produce(
                    spec.input,
                    IntStream.range(0, 4)
                            .mapToObj(i -> observation("s1", i, 10 * (i + 1)))
                            .toList());
            assertEquals(4, kcat.consume(spec.output, "%k\\t%s\\n", 4, WAIT).size());

            String kcatPartition = kcat.consume(spec.input, "%p\\n", 4, WAIT).get(0);
            int javaPartition = send(java, spec.input, observation("s1", 3, 99));
            send(java, spec.input, observation("s1", 4, 50));
            assertNotEquals(
                    kcatPartition,
                    Integer.toString(javaPartition),
                    "precondition: the clients disagree on the partition of s1");

            JsonNode f = lastForecast(spec, 5);
            assertEquals("seasonal-naive", f.get("model").asText(), "the history kcat sent is part of the series");
            assertEquals(List.of(20.0, 30.0, 40.0), values(f));
            assertEquals(List.of("DUPLICATE_TS"), reasons(kcat.consume(spec.deadLetter, "%k\\t%s\\t%h\\n", 1, WAIT)));
            // kcat's four crossed the by-series topic to s1's partition; the Java client's two were
            // already there and were forecast by the task that read them, without the hop.
            assertEquals(
                    4, recordsSentTo(streams, "by-series-repartition"), "records that crossed the by-series topic");
        } finally {
            close(streams);
        }
    }

    /** Records the Streams client's producer sent to the internal topic whose name ends with {@code suffix}. */
    private static long recordsSentTo(KafkaStreams streams, String suffix) {
        return Math.round(streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-topic-metrics")
                        && e.getKey().name().equals("record-send-total")
                        && e.getKey().tags().getOrDefault("topic", "").endsWith(suffix))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum());
    }

    /** Sends {@code key:value} like kcat -K: would, but with the Java client's partitioner; returns the partition. */
    private static int send(KafkaProducer<String, String> producer, String topic, String keyColonValue)
            throws Exception {
        String[] kv = keyColonValue.split(":", 2);
        return producer.send(new ProducerRecord<>(topic, kv[0], kv[1])).get().partition();
    }

    private static TopologySpec spec(String name, String input, String output, String deadLetter) {
        return YamlConfig.parseTopology("""
                name: %s
                input: %s
                output: %s
                deadLetter: %s
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                model: { cell: lstm, hidden: 4, layers: 1 }
                training: { online: false }
                """.formatted(name, input, output, deadLetter), List.of());
    }

    private static void createTopics(TopologySpec spec) throws Exception {
        try (Admin admin = cluster.admin()) {
            // Two input partitions: kcat's own key partitioner decides where a series lands.
            admin.createTopics(List.of(
                            new NewTopic(spec.input, INPUT_PARTITIONS, (short) 1),
                            new NewTopic(spec.output, 2, (short) 1),
                            new NewTopic(spec.deadLetter, 1, (short) 1)))
                    .all()
                    .get();
        }
    }

    private static KafkaStreams start(TopologySpec spec, Path stateDir) throws InterruptedException {
        ServiceConfig service = new ServiceConfig();
        service.bootstrapServers = cluster.bootstrapServers();
        service.applicationId = "kcat-it";
        service.stateDir = stateDir.toString();
        KafkaStreams streams = new KafkaStreams(
                ForecastTopology.build(
                        spec,
                        new TopologyMetrics(spec.name, spec.model.cell),
                        NetworkTaskModels.frozen(spec, null),
                        OriginFilter.ALL,
                        null,
                        INPUT_PARTITIONS),
                ForecastTopology.streamsConfig(service, spec, null));
        streams.start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || System.nanoTime() > deadline) {
                streams.close(Duration.ofSeconds(10));
                fail("Kafka Streams did not reach RUNNING, state " + streams.state());
            }
            Thread.sleep(50);
        }
        return streams;
    }

    /** Leaves the group on close, so the next instance gets the partitions at once instead of after the session timeout. */
    private static void close(KafkaStreams streams) {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }

    private static String observation(String series, int hour, double value) {
        return series + ":{\"ts\":\"" + T0.plusSeconds(3600L * hour) + "\",\"value\":" + value + "}";
    }

    /** Waits for the {@code count}-th forecast and checks no observation was forecast twice. */
    private static JsonNode lastForecast(TopologySpec spec, int count) throws Exception {
        List<String> records = kcat.consume(spec.output, "%k\\t%s\\n", count, WAIT);
        assertEquals(count, records.size(), "exactly one forecast per accepted observation: " + summary(records));
        List<JsonNode> forecasts = forecastsOf("s1", records);
        assertEquals(
                IntStream.range(0, count)
                        .mapToObj(i -> T0.plusSeconds(3600L * i).toString())
                        .toList(),
                forecasts.stream().map(f -> f.get("origin").asText()).toList());
        JsonNode last = forecasts.get(count - 1);
        assertTargets(last, "s1", 3);
        return last;
    }

    /** key@origin/model of each forecast line, short enough for an assertion message. */
    private static List<String> summary(List<String> keyTabValueLines) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : keyTabValueLines) {
            String[] kv = line.split("\t", 2);
            JsonNode f = JSON.readTree(kv[1]);
            out.add(kv[0] + "@" + f.path("origin").asText() + "/"
                    + f.path("model").asText());
        }
        return out;
    }

    private static List<JsonNode> forecastsOf(String key, List<String> keyTabValueLines) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : keyTabValueLines) {
            String[] kv = line.split("\t", 2);
            if (kv[0].equals(key)) {
                out.add(JSON.readTree(kv[1]));
            }
        }
        return out;
    }

    /** Contract: series named, h = 1..horizon, target ts = origin + h steps, lower <= value <= upper. */
    private static void assertTargets(JsonNode forecast, String series, int horizon) {
        assertEquals(series, forecast.get("series").asText());
        Instant origin = Instant.parse(forecast.get("origin").asText());
        JsonNode points = forecast.get("points");
        assertEquals(horizon, points.size(), forecast.toString());
        for (int h = 1; h <= horizon; h++) {
            JsonNode p = points.get(h - 1);
            assertEquals(h, p.get("h").asInt());
            assertEquals(
                    origin.plusSeconds(3600L * h), Instant.parse(p.get("ts").asText()));
            assertTrue(
                    p.get("lower").asDouble() <= p.get("value").asDouble()
                            && p.get("value").asDouble() <= p.get("upper").asDouble(),
                    p.toString());
        }
    }

    private static List<Double> values(JsonNode forecast) {
        List<Double> values = new ArrayList<>();
        forecast.get("points").forEach(p -> values.add(p.get("value").asDouble()));
        return values;
    }

    private static List<String> reasons(List<String> kcatHeaderLines) {
        return kcatHeaderLines.stream()
                .map(line -> {
                    Matcher m = ERROR_HEADER.matcher(line);
                    return m.find() ? m.group(1) : "no streamcast.error header in: " + line;
                })
                .toList();
    }
}
