package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.http.HttpApi;
import io.streamcast.http.ServiceView;
import io.streamcast.http.TopologyHandle;
import io.streamcast.metrics.MetricsRegistries;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code streamcast rollback} against a real HTTP API (no broker: the command goes to a recording control). */
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
            return List.of(new TopologyHandle("hourly", "gru", null, "127.0.0.1:0"));
        }
    };

    private final List<String> sent = new ArrayList<>();
    private PrometheusMeterRegistry registry;
    private HttpApi api;
    private String url;

    @BeforeEach
    void start() {
        registry = MetricsRegistries.prometheus();
        api = new HttpApi("127.0.0.1", 0, registry, VIEW, (topology, version) -> {
            sent.add(topology + "@" + version);
            return "cmd-1";
        });
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
        CliRun r = CliRun.of("rollback", "--topology", "hourly", "--version", "3", "--url", url + "/");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("cmd-1"), r.out());
        assertEquals(List.of("hourly@3"), sent);
    }

    @Test
    void anUnknownTopologyIsOneLineAndStatusTwo() {
        CliRun r = CliRun.of("rollback", "--topology", "nope", "--version", "1", "--url", url);
        assertEquals(2, r.status());
        assertEquals("streamcast rollback: no topology named 'nope'", r.err().strip());
        assertTrue(sent.isEmpty());
    }

    @Test
    void aVersionBelowOneIsRefusedBeforeAskingTheService() {
        CliRun r = CliRun.of("rollback", "--topology", "hourly", "--version", "0", "--url", url);
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
        CliRun r = CliRun.of("rollback", "--topology", "hourly", "--version", "1", "--url", "http://127.0.0.1:" + closedPort);
        assertEquals(1, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("cannot reach"), r.err());
    }

    @Test
    void helpNamesTheOptions() {
        CliRun r = CliRun.of("rollback", "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("--topology") && r.out().contains("--version") && r.out().contains("--url"), r.out());
    }
}
