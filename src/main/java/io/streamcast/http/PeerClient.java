package io.streamcast.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.emit.ForecastSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks the instance that owns a series for its forecast ({@code GET /forecasts/{series}?topology=..&local=true}), and a
 * peer for the model versions of its tasks ({@code GET /models}).
 */
final class PeerClient {
    /** Peers sit on the same network and answer from a local store: seconds mean it is down or stuck. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    Lookup latestForecast(String endpoint, String topology, String series) {
        URI uri = URI.create("http://" + endpoint + ForecastsEndpoint.PREFIX + encode(series) + "?topology="
                + encode(topology) + "&local=true");
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return switch (response.statusCode()) {
                case 200 -> new Lookup.Found(ForecastSerde.fromBytes(response.body()));
                case 404 -> Lookup.MISSING;
                default ->
                    new Lookup.Unavailable(topology + ": owner " + endpoint + " answered " + response.statusCode());
            };
        } catch (IOException | UncheckedIOException e) {
            return new Lookup.Unavailable(
                    topology + ": owner " + endpoint + " did not answer (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Lookup.Unavailable(topology + ": interrupted while asking " + endpoint);
        }
    }

    /** A peer's {@code GET /models} (its own tasks only), or null when it does not answer with one. */
    JsonNode models(String endpoint) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + endpoint + "/models"))
                .timeout(REQUEST_TIMEOUT)
                .GET()
                .build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200 ? ForecastSerde.JSON.readTree(response.body()) : null;
        } catch (IOException | UncheckedIOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** A path segment: %20 for spaces, and "/" escaped so the owner reads the series id back whole. */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
