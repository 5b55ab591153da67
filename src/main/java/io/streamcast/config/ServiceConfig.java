package io.streamcast.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** The service: where Kafka is, where state lives, what port to serve. Read from {@code config/streamcast.yaml}. */
public class ServiceConfig {
    public String bootstrapServers = "127.0.0.1:9092";
    /** Prefix of every Kafka Streams application id; each topology appends "-" + its name. */
    public String applicationId = "streamcast";

    public String stateDir = "state";
    public String topologies = "topologies";
    public Http http = new Http();
    /** Stream threads per topology; scale-out beyond this is more instances with the same application id. */
    public int streamThreads = 1;
    /** How long {@code run} waits for the Kafka cluster to answer at start before it gives up with one line (exit status 2). */
    public int brokerTimeoutSeconds = 30;
    /** Any Kafka client property (SASL, TLS, timeouts...) passed through to Kafka Streams unchanged. */
    public Map<String, String> kafka = new LinkedHashMap<>();

    public static class Http {
        /** Loopback by default: metrics and the REST API are not exposed unless asked for. */
        public String host = "127.0.0.1";

        public int port = 9464;
        /** host:port other instances use to reach this one for interactive queries; defaults to host:port. */
        public String advertised;
    }

    /**
     * Kafka Streams application id of one topology: this service's id plus the topology name, so
     * topologies scale and reset independently. Its side topics and state-store changelogs are
     * named after it.
     */
    public String applicationIdOf(TopologySpec spec) {
        return applicationId + "-" + spec.name;
    }

    public ServiceConfig validate() {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ConfigException("bootstrapServers: must be set");
        }
        if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigException("applicationId: must contain only letters, digits, '.', '_' or '-'");
        }
        if (http.port < 0 || http.port > 65535) {
            throw new ConfigException("http.port: must be between 0 and 65535");
        }
        if (brokerTimeoutSeconds < 1) {
            throw new ConfigException("brokerTimeoutSeconds: must be >= 1");
        }
        if (streamThreads < 1) {
            throw new ConfigException("streamThreads: must be >= 1");
        }
        return this;
    }

    public String advertisedEndpoint(int boundPort) {
        return http.advertised != null ? http.advertised : http.host + ":" + boundPort;
    }
}
