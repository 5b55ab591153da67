package io.streamcast.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.metrics.MetricsRegistries;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.VersionedModel;
import io.streamcast.topology.ForecastTopology;
import io.streamcast.topology.OriginFilter;
import io.streamcast.training.NetworkTaskModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: one Kafka Streams application per topology (application id
 * {@code <applicationId>-<name>}), their metrics in one Prometheus registry. Scale-out is Kafka's:
 * more partitions, more instances with the same application ids.
 */
public final class StreamcastService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamcastService.class);

    /** One running topology. */
    public record Running(TopologySpec spec, KafkaStreams streams, TopologyMetrics metrics, AutoCloseable streamsMetrics) {
    }

    private final ServiceConfig config;
    private final PrometheusMeterRegistry registry;
    private final List<Running> running = new ArrayList<>();

    public StreamcastService(ServiceConfig config, PrometheusMeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /**
     * Starts every topology. {@code seeds} may hold an in-memory checkpoint per topology name (the
     * demo pretrains); otherwise a topology's {@code model.checkpoint} file seeds it, if set.
     */
    public void start(List<TopologySpec> specs, Map<String, VersionedModel> seeds, String applicationServer) {
        for (TopologySpec spec : specs) {
            VersionedModel seed = seeds.containsKey(spec.name) ? seeds.get(spec.name) : Checkpoints.of(spec);
            TopologyMetrics metrics = new TopologyMetrics(spec.name, spec.model.cell);
            metrics.bindTo(registry);
            KafkaStreams streams = new KafkaStreams(
                    ForecastTopology.build(spec, metrics, NetworkTaskModels.forSpec(spec, seed, metrics), OriginFilter.ALL),
                    ForecastTopology.streamsConfig(config, spec, applicationServer));
            streams.setUncaughtExceptionHandler(e -> {
                LOG.error("topology {}: stream thread failed, replacing it", spec.name, e);
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            AutoCloseable streamsMetrics = MetricsRegistries.bindKafkaStreams(streams, registry);
            streams.start();
            running.add(new Running(spec, streams, metrics, streamsMetrics));
            LOG.info("topology {} started: {} -> {} ({} x{} hidden {}, window {}, horizon {})", spec.name, spec.input, spec.output,
                    spec.model.cell, spec.model.layers, spec.model.hidden, spec.window, spec.horizon);
        }
    }

    /** Blocks until every topology is RUNNING or the timeout passes; returns whether all are. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (allRunning()) {
                return true;
            }
            Thread.sleep(100);
        }
        return allRunning();
    }

    public boolean allRunning() {
        return !running.isEmpty() && running.stream().allMatch(r -> r.streams().state() == KafkaStreams.State.RUNNING);
    }

    public boolean live() {
        return running.stream().noneMatch(r -> r.streams().state() == KafkaStreams.State.ERROR
                || r.streams().state() == KafkaStreams.State.NOT_RUNNING);
    }

    public Map<String, String> states() {
        Map<String, String> states = new LinkedHashMap<>();
        running.forEach(r -> states.put(r.spec().name, r.streams().state().name()));
        return states;
    }

    public List<Running> running() {
        return List.copyOf(running);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        for (Running r : running) {
            // Leave the group at once so a replacement instance gets the partitions without waiting out the session timeout.
            r.streams().close(org.apache.kafka.streams.CloseOptions
                    .groupMembershipOperation(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
            try {
                r.streamsMetrics().close();
            } catch (Exception e) {
                LOG.debug("closing Kafka Streams metrics", e);
            }
            r.metrics().close();
        }
        running.clear();
    }
}
