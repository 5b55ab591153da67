package io.streamcast.topology;

import io.streamcast.config.TopologySpec;
import io.streamcast.ingest.ParseResult;
import io.streamcast.metrics.IngestMetrics;
import io.streamcast.series.OpenStepSerde;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** A {@link StepAggregator} per task, with the open-steps store it keeps (persistent, changelogged, cached). */
final class StepAggregatorSupplier implements ProcessorSupplier<String, ParseResult.Accepted, String, ParseResult> {
    private final TopologySpec spec;
    private final IngestMetrics metrics;

    StepAggregatorSupplier(TopologySpec spec, IngestMetrics metrics) {
        this.spec = spec;
        this.metrics = metrics;
    }

    @Override
    public Processor<String, ParseResult.Accepted, String, ParseResult> get() {
        return new StepAggregator(spec, metrics);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        // Cached: a series rewrites its open step with every reading, and only the last of them
        // before a commit needs to reach RocksDB and the changelog.
        return Set.of(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(StoreNames.OPEN_STEPS), Serdes.String(), OpenStepSerde.serde())
                .withCachingEnabled());
    }
}
