package io.streamcast.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** The options of a command to one topology of a running service: which topology, and where the service's REST API is. */
final class ServiceTopology {
    @Option(names = "--topology", paramLabel = "NAME", required = true, description = "Name of the topology.")
    String topology;

    @Option(
            names = "--url",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:9464",
            description = "The service's REST API (default ${DEFAULT-VALUE}).")
    URI url;
}
