package io.streamcast.cli;

import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.metrics.MetricsRegistries;
import io.streamcast.service.ServiceRuntime;
import io.streamcast.service.StreamcastService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run the service against the Kafka cluster named in the config.")
final class RunCommand implements Callable<Integer> {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            defaultValue = "config/streamcast.yaml",
            description = "Service config (default ${DEFAULT-VALUE}).")
    Path config;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Overrides bootstrapServers of the config.")
    String bootstrapServers;

    @Option(
            names = "--topologies",
            paramLabel = "DIR",
            description = "Directory of topology files (default: the config's, else topologies/).")
    Path topologies;

    @Option(
            names = "--http-host",
            paramLabel = "HOST",
            description = "Address of /metrics and the REST API (default 127.0.0.1).")
    String httpHost;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            description = "Port of /metrics and the REST API (default 9464).")
    Integer httpPort;

    @Option(
            names = "--broker-timeout",
            paramLabel = "SECONDS",
            description =
                    "Give up (one line, exit status 2) when the Kafka cluster has not answered within this many seconds "
                            + "of starting (default: the config's brokerTimeoutSeconds, else 30).")
    Integer brokerTimeout;

    @Mixin
    TopologyOptions topologyOptions;

    /** Set while the service runs; {@link #stop} uses it. */
    private volatile Shutdown shutdown;

    @Override
    @SuppressWarnings("try") // runtime.close() before the try ends: the closing line reports what closing did (close is
    // idempotent)
    public Integer call() throws Exception {
        ServiceConfig service = YamlConfig.loadService(config, List.of());
        if (bootstrapServers != null) {
            service.bootstrapServers = bootstrapServers;
        }
        if (httpHost != null) {
            service.http.host = httpHost;
        }
        if (httpPort != null) {
            service.http.port = httpPort;
        }
        if (brokerTimeout != null) {
            if (brokerTimeout < 1) {
                throw new IllegalArgumentException("--broker-timeout must be at least 1 second, not " + brokerTimeout);
            }
            service.brokerTimeoutSeconds = brokerTimeout;
        }
        Path dir = topologies != null ? topologies : Path.of(service.topologies);
        List<TopologySpec> specs = YamlConfig.loadTopologies(dir, topologyOptions.overrides);
        try (ServiceRuntime runtime = ServiceRuntime.start(service, specs, Map.of(), MetricsRegistries.prometheus());
                Shutdown shutdown = Shutdown.onSignal()) {
            this.shutdown = shutdown;
            System.out.println("streamcast running " + specs.size() + " topologies against " + service.bootstrapServers
                    + "; metrics and REST on http://" + runtime.httpEndpoint());
            int status = 0;
            // Stop, with one line per topology, once every topology has stopped for good: status 2
            // when what stopped them is the user's to fix (a missing input topic), 1 otherwise.
            while (!shutdown.await(Duration.ofSeconds(1))) {
                Map<String, String> stopped = runtime.service().stopped();
                if (stopped.size() == specs.size()) {
                    stopped.forEach(
                            (name, why) -> System.err.println("streamcast: topology " + name + " stopped: " + why));
                    status = stopped.values().stream().allMatch(why -> why.startsWith(StreamcastService.MISSING_TOPIC))
                            ? 2
                            : 1;
                    break;
                }
            }
            runtime.close();
            StreamcastService.Closed closed = runtime.service().closed();
            System.out.println(
                    "streamcast stopped: " + (closed == null ? "no topology was running" : closed.summary()));
            return status;
        }
    }

    /** Asks a running {@code run} to stop as Ctrl-C would (tests). */
    void stop() {
        Shutdown s = shutdown;
        if (s != null) {
            s.request();
        }
    }
}
