package io.streamcast.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.broker.EmbeddedKafkaBroker;
import io.streamcast.cli.StreamcastCommand;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.metrics.MetricsRegistries;
import io.streamcast.testing.HttpStatus;
import io.streamcast.testing.ServiceProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away under a running service and comes back: {@code /ready} and {@code /health}
 * go 503 within seconds, saying why, and return to 200 once the broker answers again; the
 * service then forecasts as before. And {@code run} against a broker that never answers gives up
 * after {@code --broker-timeout} with one line. Waits are generous (2 shared cores); no timing
 * is asserted beyond "within".
 */
class BrokerOutageIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /**
     * Coming back takes a broker restart and a rebalance, which can wait out the session of the
     * member the consumer was before the outage (45 s by default). On CI's two busy cores it once
     * took longer than {@link #PATIENCE} (2026-12-02; that run did not say in which state, so the
     * wait now ends with what {@code /ready} last said, and the test log has the Streams client's
     * state transitions).
     */
    private static final Duration RECOVERY_PATIENCE = Duration.ofSeconds(240);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TopologySpec SPEC = YamlConfig.parseTopology("""
            name: outage-it
            input: outage-it-observations
            output: outage-it-forecasts
            deadLetter: outage-it-dlq
            step: PT1H
            window: 8
            horizon: 3
            model: { cell: gru, hidden: 4, layers: 1 }
            training: { online: false }
            batching: { maxDelayMs: 50 }
            """, List.of());

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readinessGoesDownWithTheBrokerAndComesBackAfterIt() throws Exception {
        Path brokerDir = tmp.resolve("broker");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, brokerDir);
        try {
            broker.createTopics(List.of(SPEC.input, SPEC.output, SPEC.deadLetter), 1);
            ServiceConfig config = new ServiceConfig();
            config.bootstrapServers = broker.bootstrapServers();
            config.applicationId = "outage-it";
            config.stateDir = Files.createDirectories(tmp.resolve("state")).toString();
            config.http.port = 0;
            try (ServiceRuntime runtime =
                    ServiceRuntime.start(config, List.of(SPEC), Map.of(), MetricsRegistries.prometheus())) {
                String base = "http://" + runtime.httpEndpoint();
                await("ready", () -> status(base + "/ready") == 200);
                JsonNode ready = body(base + "/ready");
                assertEquals("READY", ready.get("status").asText(), ready.toString());
                assertTrue(ready.get("broker").get("reachable").asBoolean(), ready.toString());
                assertTrue(ready.get("problems").isEmpty(), ready.toString());
                assertEquals(200, status(base + "/health"));

                int port = broker.port();
                broker.close();
                await("not ready once the broker is gone", () -> status(base + "/ready") == 503);
                JsonNode down = body(base + "/ready");
                assertEquals("NOT_READY", down.get("status").asText(), down.toString());
                assertFalse(down.get("broker").get("reachable").asBoolean(), down.toString());
                assertTrue(down.get("problems").get(0).asText().contains("has not answered"), down.toString());
                await("/health agrees", () -> status(base + "/health") == 503);
                assertEquals("DOWN", body(base + "/health").get("status").asText());

                broker = EmbeddedKafkaBroker.start(port, brokerDir);
                await(
                        "ready again after the broker is back",
                        RECOVERY_PATIENCE,
                        () -> status(base + "/ready") == 200,
                        () -> "/ready last said " + bodyText(base + "/ready"));
                assertEquals(200, status(base + "/health"));
                assertForecastsFlow(broker.bootstrapServers());
            }
        } finally {
            broker.close();
        }
    }

    /** An observation sent after the outage is forecast: ready means doing the job. */
    private static void assertForecastsFlow(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(SPEC.input, "after", "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1.5}"));
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "outage-it-reader");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(SPEC.output));
            boolean[] seen = {false};
            await("a forecast of an observation sent after the outage", () -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> seen[0] |= "after".equals(r.key()));
                return seen[0];
            });
        }
    }

    @Test
    void runAgainstABrokerThatNeverAnswersGivesUpWithOneLine() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path topologies = Files.createDirectories(tmp.resolve("topologies"));
        Files.writeString(
                topologies.resolve("t.yaml"),
                "name: nowhere\nwindow: 8\nhorizon: 3\nmodel: { hidden: 4, layers: 1 }\n");
        Path config = tmp.resolve("streamcast.yaml");
        Files.writeString(
                config, "bootstrapServers: 127.0.0.1:" + closedPort + "\nstateDir: " + tmp.resolve("state2") + "\n");
        var cli = StreamcastCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        long start = System.nanoTime();
        int status = cli.execute(ServiceProcess.runArgs(config, topologies, "--broker-timeout", "3")
                .toArray(String[]::new));
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertEquals(2, status, err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(
                err.toString()
                        .startsWith("streamcast run: cannot reach the Kafka broker at 127.0.0.1:" + closedPort
                                + " within 3 s"),
                err.toString());
        assertTrue(seconds < 60, "gave up after the timeout, not never: " + seconds + " s");
    }

    private int status(String url) {
        return HttpStatus.of(http, url, Duration.ofSeconds(10));
    }

    private String bodyText(String url) {
        try {
            return body(url).toString();
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    private JsonNode body(String url) {
        try {
            return JSON.readTree(http.send(
                            HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        await(what, PATIENCE, condition, () -> "");
    }

    /** Waits for {@code condition}; a timeout's message ends with {@code situation}, what explains it. */
    private static void await(String what, Duration patience, BooleanSupplier condition, Supplier<String> situation) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + patience.toSeconds() + " s waiting for " + what + "; " + situation.get());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
