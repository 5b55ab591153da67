package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.http.HttpApi;
import io.streamcast.http.ServiceView;
import io.streamcast.http.TopologyHandle;
import io.streamcast.metrics.MetricsRegistries;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code streamcast rollback} and {@code resume} against a real HTTP API (no broker: the command goes to a recording
 * control, the kept versions come from a fixed catalog: partition 0 keeps 0 to 3, partition 1 keeps 0 to 2).
 */
class RollbackCommandTest {
    /** One topology "hourly"; its KafkaStreams is never asked for by the rollback endpoint. */
    private static final ServiceView VIEW = new ServiceView() {
        @Override
        public boolean live() {
            return true;
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public Map<String, String> states() {
            return Map.of("hourly", "RUNNING");
        }

        @Override
        public List<TopologyHandle> topologies() {
            return List.of(new TopologyHandle("hourly", "gru", null, null, null, "127.0.0.1:0"));
        }
    };

    private final List<String> sent = new ArrayList<>();
    private PrometheusMeterRegistry registry;
    private HttpApi api;
    private String url;

    @BeforeEach
    void start() {
        registry = MetricsRegistries.prometheus();
        api = new HttpApi(
                "127.0.0.1",
                0,
                registry,
                VIEW,
                (topology, command) -> {
                    sent.add(topology + " " + command.command()
                            + (command.version() == null ? "" : "@" + command.version()));
                    return "cmd-1";
                },
                topology -> new TreeMap<>(Map.of(0, List.of(0L, 1L, 2L, 3L), 1, List.of(0L, 1L, 2L))));
        api.start();
        url = "http://127.0.0.1:" + api.port();
    }

    @AfterEach
    void stop() {
        api.close();
        registry.close();
    }

    @Test
    void anAcceptedRollbackNamesItsCommand() {
        CliRun r = CliRun.of("rollback", "--topology", "hourly", "--version", "2", "--url", url + "/");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("cmd-1"), r.out());
        assertEquals(List.of("hourly rollback@2"), sent);
    }

    @Test
    void versionZeroIsReachableWhenEveryTaskKeepsIt() {
        CliRun r = CliRun.of("rollback", "--topology", "hourly", "--version", "0", "--url", url);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("pinned"), r.out());
        assertEquals(List.of("hourly rollback@0"), sent);
    }

    @Test
    void aVersionNoTaskKeepsIsOneLineWithTheKeptVersionsAndStatusTwo() {
        CliRun r = CliRun.of("rollback", "--topology", "hourly", "--version", "7", "--url", url);
        assertEquals(2, r.status(), r.out());
        assertEquals(
                "streamcast rollback: no task of topology hourly keeps version 7; versions every task keeps: 0-2 "
                        + "(partition 0: 0-3; partition 1: 0-2)",
                r.err().strip());
        assertTrue(sent.isEmpty(), "nothing sent: " + sent);
    }

    @Test
    void aVersionSomeTaskLacksIsRefusedToo() {
        CliRun r = CliRun.of("rollback", "--topology", "hourly", "--version", "3", "--url", url);
        assertEquals(2, r.status(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("version 3 of topology hourly is not kept by partition 1"), r.err());
        assertTrue(sent.isEmpty(), "nothing sent: " + sent);
    }

    @Test
    void restAnswers409WithTheVersionsEachTaskKeeps() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url + "/models/hourly/rollback?version=3"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(409, r.statusCode(), r.body());
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertEquals("[0,1,2]", body.get("versions").toString());
        assertEquals("[0,1,2,3]", body.get("tasks").get("0").toString());
        assertEquals("[0,1,2]", body.get("tasks").get("1").toString());
        assertTrue(sent.isEmpty());
    }

    @Test
    void anAcceptedResumeNamesItsCommand() {
        CliRun r = CliRun.of("resume", "--topology", "hourly", "--url", url);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("cmd-1"), r.out());
        assertEquals(List.of("hourly resume"), sent);
    }

    @Test
    void resumeOfAnUnknownTopologyIsOneLineAndStatusTwo() {
        CliRun r = CliRun.of("resume", "--topology", "nope", "--url", url);
        assertEquals(2, r.status());
        assertEquals("streamcast resume: no topology named 'nope'", r.err().strip());
        assertTrue(sent.isEmpty());
    }

    @Test
    void anUnknownTopologyIsOneLineAndStatusTwo() {
        CliRun r = CliRun.of("rollback", "--topology", "nope", "--version", "1", "--url", url);
        assertEquals(2, r.status());
        assertEquals("streamcast rollback: no topology named 'nope'", r.err().strip());
        assertTrue(sent.isEmpty());
    }

    @Test
    void aNegativeVersionIsRefusedBeforeAskingTheService() {
        CliRun r = CliRun.of("rollback", "--topology", "hourly", "--version", "-1", "--url", url);
        assertEquals(2, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--version"), r.err());
        assertTrue(sent.isEmpty());
    }

    @Test
    void anUnreachableServiceIsOneLineAndStatusOne() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        CliRun r = CliRun.of(
                "rollback", "--topology", "hourly", "--version", "1", "--url", "http://127.0.0.1:" + closedPort);
        assertEquals(1, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("cannot reach"), r.err());
    }

    @Test
    void helpNamesTheOptions() {
        CliRun r = CliRun.of("rollback", "--help");
        assertEquals(0, r.status());
        assertTrue(
                r.out().contains("--topology")
                        && r.out().contains("--version")
                        && r.out().contains("--url"),
                r.out());
    }
}
