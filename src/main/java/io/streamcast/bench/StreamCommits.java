package io.streamcast.bench;

import io.streamcast.service.StreamcastService;

/**
 * How many transactions the service's stream threads have committed, summed over them at one
 * moment (Kafka Streams' {@code stream-thread-metrics} {@code commit-total}). Each commit ends a
 * transaction and empties the stores' caches into the changelogs, so a phase's commits per second
 * say how often a forecast became readable and how much the caches could coalesce.
 */
record StreamCommits(double total) {

    /** Before the service started: nothing committed yet. */
    static final StreamCommits NONE = new StreamCommits(0);

    static StreamCommits of(StreamcastService streamcast) {
        double[] total = {0};
        StreamsMetricSums.forEach(streamcast, "stream-thread-metrics", (name, value) -> {
            if ("commit-total".equals(name.name())) {
                total[0] += value;
            }
        });
        return new StreamCommits(total[0]);
    }

    /** Commits between {@code before} and this reading. */
    double since(StreamCommits before) {
        return total - before.total;
    }
}
