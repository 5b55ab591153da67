package io.streamcast.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.broker.EmbeddedKafkaBroker;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.ingest.RejectReason;
import io.streamcast.ingest.Rejection;
import io.streamcast.testing.HostileInput;
import io.streamcast.topology.ForecastTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's fuzz test: more than 10,000 malformed records ({@link HostileInput}: random bytes,
 * truncated JSON, trailing garbage, wrong types, NaN and huge numbers, missing fields, bad and
 * far-future timestamps, duplicate and stale timestamps, tombstones, keys that are not UTF-8,
 * deeply nested and oversized records...) mixed with good observations of a few series, produced
 * to a real broker while the real {@link StreamcastService} runs. Afterwards:
 * <ul>
 *   <li>the service is still RUNNING and no topology stopped;</li>
 *   <li>every bad record is in the dead-letter topic exactly once, key and value byte for byte
 *   unchanged, with the reason the contract gives and a detail;</li>
 *   <li>every good observation has exactly one forecast (series, origin) shaped as the contract
 *   says, and nothing else was forecast;</li>
 *   <li>the dead-letter counter of each reason equals the records of that reason.</li>
 * </ul>
 * Records are told apart by a {@code fuzz.id} header, which the service carries along. Consumers
 * read {@code read_committed}: the service runs exactly once. Seeded: {@code -Dfuzz.seed=N} replays
 * another sequence, {@code -Dfuzz.bad=N} sends more.
 */
class FuzzIT {
    private static final long SEED = Long.getLong("fuzz.seed", 20261130L);
    private static final int BAD = Integer.getInteger("fuzz.bad", 10_500);
    /** Mutants ({@link HostileInput#EITHER}): good records with a few random edits, fate unknown. */
    private static final int MUTANTS = Integer.getInteger("fuzz.mutants", 2_000);

    private static final int PARTITIONS = 2;
    private static final int HORIZON = 3;
    private static final String ID_HEADER = "fuzz.id";
    /** Generous: two busy cores shared with other builds. Only a bound on a hang, never a measurement. */
    private static final Duration WAIT = Duration.ofSeconds(Long.getLong("fuzz.waitSeconds", 360));

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void malformedRecordsAreDeadLetteredWithTheirReasonAndEveryGoodObservationIsForecast(@TempDir Path dir)
            throws Exception {
        TopologySpec spec = YamlConfig.parseTopology("""
                name: fuzz
                input: fuzz-observations
                output: fuzz-forecasts
                deadLetter: fuzz-dlq
                step: PT1H
                period: 4
                window: 8
                horizon: %d
                model: { cell: lstm, hidden: 4, layers: 1 }
                training: { online: false }
                """.formatted(HORIZON), List.of());
        HostileInput input = new HostileInput(SEED, PARTITIONS, spec.validation.maxRecordBytes, 24, 25, Instant.now());
        List<HostileInput.Rec> records = new ArrayList<>(input.generate(BAD, MUTANTS));
        long badCount = records.stream().filter(HostileInput.Rec::bad).count();
        assertTrue(badCount >= Math.min(BAD, 10_000), "at least 10,000 malformed records: " + badCount);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dir.resolve("broker"))) {
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                // As the README asks: room for the largest record plus the dead-letter headers.
                admin.createTopics(List.of(new NewTopic(spec.deadLetter, PARTITIONS, (short) 1)
                                .configs(Map.of(
                                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                        Integer.toString(ForecastTopology.MAX_DEAD_LETTER_BYTES)))))
                        .all()
                        .get();
            }
            broker.createTopics(List.of(spec.input, spec.output, spec.deadLetter), PARTITIONS);
            ServiceConfig config = new ServiceConfig();
            config.bootstrapServers = broker.bootstrapServers();
            config.applicationId = "fuzz-it";
            config.stateDir = dir.resolve("state").toString();
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (StreamcastService service = new StreamcastService(config, registry)) {
                service.start(List.of(spec), Map.of(), null);
                assertTrue(service.awaitRunning(WAIT), "the service starts: " + service.states());
                produce(broker, spec.input, records);
                records.add(produceLargest(broker, spec.input, records.size()));

                // Each input partition ends with a known bad record: once every known bad record is in,
                // every mutant before it has been decided (a new series of its own: only ingest rejects it).
                Map<Integer, ConsumerRecord<byte[], byte[]>> dead = readById(
                        broker,
                        spec.deadLetter,
                        records,
                        HostileInput.Rec::bad,
                        () -> service.stopped().isEmpty());
                long acceptedMutants = records.stream()
                        .filter(r -> r.mutant() && !dead.containsKey(r.id()))
                        .count();
                List<ConsumerRecord<byte[], byte[]>> forecasts = readForecasts(
                        broker,
                        spec.output,
                        records.stream().filter(HostileInput.Rec::good).count() + acceptedMutants,
                        () -> service.stopped().isEmpty());

                assertEquals(Map.of(), service.stopped(), "no topology stopped");
                assertEquals(Map.of(spec.name, "RUNNING"), service.states(), "the service stays up");
                assertDeadLetters(records, dead);
                assertForecasts(records, forecasts);
                assertForecastsOfMutants(records, dead, forecasts);
                assertEquals(
                        expectedReasons(records, dead), countedReasons(registry), "dead-letter counters by reason");
            }
        }
    }

    private static void produce(EmbeddedKafkaBroker broker, String topic, List<HostileInput.Rec> records)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (HostileInput.Rec r : records) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, r.partition(), r.key(), r.value());
                record.headers().add(ID_HEADER, Integer.toString(r.id()).getBytes(StandardCharsets.UTF_8));
                sent.add(producer.send(record));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        }
    }

    /**
     * The largest record a producer with default settings can send (max.request.size 1 MiB): the
     * broker takes it, and its dead-letter copy carries two headers more.
     */
    private static HostileInput.Rec produceLargest(EmbeddedKafkaBroker broker, String topic, int id) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int size = 1024 * 1024; ; size -= 4) {
                byte[] value = ("{\"ts\":0,\"value\":1,\"pad\":\"" + "p".repeat(size - 30) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0, null, value);
                record.headers().add(ID_HEADER, Integer.toString(id).getBytes(StandardCharsets.UTF_8));
                try {
                    producer.send(record).get();
                    return new HostileInput.Rec(
                            id, 0, null, value, "OVERSIZED", null, null, "largest-record-a-producer-sends");
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.RecordTooLargeException)) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Reads {@code topic} until every record {@code expected} selects has arrived; a record arriving twice fails at once. */
    private static Map<Integer, ConsumerRecord<byte[], byte[]>> readById(
            EmbeddedKafkaBroker broker,
            String topic,
            List<HostileInput.Rec> records,
            Predicate<HostileInput.Rec> expected,
            java.util.function.BooleanSupplier alive) {
        java.util.Set<Integer> wanted = new java.util.HashSet<>();
        records.stream().filter(expected).forEach(r -> wanted.add(r.id()));
        Map<Integer, ConsumerRecord<byte[], byte[]>> byId = new HashMap<>();
        int[] arrived = {0};
        List<String> unexpected = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker, topic)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (arrived[0] < wanted.size()
                    && unexpected.isEmpty()
                    && alive.getAsBoolean()
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Header h = r.headers().lastHeader(ID_HEADER);
                    if (h == null) {
                        unexpected.add("a dead letter without " + ID_HEADER + ": " + preview(r.value()));
                        continue;
                    }
                    int id = Integer.parseInt(new String(h.value(), StandardCharsets.UTF_8));
                    if (byId.put(id, r) != null) {
                        unexpected.add("record " + id + " dead-lettered twice");
                    } else if (wanted.contains(id)) {
                        arrived[0]++;
                    }
                }
            }
            drain(consumer, r -> {
                Header h = r.headers().lastHeader(ID_HEADER);
                int id = h == null ? -1 : Integer.parseInt(new String(h.value(), StandardCharsets.UTF_8));
                if (h == null || byId.put(id, r) != null) {
                    unexpected.add("a dead letter twice or without " + ID_HEADER + ": " + preview(r.value()));
                }
            });
        }
        assertEquals(List.of(), unexpected);
        return byId;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readForecasts(
            EmbeddedKafkaBroker broker, String topic, long want, java.util.function.BooleanSupplier alive) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker, topic)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (out.size() < want && alive.getAsBoolean() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            drain(consumer, out::add);
        }
        return out;
    }

    /** Reads on to the end (for read_committed: the last stable offset), so anything extra already committed shows up. */
    private static void drain(
            KafkaConsumer<byte[], byte[]> consumer, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(sink);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafkaBroker broker, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static void assertDeadLetters(
            List<HostileInput.Rec> records, Map<Integer, ConsumerRecord<byte[], byte[]>> dead) {
        List<String> wrong = new ArrayList<>();
        for (HostileInput.Rec r : records) {
            ConsumerRecord<byte[], byte[]> d = dead.get(r.id());
            if (r.mutant()) {
                if (d != null
                        && (header(d, Rejection.ERROR_HEADER) == null
                                || header(d, Rejection.DETAIL_HEADER) == null
                                || header(d, Rejection.DETAIL_HEADER).isBlank()
                                || !Arrays.equals(r.key(), d.key())
                                || !Arrays.equals(r.value(), d.value()))) {
                    wrong.add("mutant dead-lettered changed or without reason and detail: " + describe(r));
                }
                continue;
            }
            if (r.good()) {
                if (d != null) {
                    wrong.add("good record dead-lettered as " + header(d, Rejection.ERROR_HEADER) + " ("
                            + header(d, Rejection.DETAIL_HEADER) + "): " + describe(r));
                }
                continue;
            }
            if (d == null) {
                wrong.add("not in the dead-letter topic: " + describe(r));
                continue;
            }
            String reason = header(d, Rejection.ERROR_HEADER);
            String detail = header(d, Rejection.DETAIL_HEADER);
            if (!r.reason().equals(reason)) {
                wrong.add("expected " + r.reason() + ", got " + reason + " (" + detail + "): " + describe(r));
            } else if (detail == null || detail.isBlank()) {
                wrong.add("no " + Rejection.DETAIL_HEADER + ": " + describe(r));
            } else if (!Arrays.equals(r.key(), d.key()) || !Arrays.equals(r.value(), d.value())) {
                wrong.add("key or value changed: " + describe(r));
            }
        }
        assertEquals(
                List.of(),
                wrong.subList(0, Math.min(30, wrong.size())),
                wrong.size() + " records mishandled (first 30)");
    }

    /** Exactly one forecast per good observation, at its (series, ts), and contract-shaped. */
    private static void assertForecasts(List<HostileInput.Rec> records, List<ConsumerRecord<byte[], byte[]>> forecasts)
            throws Exception {
        Map<String, Integer> expected = new TreeMap<>();
        records.stream()
                .filter(HostileInput.Rec::good)
                .forEach(r -> expected.merge(r.series() + "@" + r.ts(), 1, Integer::sum));
        Map<String, Integer> actual = new TreeMap<>();
        List<String> malformed = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : forecasts) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            JsonNode f = JSON.readTree(r.value());
            Instant origin = Instant.parse(f.get("origin").asText());
            if (!key.startsWith(HostileInput.MUTANT_KEY)) {
                actual.merge(key + "@" + origin, 1, Integer::sum);
            }
            if (!key.equals(f.get("series").asText()) || f.get("points").size() != HORIZON) {
                malformed.add(preview(r.value()));
            }
            for (int h = 1; h <= HORIZON; h++) {
                JsonNode p = f.get("points").get(h - 1);
                double v = p.get("value").asDouble();
                if (p.get("h").asInt() != h
                        || !Instant.parse(p.get("ts").asText()).equals(origin.plus(Duration.ofHours(h)))
                        || !p.get("value").isNumber()
                        || !Double.isFinite(v)
                        || p.get("lower").asDouble() > v
                        || v > p.get("upper").asDouble()) {
                    malformed.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(List.of(), malformed, "forecasts not as the contract says");
        if (!expected.equals(actual)) {
            List<String> diff = new ArrayList<>();
            expected.forEach((k, n) -> {
                if (!n.equals(actual.get(k))) {
                    diff.add(shorten(k) + ": expected " + n + ", got " + actual.get(k));
                }
            });
            actual.forEach((k, n) -> {
                if (!expected.containsKey(k)) {
                    diff.add(shorten(k) + ": forecast " + n + " time(s), but no good observation");
                }
            });
            fail("one forecast per good observation, no other: " + diff.size() + " differences, first 20: "
                    + diff.subList(0, Math.min(20, diff.size())));
        }
    }

    /** A mutant is either dead-lettered or forecast exactly once, under its own key; never both, never neither. */
    private static void assertForecastsOfMutants(
            List<HostileInput.Rec> records,
            Map<Integer, ConsumerRecord<byte[], byte[]>> dead,
            List<ConsumerRecord<byte[], byte[]>> forecasts) {
        Map<String, Integer> byKey = new HashMap<>();
        forecasts.stream()
                .map(r -> new String(r.key(), StandardCharsets.UTF_8))
                .filter(k -> k.startsWith(HostileInput.MUTANT_KEY))
                .forEach(k -> byKey.merge(k, 1, Integer::sum));
        List<String> wrong = new ArrayList<>();
        int accepted = 0;
        for (HostileInput.Rec r : records) {
            if (!r.mutant()) {
                continue;
            }
            int n = byKey.getOrDefault(new String(r.key(), StandardCharsets.UTF_8), 0);
            int want = dead.containsKey(r.id()) ? 0 : 1;
            accepted += want;
            if (n != want) {
                wrong.add((want == 0 ? "dead-lettered and forecast " : "neither dead-lettered nor forecast once ") + n
                        + ": " + describe(r));
            }
        }
        assertEquals(
                List.of(),
                wrong.subList(0, Math.min(30, wrong.size())),
                wrong.size() + " mutants mishandled (first 30)");
        System.out.println("FuzzIT: " + accepted + " of "
                + records.stream().filter(HostileInput.Rec::mutant).count()
                + " mutants accepted and forecast, the rest dead-lettered");
    }

    /** Known reasons, plus whatever the dead-letter topic says of each mutant. */
    private static Map<String, Long> expectedReasons(
            List<HostileInput.Rec> records, Map<Integer, ConsumerRecord<byte[], byte[]>> dead) {
        Map<String, Long> counts = new TreeMap<>();
        records.stream().filter(HostileInput.Rec::bad).forEach(r -> counts.merge(r.reason(), 1L, Long::sum));
        records.stream()
                .filter(r -> r.mutant() && dead.containsKey(r.id()))
                .forEach(r -> counts.merge(header(dead.get(r.id()), Rejection.ERROR_HEADER), 1L, Long::sum));
        return counts;
    }

    private static Map<String, Long> countedReasons(PrometheusMeterRegistry registry) {
        Map<String, Long> counts = new TreeMap<>();
        for (RejectReason reason : RejectReason.values()) {
            FunctionCounter c = registry.find("streamcast.dead.letters")
                    .tag("reason", reason.name())
                    .functionCounter();
            if (c != null && c.count() > 0) {
                counts.put(reason.name(), (long) c.count());
            }
        }
        return counts;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r == null ? null : r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String describe(HostileInput.Rec r) {
        return "#" + r.id() + " " + r.kind() + " key=" + (r.key() == null ? "null" : preview(r.key())) + " value="
                + (r.value() == null ? "null" : preview(r.value()));
    }

    private static String preview(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8);
        return s.length() > 120 ? s.substring(0, 120) + "...(" + b.length + " bytes)" : s;
    }

    private static String shorten(String s) {
        return s.length() > 100 ? s.substring(0, 40) + "..." + s.substring(s.length() - 40) : s;
    }
}
