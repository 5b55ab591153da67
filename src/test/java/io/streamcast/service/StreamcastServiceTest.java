package io.streamcast.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.ServiceConfig;
import io.streamcast.control.ModelCommand;
import io.streamcast.http.HttpApi;
import io.streamcast.metrics.MetricsRegistries;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** What the service answers before its topologies exist: HTTP is up from the first moment. */
class StreamcastServiceTest {
    @Test
    void aCommandBeforeTheTopologiesHaveStartedIsRefusedAsStartingNotAsAnUnknownTopology() {
        try (StreamcastService service = new StreamcastService(new ServiceConfig(), MetricsRegistries.prometheus())) {
            // IllegalStateException is the REST endpoints' 503 (retry later); "no topology named" would be a 404.
            IllegalStateException refused = assertThrows(
                    IllegalStateException.class, () -> service.send("hourly-temps", ModelCommand.rollback(1)));
            assertTrue(refused.getMessage().contains("still starting"), refused.getMessage());
            assertThrows(IllegalStateException.class, () -> service.resume("hourly-temps"));
        }
    }

    /**
     * The HTTP API as {@link ServiceRuntime} wires it, on a service whose {@code start} has not run:
     * every endpoint that reads the topologies answers 503 "still starting" (retry), where an empty
     * list, a 404 "no forecast" or "no topology named" would be believed.
     */
    @Test
    void modelsForecastsAndCommandsBeforeTheTopologiesExistAnswer503StillStarting() throws Exception {
        var registry = MetricsRegistries.prometheus();
        HttpClient client = HttpClient.newHttpClient();
        try (StreamcastService service = new StreamcastService(new ServiceConfig(), registry);
                HttpApi http =
                        new HttpApi("127.0.0.1", 0, registry, new StreamcastServiceView(service), service::send)) {
            http.start();
            String base = "http://127.0.0.1:" + http.port();
            for (HttpRequest request : new HttpRequest[] {
                HttpRequest.newBuilder(URI.create(base + "/models")).build(),
                HttpRequest.newBuilder(URI.create(base + "/forecasts/seattle")).build(),
                HttpRequest.newBuilder(URI.create(base + "/forecasts/seattle?topology=hourly-temps"))
                        .build(),
                HttpRequest.newBuilder(URI.create(base + "/models/hourly-temps/rollback?version=1"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpRequest.newBuilder(URI.create(base + "/models/hourly-temps/resume"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build()
            }) {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                String what = request.method() + " " + request.uri().getPath() + ": " + response.body();
                assertEquals(503, response.statusCode(), what);
                assertTrue(response.body().contains("still starting"), what);
                assertEquals("5", response.headers().firstValue("Retry-After").orElse(null), what);
            }
        }
    }
}
