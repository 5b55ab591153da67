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
import picocli.CommandLine;

/**
 * One operator command to a running service's REST API ({@code POST /models/{topology}/<action>}),
 * as {@code rollback} and {@code resume} send it: exit 0 once the service has accepted the command,
 * 2 (one line) when the service refuses it as the user's to fix (unknown topology, bad or missing
 * version), 1 when the service cannot be reached or cannot take the command now.
 */
final class OperatorCall {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private OperatorCall() {}

    /**
     * @param query    e.g. {@code "?version=3"}, or ""
     * @param accepted what to print once accepted, before "(command <id>); see <url>/models"
     */
    static int post(
            CommandLine.Model.CommandSpec spec, ServiceTopology service, String action, String query, String accepted)
            throws IOException, InterruptedException {
        URI url = service.url;
        String topology = service.topology;
        String base = url.toString().replaceAll("/+$", "");
        URI target = URI.create(base + "/models/"
                + URLEncoder.encode(topology, StandardCharsets.UTF_8).replace("+", "%20") + "/" + action + query);
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpResponse<String> response;
        try {
            response = client.send(
                    HttpRequest.newBuilder(target)
                            .timeout(TIMEOUT)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            spec.commandLine()
                    .getErr()
                    .println("streamcast " + spec.name() + ": cannot reach " + base + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        }
        String message = errorOf(response.body());
        switch (response.statusCode()) {
            case 202 -> {
                spec.commandLine()
                        .getOut()
                        .println(accepted + " (command "
                                + JSON.readTree(response.body()).path("id").asText() + "); see " + base + "/models");
                return 0;
            }
            case 400, 404, 409 -> throw new IllegalArgumentException(message);
            default -> {
                spec.commandLine()
                        .getErr()
                        .println("streamcast " + spec.name() + ": " + base + " answered " + response.statusCode() + ": "
                                + message);
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
