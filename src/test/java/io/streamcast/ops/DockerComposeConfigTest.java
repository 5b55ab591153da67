package io.streamcast.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docker-compose.yml is valid, and the services find each other and the files they mount. */
class DockerComposeConfigTest {

    private static final Path COMPOSE_FILE = Path.of("docker-compose.yml");
    private static final Path DOCKER_COMPOSE = Path.of("/usr/bin/docker-compose");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void dockerComposeAcceptsTheFile() throws IOException, InterruptedException {
        assertTrue(
                Files.isExecutable(DOCKER_COMPOSE),
                "docker-compose not installed (Debian package docker-compose; bin/test installs it)");
        Process compose = new ProcessBuilder(DOCKER_COMPOSE.toString(), "-f", COMPOSE_FILE.toString(), "config", "-q")
                .redirectErrorStream(true)
                .start();
        String output = new String(compose.getInputStream().readAllBytes());
        assertTrue(compose.waitFor(2, TimeUnit.MINUTES), "docker-compose config did not finish");
        assertEquals(0, compose.exitValue(), output);
    }

    @Test
    void boundFilesExist() throws IOException {
        JsonNode services = YAML.readTree(COMPOSE_FILE.toFile()).path("services");
        List<String> checked = new ArrayList<>();
        services.properties().forEach(service -> {
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".")) {
                    assertTrue(Files.exists(Path.of(source)), service.getKey() + " mounts missing " + source);
                    checked.add(source);
                }
            }
        });
        // The stack mounts the Prometheus config and Grafana's provisioning and dashboards.
        assertTrue(checked.size() >= 3, "bind mounts found and checked: " + checked);
    }

    @Test
    void prometheusScrapesTheServiceWhereItListens() throws IOException {
        JsonNode compose = YAML.readTree(COMPOSE_FILE.toFile());
        JsonNode services = compose.path("services");
        assertTrue(
                services.path("streamcast").path("ports").toString().contains("9464:9464"),
                "streamcast publishes 9464");
        assertTrue(
                services.path("prometheus")
                        .path("volumes")
                        .toString()
                        .contains("./config/prometheus.yml:/etc/prometheus/prometheus.yml"),
                "prometheus mounts its config");

        JsonNode prometheus = YAML.readTree(Path.of("config", "prometheus.yml").toFile());
        JsonNode job = prometheus.path("scrape_configs").get(0);
        assertEquals("/metrics", job.path("metrics_path").asText());
        assertEquals(
                "streamcast:9464",
                job.path("static_configs").get(0).path("targets").get(0).asText());
    }

    /**
     * The stack's feed replays the bundled data in a loop into the topic the default topologies
     * read, on the broker's in-network listener; --loop moves each repeat's timestamps forward
     * (LoopShiftTest), which is what keeps the dashboards alive after the first pass; --continue
     * starts a restarted feed after what is already in the topic (ReplayCommandIT), not at 2010 again.
     */
    @Test
    void theFeedLoopsIntoTheTopicTheServiceReads() throws IOException {
        JsonNode services = YAML.readTree(COMPOSE_FILE.toFile()).path("services");
        String command = services.path("replay").path("entrypoint").toString();
        assertTrue(
                command.contains("/app/streamcast.jar replay "),
                "the replay service runs `streamcast replay`: " + command);
        assertTrue(command.contains("--loop"), "it loops: " + command);
        assertTrue(command.contains("--continue"), "a restarted feed continues after what the topic holds: " + command);
        assertTrue(command.contains("--bootstrap-servers kafka:9092"), "on the in-network listener: " + command);
        assertTrue(command.contains("--topic observations"), "into observations: " + command);
        assertEquals(
                "observations",
                YAML.readTree(Path.of("topologies", "hourly-temps-gru.yaml").toFile())
                        .path("input")
                        .asText("observations"),
                "the topic a default topology reads");
        assertEquals(
                "streamcast:latest",
                services.path("replay").path("image").asText(),
                "the image built from this repository");
    }

    @Test
    void grafanaIsProvisionedWithTheDatasourceTheDashboardsReference() throws IOException {
        JsonNode datasource = YAML.readTree(Path.of("grafana", "provisioning", "datasources", "prometheus.yml")
                        .toFile())
                .path("datasources")
                .get(0);
        assertEquals("prometheus", datasource.path("uid").asText());
        assertEquals("http://prometheus:9090", datasource.path("url").asText());

        JsonNode provider = YAML.readTree(Path.of("grafana", "provisioning", "dashboards", "streamcast.yml")
                        .toFile())
                .path("providers")
                .get(0);
        String path = provider.path("options").path("path").asText();
        String grafanaVolumes = YAML.readTree(COMPOSE_FILE.toFile())
                .path("services")
                .path("grafana")
                .path("volumes")
                .toString();
        assertTrue(
                grafanaVolumes.contains("./grafana/dashboards:" + path), "dashboards mounted where the provider looks");
        assertTrue(grafanaVolumes.contains("./grafana/provisioning:/etc/grafana/provisioning"), "provisioning mounted");
    }
}
