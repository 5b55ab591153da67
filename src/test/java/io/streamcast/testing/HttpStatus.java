package io.streamcast.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The status a GET answers with, for tests that poll the service's HTTP endpoints. */
public final class HttpStatus {
    private HttpStatus() {}

    /** The status of a GET of {@code url}, or -1 when nothing answered within {@code timeout}. */
    public static int of(HttpClient http, String url, Duration timeout) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(timeout)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
