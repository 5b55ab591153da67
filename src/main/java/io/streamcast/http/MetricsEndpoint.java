package io.streamcast.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;

/** {@code GET /metrics}: the Prometheus scrape. */
final class MetricsEndpoint extends Endpoint.Fixed {
    /** What {@link PrometheusMeterRegistry#scrape()} writes: the Prometheus text format 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsEndpoint(PrometheusMeterRegistry registry) {
        super("/metrics");
        this.registry = registry;
    }

    @Override
    Reply answer(URI uri) {
        return Reply.text(200, CONTENT_TYPE, registry.scrape());
    }
}
