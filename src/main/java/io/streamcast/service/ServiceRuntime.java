package io.streamcast.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.config.ConfigException;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.http.HttpApi;
import io.streamcast.model.VersionedModel;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.List;
import java.util.Map;

/**
 * The service as users run it: the topologies plus the HTTP endpoint (/metrics, REST). The HTTP
 * server starts first so that its address can be advertised to Kafka Streams
 * ({@code application.server}) for interactive queries across instances.
 */
public final class ServiceRuntime implements AutoCloseable {
    private final StreamcastService service;
    private final HttpApi http;
    private final String endpoint;
    private volatile boolean closed;

    private ServiceRuntime(StreamcastService service, HttpApi http, String endpoint) {
        this.service = service;
        this.http = http;
        this.endpoint = endpoint;
    }

    public static ServiceRuntime start(
            ServiceConfig config,
            List<TopologySpec> specs,
            Map<String, VersionedModel> seeds,
            PrometheusMeterRegistry registry) {
        StreamcastService service = new StreamcastService(config, registry);
        StreamcastServiceView view = new StreamcastServiceView(service);
        HttpApi http;
        try {
            http = new HttpApi(config.http.host, config.http.port, registry, view, service::send);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BindException) {
                // Most often another streamcast (or a second `run`) still holds the port: the
                // user's to fix, one line and status 2 like a bad config file.
                throw new ConfigException(
                        "cannot serve /metrics and the REST API on " + config.http.host + ":"
                                + config.http.port + ": " + e.getCause().getMessage()
                                + " (is another streamcast running?); stop it or"
                                + " choose another port with http.port in the config or --http-port",
                        e);
            }
            throw e;
        }
        http.start();
        String endpoint = config.advertisedEndpoint(http.port());
        view.endpoint(endpoint);
        try {
            service.start(specs, seeds, endpoint);
        } catch (RuntimeException e) {
            service.close();
            http.close();
            throw e;
        }
        return new ServiceRuntime(service, http, endpoint);
    }

    public StreamcastService service() {
        return service;
    }

    public String httpEndpoint() {
        return endpoint;
    }

    public int httpPort() {
        return http.port();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        service.close();
        http.close();
    }
}
