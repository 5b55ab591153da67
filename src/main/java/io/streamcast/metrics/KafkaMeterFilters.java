package io.streamcast.metrics;

import io.micrometer.core.instrument.config.MeterFilter;
import java.util.List;
import java.util.Set;

/**
 * Which Kafka client meters reach {@code /metrics}. {@code KafkaStreamsMetrics} binds every metric
 * of every client of every topology: per task, processor node and state store, per broker
 * connection, for the admin and restore clients too. With two topologies that was 5,400 lines and
 * 1.4 MB per scrape, nearly all of it per-store and per-node detail nobody charts. Only the meters
 * below are kept: those the shipped dashboards query ({@link MetricNames#BINDERS}) and those an
 * operator alerts on (lag, stream threads alive and failed, commits, rebalances, dropped records,
 * producer errors and retries). Everything else named {@code kafka.*} is denied.
 * <p>
 * Not kept: {@code kafka.stream.client.state} and {@code kafka.stream.thread.thread.state}. Kafka
 * tags them with the process id, a random UUID per start (a new series at every restart), and
 * the binder re-registers every minute any meter whose tags a filter changed, which Micrometer
 * reports as a warning. Alive and failed stream threads, and {@code /ready}, say the same.
 */
public final class KafkaMeterFilters {

    /** Micrometer names ({@code kafka.(group without "-metrics").(name)}, dots for dashes) of the Kafka meters kept. */
    public static final Set<String> KEPT = Set.of(
            // Consumer lag (per partition; the dashboard takes the max per client) and throughput.
            "kafka.consumer.fetch.manager.records.lag.max",
            "kafka.consumer.fetch.manager.records.consumed.rate",
            // Rebalances: a group that keeps rebalancing forecasts nothing.
            "kafka.consumer.coordinator.rebalance.total",
            "kafka.consumer.coordinator.rebalance.rate.per.hour",
            "kafka.consumer.coordinator.failed.rebalance.total",
            "kafka.consumer.coordinator.last.rebalance.seconds.ago",
            "kafka.consumer.coordinator.assigned.partitions",
            // Stream threads: processing and commit (the transaction, under exactly once) rates and latency, state.
            "kafka.stream.thread.process.rate",
            "kafka.stream.thread.process.total",
            "kafka.stream.thread.commit.rate",
            "kafka.stream.thread.commit.total",
            "kafka.stream.thread.commit.latency.avg",
            "kafka.stream.thread.commit.latency.max",
            // The Kafka Streams client: stream threads alive, and failed (the service replaces a failed one).
            "kafka.stream.alive.stream.threads",
            "kafka.stream.failed.stream.threads",
            // Records the deserialization handler skipped: invisible anywhere else.
            "kafka.stream.task.dropped.records.total",
            // Producer: forecasts, dead letters and changelogs that failed or needed retries.
            "kafka.producer.record.send.rate",
            "kafka.producer.record.error.rate",
            "kafka.producer.record.error.total",
            "kafka.producer.record.retry.rate",
            "kafka.producer.record.retry.total");

    private static final String KAFKA_PREFIX = "kafka.";

    private KafkaMeterFilters() {}

    /**
     * The filters, in the order to add them to a registry, before any Kafka meter is bound: accept
     * a kept name, deny every other {@code kafka.*} name. They only accept or deny, never change
     * tags: see the class comment.
     */
    public static List<MeterFilter> filters() {
        return List.of(
                MeterFilter.accept(id -> KEPT.contains(id.getName())), MeterFilter.denyNameStartsWith(KAFKA_PREFIX));
    }
}
