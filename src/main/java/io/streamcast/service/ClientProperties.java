package io.streamcast.service;

import io.streamcast.config.ServiceConfig;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Connection settings for the service's own Kafka clients (admin, producer, models-topic reader). */
final class ClientProperties {
    private ClientProperties() {}

    /** The bootstrap servers plus every user property (SASL, TLS) a plain client understands. */
    static Properties client(ServiceConfig config) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers);
        config.kafka.forEach((k, v) -> {
            // Streams-only settings would only produce "unknown config" warnings in plain clients.
            if (!k.startsWith("replication.factor") && !k.startsWith("processing.guarantee")) {
                props.put(k, v);
            }
        });
        return props;
    }

    /** The producer that writes operator commands (the tasks publish model versions through their own). */
    static Properties producer(ServiceConfig config) {
        Properties props = client(config);
        // A command comes from an HTTP request: answer it within seconds on an unreachable broker.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        return props;
    }
}
