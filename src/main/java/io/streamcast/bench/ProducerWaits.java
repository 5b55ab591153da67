package io.streamcast.bench;

import io.streamcast.service.StreamcastService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the service's Kafka Streams producers spent time waiting, summed over its producers at one
 * moment: the cumulative nanosecond totals of Kafka's {@code producer-metrics} group. Under exactly
 * once a stream thread commits a transaction every commit interval and blocks in it, and a send
 * blocks when the producer's buffer memory is spent on batches waiting for the broker; two readings
 * give the time of the phase between them, to tell those stalls from the stream thread's own work.
 */
record ProducerWaits(Map<String, Double> nanosByMetric) {

    /** The producer-metrics totals read, in the order printed; {@code <name>-time-ns-total} each. */
    static final List<String> METRICS =
            List.of("bufferpool-wait", "txn-commit", "txn-send-offsets", "txn-begin", "flush", "metadata-wait");

    /** Before the service started: nothing waited yet. */
    static final ProducerWaits NONE = new ProducerWaits(Map.of());

    static ProducerWaits of(StreamcastService streamcast) {
        Map<String, Double> totals = new LinkedHashMap<>();
        METRICS.forEach(m -> totals.put(m, 0.0));
        StreamsMetricSums.forEach(streamcast, "producer-metrics", (name, value) -> {
            if (!name.name().endsWith("-time-ns-total")) {
                return;
            }
            String key = name.name().substring(0, name.name().length() - "-time-ns-total".length());
            if (totals.containsKey(key)) {
                totals.merge(key, value, Double::sum);
            }
        });
        return new ProducerWaits(totals);
    }

    /** Milliseconds per metric between {@code before} and this reading. */
    Map<String, Object> millisSince(ProducerWaits before) {
        Map<String, Object> out = new LinkedHashMap<>();
        nanosByMetric.forEach((k, v) -> out.put(k, (v - before.nanosByMetric.getOrDefault(k, 0.0)) / 1e6));
        return out;
    }
}
