package io.streamcast.http;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's HTTP port: {@code /metrics} (Prometheus text), {@code /forecasts/{series}},
 * {@code /models}, {@code POST /models/{topology}/rollback?version=N}, {@code POST /models/{topology}/resume}, {@code /health},
 * {@code /ready}; JSON everywhere else. Built on the JDK's
 * {@link HttpServer}.
 *
 * <p>The port is bound by the constructor, so {@link #port()} is known before the KafkaStreams
 * instances are created (it is their {@code application.server}); requests are answered from
 * {@link #start()} on, and {@code view} is asked anew on each request.
 */
public final class HttpApi implements AutoCloseable {
    /** A forwarded forecast query waits on a peer: a few threads keep scrapes answered meanwhile. */
    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;

    /** An API without operator commands ({@code POST /models/{topology}/rollback} and {@code /resume} answer 503). */
    public HttpApi(String host, int port, PrometheusMeterRegistry registry, ServiceView view) {
        this(host, port, registry, view, ModelControl.NONE);
    }

    /**
     * @param port    0 picks a free port
     * @param control where {@code POST /models/{topology}/rollback} and {@code /resume} send their command
     */
    public HttpApi(String host, int port, PrometheusMeterRegistry registry, ServiceView view, ModelControl control) {
        this(host, port, registry, view, control, ModelCatalog.cluster());
    }

    /** @param catalog what a rollback's version is checked against (this instance's tasks and its peers') */
    public HttpApi(
            String host,
            int port,
            PrometheusMeterRegistry registry,
            ServiceView view,
            ModelControl control,
            ModelCatalog catalog) {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", new Endpoint.NotFound());
        server.createContext("/metrics", new MetricsEndpoint(registry));
        server.createContext(
                ForecastsEndpoint.PREFIX, new ForecastsEndpoint(view, new ForecastLookup(new PeerClient())));
        server.createContext("/models", new ModelsEndpoint(view));
        server.createContext(ModelCommandEndpoint.PREFIX, new ModelCommandEndpoint(view, control, catalog));
        server.createContext("/health", HealthEndpoint.liveness(view));
        server.createContext("/ready", HealthEndpoint.readiness(view));
    }

    public void start() {
        server.start();
    }

    /** The bound port (the chosen one when constructed with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        // No grace period: on JDK 17 stop(n) waits the full n seconds even when nothing is in flight.
        server.stop(0);
        executor.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "streamcast-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
