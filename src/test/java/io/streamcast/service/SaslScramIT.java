package io.streamcast.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.cli.StreamcastCommand;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastSerde;
import io.streamcast.metrics.MetricsRegistries;
import io.streamcast.testing.ServiceProcess;
import io.streamcast.testing.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service against a broker that demands SASL/SCRAM-SHA-256, configured only through the
 * service file's {@code kafka:} pass-through: with the right credentials it forecasts; with a
 * wrong password {@code run} fails with one line that says authentication failed.
 */
class SaslScramIT {
    private static final String USER = "streamcast";
    private static final String PASSWORD = "streamcast-secret";
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final List<String> SERIES = List.of("a", "b");
    private static final String TOPOLOGY = """
            name: sasl-it
            input: sasl-it-observations
            output: sasl-it-forecasts
            deadLetter: sasl-it-dlq
            step: PT1H
            period: 4
            window: 8
            horizon: 3
            model: { cell: gru, hidden: 4, layers: 1 }
            training: { online: false }
            batching: { maxBatch: 64, maxDelayMs: 20 }
            """;
    private static final TopologySpec SPEC = YamlConfig.parseTopology(TOPOLOGY, List.of());

    @TempDir
    static Path tmp;

    private static KafkaClusterTestKit cluster;

    @BeforeAll
    static void startSaslBroker() throws Exception {
        // The test kit's own admin talks PLAIN; clients of the service use SCRAM.
        cluster = TestKafka.start(
                SecurityProtocol.SASL_PLAINTEXT,
                Map.of(
                        "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256",
                        "listener.name.external.scram-sha-256.sasl.jaas.config",
                                "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                        "super.users", "User:plain-admin;User:" + USER));
        try (Admin admin = Admin.create(adminProps())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), PASSWORD)))
                    .all()
                    .get();
            admin.createTopics(List.of(
                            new NewTopic(SPEC.input, 1, (short) 1),
                            new NewTopic(SPEC.output, 1, (short) 1),
                            new NewTopic(SPEC.deadLetter, 1, (short) 1)))
                    .all()
                    .get();
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void withTheRightCredentialsTheServiceForecasts() throws Exception {
        ServiceConfig config = new ServiceConfig();
        config.bootstrapServers = cluster.bootstrapServers();
        config.applicationId = "sasl-ok";
        config.stateDir = Files.createDirectories(tmp.resolve("ok-state")).toString();
        config.http.port = 0;
        config.kafka.putAll(scram(PASSWORD));
        try (ServiceRuntime runtime =
                ServiceRuntime.start(config, List.of(SPEC), Map.of(), MetricsRegistries.prometheus())) {
            assertTrue(
                    runtime.service().awaitRunning(Duration.ofSeconds(90)),
                    runtime.service().states().toString());
            Properties producerProps = adminProps();
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
                for (int hour = 0; hour < 6; hour++) {
                    for (String s : SERIES) {
                        producer.send(new ProducerRecord<>(
                                SPEC.input,
                                s,
                                "{\"ts\":\"" + T0.plus(Duration.ofHours(hour)) + "\",\"value\":" + (hour % 4) + "}"));
                    }
                }
            }
            Properties consumerProps = adminProps();
            consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "sasl-reader");
            consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            Set<String> forecast = new HashSet<>();
            try (KafkaConsumer<String, Forecast> consumer = new KafkaConsumer<>(
                    consumerProps,
                    new StringDeserializer(),
                    ForecastSerde.serde().deserializer())) {
                consumer.subscribe(List.of(SPEC.output));
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (!forecast.containsAll(SERIES) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, Forecast> r : consumer.poll(Duration.ofMillis(500))) {
                        forecast.add(r.key());
                    }
                }
            }
            assertEquals(Set.copyOf(SERIES), forecast, "forecasts through the SCRAM-authenticated service");
        }
    }

    @Test
    void aWrongPasswordEndsRunWithOneLineSayingAuthenticationFailed() throws Exception {
        Path topologies = Files.createDirectories(tmp.resolve("topologies"));
        Files.writeString(topologies.resolve("sasl-it.yaml"), TOPOLOGY);
        StringBuilder yaml = new StringBuilder("bootstrapServers: " + cluster.bootstrapServers()
                + "\napplicationId: sasl-wrong\n" + "stateDir: " + tmp.resolve("wrong-state") + "\nkafka:\n");
        scram("not-the-password")
                .forEach((k, v) -> yaml.append("  ")
                        .append(k)
                        .append(": '")
                        .append(v.replace("'", "''"))
                        .append("'\n"));
        Path config = tmp.resolve("wrong.yaml");
        Files.writeString(config, yaml);

        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            Future<Integer> run = executor.submit(() -> StreamcastCommand.commandLine()
                    .execute(ServiceProcess.runArgs(config, topologies).toArray(String[]::new)));
            status = run.get(120, TimeUnit.SECONDS);
        } finally {
            System.setErr(originalErr);
            executor.shutdownNow();
        }
        String printed = err.toString(StandardCharsets.UTF_8);
        List<String> lines =
                printed.lines().filter(l -> l.startsWith("streamcast")).toList();
        assertEquals(2, status, printed);
        assertEquals(1, lines.size(), printed);
        assertTrue(
                lines.get(0).startsWith("streamcast run: Kafka refused the connection: ")
                        && lines.get(0).contains("invalid credentials with SASL mechanism SCRAM-SHA-256"),
                lines.get(0));
        assertTrue(printed.lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace: " + printed);
    }

    private static Map<String, String> scram(String password) {
        Map<String, String> props = new HashMap<>();
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", "SCRAM-SHA-256");
        props.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER + "\" password=\""
                        + password + "\";");
        return props;
    }

    /** The test's own clients: the test kit's PLAIN super user. */
    private static Properties adminProps() {
        Properties props = new Properties();
        props.put("bootstrap.servers", cluster.bootstrapServers());
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", "PLAIN");
        props.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"plain-admin\" password=\"plain-admin-secret\";");
        return props;
    }
}
