package io.streamcast.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.control.ControlTopics;
import io.streamcast.metrics.MetricsRegistries;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.VersionedModel;
import io.streamcast.topology.ForecastTopology;
import io.streamcast.topology.OriginFilter;
import io.streamcast.training.NetworkTaskModels;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and starts the Kafka Streams application of one topology: its meters, its task models
 * (seeded; the topology publishes the versions they serve to its models topic), its streams settings fitted to its dead-letter
 * topic, and the handler that decides what a dying stream thread means ({@link StreamThreadFailures},
 * whose verdict {@link ServiceHealth} reports).
 */
final class TopologyLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyLauncher.class);

    private final ServiceConfig config;
    private final PrometheusMeterRegistry registry;
    private final TopicSetup.Prepared topics;
    private final ServiceHealth health;
    private final String applicationServer;

    TopologyLauncher(
            ServiceConfig config,
            PrometheusMeterRegistry registry,
            TopicSetup.Prepared topics,
            ServiceHealth health,
            String applicationServer) {
        this.config = config;
        this.registry = registry;
        this.topics = topics;
        this.health = health;
        this.applicationServer = applicationServer;
    }

    /** Starts {@code spec} from {@code seed} (null: untrained); the caller adds it to what runs. */
    RunningTopology start(TopologySpec spec, VersionedModel seed) {
        TopologyMetrics metrics = new TopologyMetrics(spec.name, spec.model.cell);
        metrics.bindTo(registry);
        NetworkTaskModels models =
                NetworkTaskModels.forSpec(spec, seed, metrics.training()).correctionProven(spec.base.correctionProven);
        Properties streamsProps = ForecastTopology.streamsConfig(config, spec, applicationServer);
        DeadLetterTopics.fitProducer(streamsProps, topics.deadLetterBytes().get(spec.name));
        KafkaStreams streams = new KafkaStreams(
                ForecastTopology.build(
                        spec,
                        metrics,
                        models,
                        OriginFilter.ALL,
                        ControlTopics.of(config, spec),
                        topics.inputPartitions().get(spec.name)),
                streamsProps);
        StreamThreadFailures failures = new StreamThreadFailures(
                spec.name, spec.input, grace -> InputTopicPresence.within(config, spec.input, grace));
        streams.setUncaughtExceptionHandler(failures);
        // Watched before it starts, so a thread that dies at once still leaves its reason.
        health.watch(spec.name, failures::stopReason);
        AutoCloseable streamsMetrics = MetricsRegistries.bindKafkaStreams(streams, registry);
        streams.start();
        LOG.info(
                "topology {} started: {} -> {} ({} x{} hidden {}, window {}, horizon {})",
                spec.name,
                spec.input,
                spec.output,
                spec.model.cell,
                spec.model.layers,
                spec.model.hidden,
                spec.window,
                spec.horizon);
        return new RunningTopology(spec, streams, metrics, streamsMetrics);
    }
}
