package io.streamcast.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streamcast rollback --topology NAME --version N}: asks a running service (its REST API,
 * {@code POST /models/{topology}/rollback}) to serve an earlier model version again. Exit 0 once the
 * service has accepted the command, 2 for bad arguments (including an unknown topology or version),
 * 1 when the service cannot be reached or cannot take the command now.
 */
// No mixinStandardHelpOptions: its -V/--version would clash with --version N.
@Command(name = "rollback",
        description = "Ask a running service to serve an earlier model version of a topology again "
                + "(every task that has it applies it within a second; see GET /models).")
final class RollbackCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--topology", required = true, description = "Name of the topology.")
    String topology;

    @Option(names = "--version", required = true, description = "Model version to serve again (see GET /models).")
    long version;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:9464", description = "The service's REST API (default ${DEFAULT-VALUE}).")
    URI url;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (version < 1) {
            throw new IllegalArgumentException("--version must be a positive integer, not " + version);
        }
        String base = url.toString().replaceAll("/+$", "");
        URI target = URI.create(base + "/models/" + URLEncoder.encode(topology, StandardCharsets.UTF_8).replace("+", "%20")
                + "/rollback?version=" + version);
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(target).timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            spec.commandLine().getErr().println("streamcast rollback: cannot reach " + base + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        }
        String message = errorOf(response.body());
        switch (response.statusCode()) {
            case 202 -> {
                spec.commandLine().getOut().println("rollback of " + topology + " to version " + version + " accepted (command "
                        + JSON.readTree(response.body()).path("id").asText() + "); see " + base + "/models");
                return 0;
            }
            case 400, 404 -> throw new IllegalArgumentException(message);
            default -> {
                spec.commandLine().getErr().println("streamcast rollback: " + base + " answered " + response.statusCode() + ": " + message);
                return 1;
            }
        }
    }

    /** The service's one-line reason ({"error": "..."}), else the body itself. */
    private static String errorOf(String body) {
        try {
            JsonNode error = JSON.readTree(body).get("error");
            return error != null ? error.asText() : body.strip();
        } catch (IOException e) {
            return body.strip();
        }
    }
}
