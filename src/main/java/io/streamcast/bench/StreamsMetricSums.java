package io.streamcast.bench;

import io.streamcast.service.RunningTopology;
import io.streamcast.service.StreamcastService;
import java.util.function.BiConsumer;
import org.apache.kafka.common.MetricName;

/** Walks the Kafka metrics of every topology the service runs: the bench's readings (producer waits, commits, bytes per topic) sum them. */
final class StreamsMetricSums {
    private StreamsMetricSums() {}

    /** Each numeric metric of group {@code group}, with its name, over every running topology. */
    static void forEach(StreamcastService streamcast, String group, BiConsumer<MetricName, Double> action) {
        for (RunningTopology running : streamcast.running()) {
            running.streams().metrics().forEach((name, metric) -> {
                if (group.equals(name.group()) && metric.metricValue() instanceof Number n) {
                    action.accept(name, n.doubleValue());
                }
            });
        }
    }
}
