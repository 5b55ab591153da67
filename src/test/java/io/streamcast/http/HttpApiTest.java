package io.streamcast.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.metrics.MetricsRegistries;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.topology.ForecastTopology;
import io.streamcast.topology.OriginFilter;
import io.streamcast.training.NetworkTaskModels;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The API's boundary to the service, with settable answers. */
    private static final class FakeView implements ServiceView {
        volatile boolean live = true;
        volatile boolean ready;
        volatile List<TopologyHandle> topologies = List.of();
        volatile List<String> problems = List.of();
        volatile Map<String, Object> broker;

        @Override
        public boolean live() {
            return live;
        }

        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public Map<String, String> states() {
            return Map.of("hourly", ready ? "RUNNING" : "REBALANCING");
        }

        @Override
        public List<TopologyHandle> topologies() {
            return topologies;
        }

        @Override
        public List<String> problems() {
            return problems;
        }

        @Override
        public Map<String, Object> broker() {
            return broker;
        }
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private final FakeView view = new FakeView();
    private PrometheusMeterRegistry registry;
    private TopologyMetrics metrics;
    private HttpApi api;

    @BeforeEach
    void start() {
        registry = MetricsRegistries.prometheus();
        metrics = new TopologyMetrics("hourly", "gru");
        metrics.bindTo(registry);
        api = new HttpApi("127.0.0.1", 0, registry, view);
        api.start();
    }

    @AfterEach
    void stop() {
        api.close();
        metrics.close();
        registry.close();
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path);
    }

    @Test
    void metricsIsThePrometheusScrape() throws Exception {
        metrics.ingest().observationAccepted();
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(
                r.body()
                        .contains(
                                "streamcast_observations_accepted_total{app=\"streamcast\",cell=\"gru\",topology=\"hourly\"} 1.0"),
                r.body());
    }

    @Test
    void healthFollowsLiveness() throws Exception {
        HttpResponse<String> up = get("/health");
        assertEquals(200, up.statusCode());
        assertEquals("application/json", up.headers().firstValue("Content-Type").orElse(""));
        assertEquals("UP", JSON.readTree(up.body()).get("status").asText());

        view.live = false;
        HttpResponse<String> down = get("/health");
        assertEquals(503, down.statusCode());
        assertEquals("DOWN", JSON.readTree(down.body()).get("status").asText());
    }

    @Test
    void readyIs503WithTheStatesUntilEveryTopologyRuns() throws Exception {
        HttpResponse<String> notReady = get("/ready");
        assertEquals(503, notReady.statusCode());
        assertEquals(
                "REBALANCING",
                JSON.readTree(notReady.body()).get("topologies").get("hourly").asText());

        view.ready = true;
        HttpResponse<String> ready = get("/ready");
        assertEquals(200, ready.statusCode());
        assertEquals(
                "RUNNING",
                JSON.readTree(ready.body()).get("topologies").get("hourly").asText());
    }

    @Test
    void healthAndReadySayWhyTheyAreDownInTheSameBody() throws Exception {
        view.live = false;
        view.problems = List.of("the Kafka broker at 127.0.0.1:9092 has not answered for 12 s (TimeoutException)");
        view.broker = Map.of("reachable", false);
        for (String path : List.of("/health", "/ready")) {
            HttpResponse<String> r = get(path);
            assertEquals(503, r.statusCode(), path);
            var body = JSON.readTree(r.body());
            assertEquals(false, body.get("ready").asBoolean(), path);
            assertEquals(view.problems.get(0), body.get("problems").get(0).asText(), path);
            assertEquals(false, body.get("broker").get("reachable").asBoolean(), path);
        }
    }

    @Test
    void unknownPathsAre404WithAJsonError() throws Exception {
        for (String path : List.of("/", "/nope", "/healthz", "/metrics/x", "/forecasts", "/forecasts/")) {
            HttpResponse<String> r = get(path);
            assertEquals(404, r.statusCode(), path);
            assertEquals(
                    "application/json", r.headers().firstValue("Content-Type").orElse(""), path);
            assertTrue(JSON.readTree(r.body()).get("error").asText().contains("no such resource"), path);
        }
    }

    @Test
    void otherMethodsThanGetAre405() throws Exception {
        for (String path : List.of("/health", "/metrics", "/forecasts/s1", "/models")) {
            HttpResponse<String> r = send("POST", path);
            assertEquals(405, r.statusCode(), path);
            assertEquals("GET", r.headers().firstValue("Allow").orElse(""), path);
        }
    }

    @Test
    void aSeriesNoTopologyKnowsIs404() throws Exception {
        assertEquals(404, get("/forecasts/s1").statusCode());
        HttpResponse<String> r = get("/forecasts/s1?topology=daily");
        assertEquals(404, r.statusCode());
        assertTrue(JSON.readTree(r.body()).get("error").asText().contains("no topology named 'daily'"));
    }

    /** A KafkaStreams that was never started (no broker needed): its stores cannot be queried yet. */
    @Test
    void aTopologyThatIsNotRunningYetAnswers503AndShowsItsState(@TempDir Path stateDir) throws Exception {
        TopologySpec spec = YamlConfig.parseTopology(
                "name: hourly\nwindow: 8\nhorizon: 3\nmodel: { hidden: 4, layers: 1 }", List.of());
        ServiceConfig service = new ServiceConfig();
        service.bootstrapServers = "127.0.0.1:1";
        service.stateDir = stateDir.toString();
        try (KafkaStreams streams = new KafkaStreams(
                ForecastTopology.build(spec, metrics, NetworkTaskModels.frozen(spec, null), OriginFilter.ALL),
                ForecastTopology.streamsConfig(service, spec, "127.0.0.1:" + api.port()))) {
            view.topologies = List.of(new TopologyHandle(
                    "hourly", "gru", spec.stepValue(), spec.valueRange(), streams, "127.0.0.1:" + api.port()));

            HttpResponse<String> all = get("/forecasts/s1");
            assertEquals(503, all.statusCode(), all.body());
            assertEquals(
                    "hourly is CREATED",
                    JSON.readTree(all.body()).get("unavailable").get("hourly").asText());
            assertEquals(503, get("/forecasts/s1?topology=hourly").statusCode());

            HttpResponse<String> models = get("/models");
            assertEquals(200, models.statusCode());
            JsonNode topology = JSON.readTree(models.body()).get(0);
            assertEquals("hourly", topology.get("topology").asText());
            assertEquals("CREATED", topology.get("state").asText());
            assertTrue(topology.get("tasks").isEmpty());
        }
    }
}
