package io.streamcast.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.metrics.MetricsRegistries;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.VersionedModel;
import io.streamcast.service.ServiceRuntime;
import io.streamcast.testing.HttpStatus;
import io.streamcast.testing.TestKafka;
import io.streamcast.training.NetworkSpecs;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every panel query of the Grafana dashboards, evaluated by a real Prometheus that scrapes the
 * real service while it forecasts a live stream: a panel whose query returns nothing is a panel
 * that shows "No data" to the operator.
 */
class DashboardPrometheusIT {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path DASHBOARDS = Path.of("grafana/dashboards");
    /** Four scrape intervals: rate() needs at least two samples in the range. */
    private static final String RATE_INTERVAL = "5s";

    private static final Duration STARTUP_PATIENCE = Duration.ofSeconds(60);
    private static final Duration QUERY_PATIENCE = Duration.ofSeconds(90);
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final List<String> SERIES = List.of("a", "b", "c", "d", "e", "f");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SCRAPE_BYTES = 100_000;
    /** A tag value holding a UUID, as Kafka Streams' default client ids and process ids do. */
    private static final Pattern UUID_TAG =
            Pattern.compile("=\"[^\"]*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}[^\"]*\"");

    private static final TopologySpec SPEC = YamlConfig.parseTopology("""
            name: prom-it
            input: prom-it-observations
            output: prom-it-forecasts
            deadLetter: prom-it-observations-dlq
            step: PT1H
            period: 4
            window: 8
            horizon: 3
            model: { cell: lstm, hidden: 4, layers: 1 }
            training: { online: true, batchSize: 4, shadowWindow: 8 }   # real training metrics for the training panels
            batching: { maxBatch: 64, maxDelayMs: 20 }
            interval: { quantiles: [0.1, 0.5, 0.9] }   # the quantile calibration panel
            """, List.of());

    @TempDir
    static Path tmp;

    private static KafkaClusterTestKit cluster;
    private static ServiceRuntime runtime;
    private static Process prometheus;
    private static String prometheusUrl;
    private static Thread feeder;
    private static final AtomicBoolean feeding = new AtomicBoolean(true);
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void startBrokerServiceAndPrometheus() throws Exception {
        Assertions.assertTrue(
                Files.isExecutable(PROMETHEUS),
                "Prometheus is not installed at " + PROMETHEUS + " (Debian package prometheus; bin/test installs it)");
        cluster = TestKafka.start();
        TestKafka.createTopics(cluster, SPEC, 2);

        ServiceConfig config = new ServiceConfig();
        config.bootstrapServers = cluster.bootstrapServers();
        config.applicationId = "dashboard-it";
        config.stateDir = Files.createDirectories(tmp.resolve("state")).toString();
        config.http.port = 0;
        // A seeded network (version 1), so forecasts go through batched inference, not the fallback.
        VersionedModel seed = VersionedModel.of(1, NetworkFactory.build(NetworkSpecs.of(SPEC)), false);
        runtime = ServiceRuntime.start(config, List.of(SPEC), Map.of(SPEC.name, seed), MetricsRegistries.prometheus());
        assertTrue(
                runtime.service().awaitRunning(STARTUP_PATIENCE),
                "topology RUNNING: " + runtime.service().states());

        feeder = new Thread(DashboardPrometheusIT::feed, "dashboard-it-feeder");
        feeder.setDaemon(true);
        feeder.start();
        startPrometheus(runtime.httpPort());
    }

    /**
     * A burst of history (windows fill, forecasts are emitted and later scored against actuals),
     * two malformed records (dead letters), then one step of every series every 200 ms so that
     * rate() sees increases while Prometheus scrapes.
     */
    private static void feed() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(SPEC.input, "a", "not json"));
            producer.send(new ProducerRecord<>(SPEC.input, "b", "{\"ts\":\"yesterday\",\"value\":1}"));
            for (int h = 0; feeding.get(); h++) {
                for (int s = 0; s < SERIES.size(); s++) {
                    double value = 10 * s + 5 * Math.sin(2 * Math.PI * h / SPEC.period) + (h % 3);
                    String json = "{\"ts\":\"" + T0.plus(Duration.ofHours(h)) + "\",\"value\":" + value + "}";
                    producer.send(new ProducerRecord<>(SPEC.input, SERIES.get(s), json));
                }
                if (h >= 3 * SPEC.window) {
                    producer.flush();
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void startPrometheus(int metricsPort) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createDirectories(tmp.resolve("prometheus"));
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: streamcast
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(metricsPort));
        prometheus = new ProcessBuilder(
                        PROMETHEUS.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        prometheusUrl = "http://127.0.0.1:" + port;
        await("Prometheus ready", () -> status(prometheusUrl + "/-/ready") == 200);
        await("Prometheus has scraped the service (up == 1)", () -> {
            JsonNode result = query("up").path("data").path("result");
            return result.size() > 0
                    && "1".equals(result.get(0).path("value").path(1).asText());
        });
    }

    @AfterAll
    static void stopAll() throws Exception {
        feeding.set(false);
        if (feeder != null) {
            feeder.join(5000);
        }
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (runtime != null) {
            runtime.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyDashboardQueryReturnsDataFromTheRunningService() throws Exception {
        List<DashboardQueries.Query> queries = DashboardQueries.queries(DASHBOARDS);
        assertTrue(queries.size() > 0, "no panel queries found in " + DASHBOARDS.toAbsolutePath());
        // The GC panel needs a collection to have happened; do not leave that to chance.
        System.gc();
        List<DashboardQueries.Query> empty = new ArrayList<>(queries);
        long deadline = System.nanoTime() + QUERY_PATIENCE.toNanos();
        while (!empty.isEmpty() && System.nanoTime() < deadline) {
            empty.removeIf(q -> returnsData(q));
            if (!empty.isEmpty()) {
                Thread.sleep(1000);
            }
        }
        if (!empty.isEmpty()) {
            StringBuilder message =
                    new StringBuilder(empty.size() + " of " + queries.size() + " dashboard queries returned no data:");
            empty.forEach(
                    q -> message.append("\n  ").append(q).append("\n    sent: ").append(substituted(q)));
            fail(message.toString());
        }
    }

    /**
     * What every scrape costs the operator's Prometheus. Kafka's clients report about 2,700 meters
     * per topology (per task, processor node, state store, broker connection), 1.4 MB per scrape
     * for the demo's two topologies; filtered, only what the dashboards and an operator use remain.
     * Measured here (one topology, two partitions): 64 KB in 634 lines, 36 of them Kafka samples;
     * the service's own latency and batch histograms are most of it. The bound leaves room for more
     * partitions (per-partition lag) and a second topology's Kafka meters, not for Kafka's per-store
     * and per-node detail (about 700 KB per topology) to come back.
     */
    @Test
    void theScrapeIsSmallHasNoRandomIdsAndHasEveryMetricTheDashboardsRead() throws Exception {
        // Counters tagged by reason exist from the first event; their panels fall back to vector(0).
        Set<String> wanted = new TreeSet<>();
        DashboardQueries.queries(DASHBOARDS).stream()
                .filter(q -> !q.expr().contains("vector(0)"))
                .forEach(q -> wanted.addAll(DashboardQueries.metricNames(q.expr())));
        System.gc(); // the GC panel's meters appear with the first collection
        long deadline = System.nanoTime() + QUERY_PATIENCE.toNanos();
        String scrape = scrape();
        // Kafka meters are bound at start and again at the binder's refresh (every minute), which
        // also brings the per-partition lag once tasks have fetched: wait for that refresh.
        while ((!missing(wanted, scrape).isEmpty() || !scrape.contains("partition=\""))
                && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            scrape = scrape();
        }
        assertTrue(
                missing(wanted, scrape).isEmpty(),
                "metrics the dashboards read, missing from /metrics: " + missing(wanted, scrape));
        assertTrue(scrape.contains("partition=\""), "the per-partition consumer lag was bound");
        int bytes = scrape.getBytes(StandardCharsets.UTF_8).length;
        System.out.println("DashboardPrometheusIT: /metrics is " + bytes + " bytes, "
                + scrape.lines().count() + " lines, "
                + scrape.lines().filter(l -> l.startsWith("kafka_")).count() + " of them Kafka samples");
        assertTrue(
                bytes < MAX_SCRAPE_BYTES,
                "/metrics is " + bytes + " bytes, over " + MAX_SCRAPE_BYTES + "; the largest meters: "
                        + largestMeters(scrape));
        Matcher uuid = UUID_TAG.matcher(scrape);
        assertFalse(uuid.find(), () -> "a tag value with a random id: " + uuid.group());
    }

    private static Set<String> missing(Set<String> wanted, String scrape) {
        Set<String> present = scrape.lines()
                .filter(l -> !l.startsWith("#"))
                .map(l -> l.split("[{ ]", 2)[0])
                .collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(present);
        return missing;
    }

    /** Bytes per meter name, the ten largest: where to look when the bound is crossed. */
    private static Map<String, Integer> largestMeters(String scrape) {
        Map<String, Integer> bytes = new HashMap<>();
        scrape.lines()
                .filter(l -> !l.startsWith("#"))
                .forEach(l -> bytes.merge(l.split("[{ ]", 2)[0], l.length() + 1, Integer::sum));
        Map<String, Integer> largest = new LinkedHashMap<>();
        bytes.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(10)
                .forEach(e -> largest.put(e.getKey(), e.getValue()));
        return largest;
    }

    private static String scrape() throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort() + "/metrics"))
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static String substituted(DashboardQueries.Query q) {
        return DashboardQueries.substitute(q.expr(), SPEC.name, RATE_INTERVAL);
    }

    private static boolean returnsData(DashboardQueries.Query q) {
        JsonNode response = query(substituted(q));
        return "success".equals(response.path("status").asText())
                && response.path("data").path("result").size() > 0;
    }

    private static JsonNode query(String promql) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/query?query="
                                    + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int status(String url) {
        return HttpStatus.of(http, url, Duration.ofSeconds(2));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP_PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}
