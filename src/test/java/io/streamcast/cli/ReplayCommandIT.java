package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.broker.EmbeddedKafkaBroker;
import io.streamcast.testing.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `replay` feeds a real broker with contract-shaped observations, time step by time step. */
class ReplayCommandIT {
    /** Series a and b, two hourly steps each. */
    private static final String TWO_SERIES_TWO_STEPS =
            "series,ts,value\na,2024-01-01T00:00:00Z,1\nb,2024-01-01T00:00:00Z,10\na,2024-01-01T01:00:00Z,2\nb,2024-01-01T01:00:00Z,20\n";

    @Test
    void replaysACsvAsKeyedJsonObservations(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, TWO_SERIES_TWO_STEPS);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dir.resolve("broker"))) {
            broker.createTopics(List.of("obs"), 1);
            Run run = run(replay(broker, csv, "0.5"));
            assertEquals(0, run.status, run.printed);
            List<String> lines =
                    run.printed.lines().filter(l -> l.startsWith("replay")).toList();
            assertEquals(
                    "replaying 4 records of 2 series from " + csv + " to topic obs at " + broker.bootstrapServers()
                            + ": 1 time steps at once, then 1 live at 50.0 steps/s (about 0s)",
                    lines.get(0),
                    "says what, where and how many first: " + lines);
            assertTrue(lines.get(1).startsWith("replay: ") || lines.get(1).startsWith("replay "), lines.toString());
            List<ConsumerRecord<String, String>> records = readAll(broker, 1, 4);
            assertEquals(
                    List.of("a", "b", "a", "b"),
                    records.stream().map(ConsumerRecord::key).toList(),
                    "time step by time step");
            assertTrue(
                    records.get(3).value().contains("\"ts\":\"2024-01-01T01:00:00Z\"")
                            && records.get(3).value().contains("\"value\":20.0"),
                    records.get(3).value());
        }
    }

    /**
     * An event log, a row per event: a busy series (six events an hour, two at the same minute) and
     * a quiet one (one an hour). The replay sends them in time order, each instant's events together
     * and every one of them; replayed point by point, the busy series' hour 1 went out with the
     * quiet series' hour 6, and the quiet series ran days ahead of the busy one.
     */
    @Test
    void anEventLogIsReplayedInTimeOrderEveryEventSent(@TempDir Path dir) throws Exception {
        StringBuilder log = new StringBuilder("series,ts,value\n");
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        for (int hour = 0; hour < 8; hour++) {
            for (int minute : new int[] {0, 10, 10, 30, 40, 50}) {
                log.append("busy,")
                        .append(t0.plusSeconds(3600L * hour + 60L * minute))
                        .append(",1\n");
            }
            log.append("quiet,").append(t0.plusSeconds(3600L * hour + 60L * 20)).append(",1\n");
        }
        Path csv = dir.resolve("events.csv");
        Files.writeString(csv, log.toString());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dir.resolve("broker"))) {
            broker.createTopics(List.of("obs"), 1);
            Run run = run(replay(broker, csv, "0.9"));
            assertEquals(0, run.status, run.printed);
            assertTrue(
                    run.printed.contains("replaying 56 records of 2 series from " + csv + " to topic obs at "
                            + broker.bootstrapServers() + ": 43 time steps at once, then 5 live"),
                    run.printed);
            List<ConsumerRecord<String, String>> records = readAll(broker, 1, 56);
            List<Instant> sent = records.stream()
                    .map(r -> Instant.parse(r.value().replaceAll(".*\"ts\":\"([^\"]+)\".*", "$1")))
                    .toList();
            List<Instant> sorted = new ArrayList<>(sent);
            sorted.sort(null);
            assertEquals(sorted, sent, "in time order across the series");
        }
    }

    /**
     * Records the broker never took fail the replay, in one line and with exit status 1, instead
     * of a report of time steps replayed: here every batch is larger than the topic allows.
     */
    @Test
    void recordsTheBrokerRefusesFailTheReplayInOneLine(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, TWO_SERIES_TWO_STEPS);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dir.resolve("broker"));
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("obs", 1, (short) 1)
                            .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "40"))))
                    .all()
                    .get();
            Run run = run(replay(broker, csv, "0.5"));
            assertEquals(1, run.status, run.printed);
            String error = run.onlyErrorLine();
            assertTrue(
                    error.contains("records for obs were not delivered") && error.contains("RecordTooLargeException"),
                    error);
            assertTrue(run.printed.lines().noneMatch(l -> l.startsWith("replayed ")), run.printed);
        }
    }

    /**
     * A topic that does not exist, on brokers that do not create topics on first use: one line that
     * says so and how to fix it, exit status 2, at once; not Kafka's TimeoutException with a stack
     * trace after the producer's minute of waiting for metadata.
     */
    @Test
    void aMissingTopicTheBrokersWillNotCreateIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, TWO_SERIES_TWO_STEPS);
        try (KafkaClusterTestKit cluster =
                TestKafka.start(SecurityProtocol.PLAINTEXT, Map.of("auto.create.topics.enable", "false"))) {
            long started = System.nanoTime();
            Run run = run(replay(cluster.bootstrapServers(), "nope", csv, "0.5"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(2, run.status, run.printed);
            String error = run.onlyErrorLine();
            assertTrue(
                    error.contains("topic nope does not exist")
                            && error.contains("auto.create.topics.enable=false")
                            && error.contains("--create --topic nope"),
                    error);
            assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "without the producer's minute of waiting: " + took);
            try (Admin admin = cluster.admin()) {
                assertFalse(admin.listTopics().names().get().contains("nope"), "nothing created");
            }
        }
    }

    /**
     * A restarted feed (the compose stack's replay container) with --continue: the second run reads
     * the newest ts the first left in the topic and moves its whole replay, history burst and live
     * part, forward by whole spans, so every record it sends is newer than anything the service has
     * seen (nothing TOO_OLD) and still on the data's hourly grid. A record that is not an observation
     * at the end of a partition is stepped over.
     */
    @Test
    void continueStartsAfterTheNewestObservationInTheTopicOnTheDataGrid(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("d.csv");
        StringBuilder rows = new StringBuilder("series,ts,value\n");
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        for (int h = 0; h < 5; h++) {
            for (String series : List.of("a", "b", "c")) {
                rows.append(series)
                        .append(',')
                        .append(t0.plus(Duration.ofHours(h)))
                        .append(',')
                        .append(h)
                        .append('\n');
            }
        }
        Files.writeString(csv, rows);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dir.resolve("broker"))) {
            broker.createTopics(List.of("obs"), 3);
            assertEquals(
                    java.util.Optional.empty(),
                    NewestObservation.in(broker.bootstrapServers(), "missing"),
                    "a topic that does not exist holds nothing to continue after");
            String[] replay = replay(broker, csv, "0.4", "--continue");

            Run first = run(replay);
            assertEquals(0, first.status, first.printed);
            assertTrue(
                    first.printed.contains("continuing: no observations in topic obs yet, timestamps as in the data"),
                    first.printed);
            List<ConsumerRecord<String, String>> firstRecords = readAll(broker, 3, 15);
            Instant firstNewest = firstRecords.stream()
                    .map(ReplayCommandIT::ts)
                    .max(Instant::compareTo)
                    .orElseThrow();
            assertEquals(t0.plus(Duration.ofHours(4)), firstNewest);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringSerializer(),
                    new StringSerializer())) {
                for (int partition = 0; partition < 3; partition++) {
                    producer.send(new ProducerRecord<>("obs", partition, "a", "not json"))
                            .get();
                }
            }

            long secondStarted = System.currentTimeMillis();
            Run second = run(replay);
            assertEquals(0, second.status, second.printed);
            assertTrue(
                    second.printed.contains(
                            "continuing after 2024-01-01T04:00:00Z already in topic obs: timestamps moved forward 1 loop (PT5H)"),
                    second.printed);
            List<ConsumerRecord<String, String>> all = readAll(broker, 3, 15 + 3 + 15);
            List<Instant> secondTs = all.stream()
                    .filter(r -> r.timestamp() >= secondStarted)
                    .map(ReplayCommandIT::ts)
                    .toList();
            assertEquals(15, secondTs.size());
            for (Instant ts : secondTs) {
                assertTrue(ts.isAfter(firstNewest), "after the first run's newest: " + ts);
                assertEquals(0, Duration.between(t0, ts).toSeconds() % 3600, "on the hourly grid: " + ts);
            }
            assertEquals(
                    t0.plus(Duration.ofHours(5)),
                    secondTs.stream().min(Instant::compareTo).orElseThrow(),
                    "one step after the first run");
            assertEquals(
                    t0.plus(Duration.ofHours(9)),
                    secondTs.stream().max(Instant::compareTo).orElseThrow());
        }
    }

    private record Run(int status, String printed) {
        /** The command's one error line ("streamcast replay: ..."), asserting there is exactly one and no stack trace. */
        String onlyErrorLine() {
            List<String> errors = printed.lines()
                    .filter(l -> l.startsWith("streamcast replay:"))
                    .toList();
            assertEquals(1, errors.size(), printed);
            assertTrue(printed.lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace: " + printed);
            return errors.get(0);
        }
    }

    /** {@code replay} of {@code csv} into topic obs at 50 steps/s, {@code history} of it at once, then {@code more}. */
    private static String[] replay(EmbeddedKafkaBroker broker, Path csv, String history, String... more) {
        return replay(broker.bootstrapServers(), "obs", csv, history, more);
    }

    private static String[] replay(String bootstrapServers, String topic, Path csv, String history, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "replay",
                "--bootstrap-servers",
                bootstrapServers,
                "--topic",
                topic,
                "--data",
                csv.toString(),
                "--rate",
                "50",
                "--history",
                history));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Runs the CLI with stdout and stderr captured together, in the order a terminal shows them. */
    private static Run run(String... args) {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream both = new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8);
        java.io.PrintStream originalOut = System.out;
        java.io.PrintStream originalErr = System.err;
        try {
            System.setOut(both);
            System.setErr(both);
            int status = StreamcastCommand.commandLine().execute(args);
            return new Run(status, printed.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /** Every record of topic obs (its {@code partitions} partitions), from the beginning; fails unless there are {@code expected}. */
    private static List<ConsumerRecord<String, String>> readAll(
            EmbeddedKafkaBroker broker, int partitions, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> obs = java.util.stream.IntStream.range(0, partitions)
                    .mapToObj(partition -> new TopicPartition("obs", partition))
                    .toList();
            consumer.assign(obs);
            consumer.seekToBeginning(obs);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertEquals(expected, records.size(), "records in obs");
        return records;
    }

    private static Instant ts(ConsumerRecord<String, String> record) {
        return Instant.parse(record.value().replaceAll(".*\"ts\":\"([^\"]+)\".*", "$1"));
    }
}
