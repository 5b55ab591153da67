package io.streamcast.topology;

import io.streamcast.config.TopologySpec;
import io.streamcast.ingest.ParseResult;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.ModelCheckpoint;
import io.streamcast.series.RecentForecastsSerde;
import io.streamcast.series.SeriesStateSerde;
import io.streamcast.training.TaskModelFactory;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A {@link ForecastProcessor} per task, and the task stores it reads and writes, declared here once:
 * Kafka Streams adds them to the topology and connects them to the processor from {@link #stores()}.
 *
 * <p>The store names ({@link StoreNames}) and with them the changelog topics
 * ({@code <application id>-<store name>-changelog}) are a compatibility contract with the state and
 * changelogs of running deployments: renaming a store orphans its state.
 */
final class ForecastProcessorSupplier implements ProcessorSupplier<String, ParseResult.Accepted, String, Outcome> {
    private final TopologySpec spec;
    private final TopologyMetrics metrics;
    private final TaskModelFactory models;
    private final OriginFilter originFilter;
    private final boolean controlled;
    private final LiveCommits liveCommits;

    /**
     * @param controlled whether the topology has its control topics: the global {@link StoreNames#COMMANDS}
     *     store to follow and a models topic the processor's {@link Outcome.Published} go to
     * @param liveCommits the commit pacing the topology's steps share
     */
    ForecastProcessorSupplier(
            TopologySpec spec,
            TopologyMetrics metrics,
            TaskModelFactory models,
            OriginFilter originFilter,
            boolean controlled,
            LiveCommits liveCommits) {
        this.liveCommits = liveCommits;
        this.spec = spec;
        this.metrics = metrics;
        this.models = models;
        this.originFilter = originFilter;
        this.controlled = controlled;
    }

    @Override
    public Processor<String, ParseResult.Accepted, String, Outcome> get() {
        return new ForecastProcessor(spec, metrics, models, originFilter, controlled, liveCommits);
    }

    /** Persistent and changelogged, every one. */
    @Override
    public Set<StoreBuilder<?>> stores() {
        // Cached: a series that gets several observations between two commits needs only its last
        // record in RocksDB and the changelog; reads of what was just written (a series' remembered
        // forecasts, read by its next observation) are served from the cache, not RocksDB.
        StoreBuilder<?> series = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(StoreNames.SERIES), Serdes.String(), SeriesStateSerde.serde())
                .withCachingEnabled();
        StoreBuilder<?> pending = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(StoreNames.PENDING), Serdes.String(), Serdes.Long())
                .withCachingEnabled();
        StoreBuilder<?> remembered = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(StoreNames.REMEMBERED),
                        Serdes.String(),
                        RecentForecastsSerde.serde())
                .withCachingEnabled();
        StoreBuilder<?> model = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(StoreNames.MODEL), Serdes.String(), Serdes.ByteArray())
                // Checkpoints outgrow the broker's default 1 MB message limit (the Streams producer's
                // max.request.size is raised to match in ForecastTopology.streamsConfig).
                .withLoggingEnabled(
                        Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(ModelCheckpoint.MAX_BYTES)));
        return Set.of(series, pending, remembered, model);
    }
}
