package io.streamcast.bench;

import java.util.List;
import java.util.Map;

/**
 * The performance issue's shape as a bench configuration, for the tests that need one: 10,000
 * series x 120 observations, GRU 32 x 1, window 48, horizon 12, period 24, 4 partitions, exactly
 * once, an 8 s live phase at half load, 5 s of pretraining, the service's Streams settings.
 */
final class BenchConfigs {
    private BenchConfigs() {}

    /** The issue's shape, online or frozen, with topology fields set as {@code bench --set} sets them. */
    static StreamingBench.Config issueShape(boolean online, List<String> topologySettings) {
        return new StreamingBench.Config(
                10_000,
                120,
                48,
                12,
                24,
                "gru",
                32,
                1,
                online,
                4,
                "exactly_once_v2",
                8,
                0,
                600,
                5,
                false,
                Map.of(),
                topologySettings);
    }

    static StreamingBench.Config issueShape(boolean online) {
        return issueShape(online, List.of());
    }
}
