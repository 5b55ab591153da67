package io.streamcast.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The registries the service publishes to, and the third-party binders bound to them.
 * <p>
 * The JVM and process meters come from Micrometer's binders; {@link MetricNames#BINDERS} lists the
 * Prometheus names of those the Grafana dashboard uses.
 */
public final class MetricsRegistries {

    /** Common tag on every meter, so dashboards can tell Streamcast apart on a shared Prometheus. */
    public static final Tag APP_TAG = Tag.of("app", "streamcast");

    private MetricsRegistries() {}

    /**
     * A Prometheus registry with the common tag {@code app=streamcast}, the JVM memory, GC,
     * thread and class-loader binders plus the processor and uptime binders, and the
     * {@link KafkaMeterFilters} that keep only the Kafka client meters worth a scrape.
     */
    public static PrometheusMeterRegistry prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags(List.of(APP_TAG));
        // Before any binder: a filter added later does not reach meters already registered.
        KafkaMeterFilters.filters().forEach(registry.config()::meterFilter);
        new JvmMemoryMetrics().bindTo(registry);
        // Listens to GC notifications for the life of the process; never closed on purpose.
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /**
     * Binds the Kafka Streams client metrics (its consumers, producers, stream threads, tasks) with
     * Micrometer's {@link KafkaStreamsMetrics}. Names follow {@code kafka.(group).(name)} with
     * "-metrics" dropped from the group, e.g. the consumer's {@code records-lag-max} becomes
     * {@code kafka_consumer_fetch_manager_records_lag_max} in Prometheus, tagged with the Kafka
     * {@code client_id} (which starts with the application id, hence names the topology).
     * Only the meters {@link KafkaMeterFilters#KEPT} lists reach the scrape. New Kafka metrics
     * (per-partition lag after an assignment) are picked up within a minute.
     *
     * @return the binder; close it before closing {@code streams} so its refresh thread stops and
     *     its meters leave the registry
     */
    public static AutoCloseable bindKafkaStreams(KafkaStreams streams, MeterRegistry registry) {
        return bindKafkaStreams(streams, registry, List.of());
    }

    /** As {@link #bindKafkaStreams(KafkaStreams, MeterRegistry)} with extra bounded tags on every meter. */
    public static AutoCloseable bindKafkaStreams(KafkaStreams streams, MeterRegistry registry, Iterable<Tag> tags) {
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams, tags);
        metrics.bindTo(registry);
        return metrics;
    }
}
