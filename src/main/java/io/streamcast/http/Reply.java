package io.streamcast.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.streamcast.emit.ForecastSerde;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A status, a content type and a body: what every endpoint answers with. */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON_TYPE = "application/json";
    /** The same mapper as the forecasts topic, so a forecast reads the same over HTTP as on Kafka. */
    private static final ObjectMapper JSON = ForecastSerde.JSON;

    static Reply json(int status, Object value) {
        try {
            return new Reply(status, JSON_TYPE, JSON.writeValueAsBytes(value), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static Reply error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    /** 503 with {@link ServiceView#STARTING}: the topologies do not exist yet; a client retries. */
    static Reply starting() {
        return error(503, ServiceView.STARTING).withHeader("Retry-After", "5");
    }

    static Reply text(int status, String contentType, String text) {
        return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, body, more);
    }

    void send(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach(exchange.getResponseHeaders()::set);
        // -1: no body at all; a length of 0 would mean "chunked" to HttpServer.
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
