package io.streamcast.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One resource of the API: answers its one method (GET unless it says otherwise; 405 for others), 404 for paths it does not own, and
 * a JSON 500 rather than a dropped connection when something throws.
 */
abstract class Endpoint implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);

    @Override
    public final void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange).send(exchange);
        } finally {
            exchange.close();
        }
    }

    private Reply route(HttpExchange exchange) {
        URI uri = exchange.getRequestURI();
        // HttpServer picks a context by plain prefix ("/health" also catches "/healthz"): check the whole path.
        if (!owns(uri.getPath())) {
            return Reply.error(404, "no such resource: " + uri.getPath());
        }
        if (!method().equals(exchange.getRequestMethod())) {
            return Reply.error(
                            405,
                            exchange.getRequestMethod() + " is not allowed on " + uri.getPath() + "; use " + method())
                    .withHeader("Allow", method());
        }
        try {
            return answer(uri);
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", method(), uri, e);
            return Reply.error(500, "internal error: " + e.getClass().getSimpleName());
        }
    }

    /** The one HTTP method this endpoint answers. */
    String method() {
        return "GET";
    }

    /** Whether this endpoint serves the (decoded) path. */
    abstract boolean owns(String path);

    abstract Reply answer(URI uri);

    /** An endpoint at exactly one path. */
    abstract static class Fixed extends Endpoint {
        private final String path;

        Fixed(String path) {
            this.path = path;
        }

        @Override
        final boolean owns(String requested) {
            return path.equals(requested);
        }
    }

    /** Every path no other endpoint owns. */
    static final class NotFound extends Endpoint {
        @Override
        boolean owns(String path) {
            return false;
        }

        @Override
        Reply answer(URI uri) {
            throw new AssertionError("owns nothing");
        }
    }
}
