package io.streamcast.http;

import io.streamcast.model.VersionedModel;
import io.streamcast.topology.CorrectionStatus;
import io.streamcast.topology.StoreNames;
import io.streamcast.training.ModelStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The model versions in the {@link StoreNames#MODEL} stores of this instance's active tasks (see
 * {@link io.streamcast.training.ModelStore} for the keys). Only the version header of each
 * checkpoint is read; no network is built.
 */
final class ModelVersions {
    private static final String SERVING = "serving";
    private static final String VERSION_PREFIX = "v";

    private ModelVersions() {}

    /** One topology on this instance: its KafkaStreams state and a model per local partition. */
    record TopologyModels(String topology, String cell, String state, List<PartitionModel> tasks) {}

    /**
     * @param version  the serving version; 0 while no trained model serves (forecasts come from the fallback)
     * @param versions every version kept for rollback, ascending (0: the untrained network a learning task started from)
     * @param pinned   the version a rollback pinned (nothing is promoted over it until a resume), or null
     * @param correction what serves, the network's correction or the smoothing base, and the live comparison
     *                   behind it; null until the task has run
     */
    record PartitionModel(int partition, long version, List<Long> versions, Long pinned, Correction correction) {}

    /**
     * @param networkServes whether the task serves the network's correction (else the base, {@code "ets"})
     * @param networkError  the correction gate's running mean absolute error of the network's forecasts, in units
     *                      of each series' scale; null before a forecast was scored
     * @param baseError     the same for the base's forecasts on the same points
     */
    record Correction(boolean networkServes, Double networkError, Double baseError) {
        static Correction of(CorrectionStatus status) {
            return status == null
                    ? null
                    : new Correction(
                            status.networkServes(),
                            finiteOrNull(status.networkError()),
                            finiteOrNull(status.baseError()));
        }

        private static Double finiteOrNull(double value) {
            // JSON has no NaN.
            return Double.isFinite(value) ? value : null;
        }
    }

    static TopologyModels of(TopologyHandle topology) {
        KafkaStreams streams = topology.streams();
        List<PartitionModel> tasks = new ArrayList<>();
        for (int partition : localPartitions(streams)) {
            try {
                tasks.add(read(partition, store(streams, partition)));
            } catch (InvalidStateStoreException e) {
                // Restoring, moving, or a task of a sub-topology without the model store: nothing to show for it.
            }
        }
        return new TopologyModels(
                topology.name(), topology.cell(), streams.state().name(), tasks);
    }

    private static SortedSet<Integer> localPartitions(KafkaStreams streams) {
        SortedSet<Integer> partitions = new TreeSet<>();
        streams.metadataForLocalThreads()
                .forEach(thread -> thread.activeTasks()
                        .forEach(task -> partitions.add(task.taskId().partition())));
        return partitions;
    }

    private static ReadOnlyKeyValueStore<String, byte[]> store(KafkaStreams streams, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(
                        StoreNames.MODEL, QueryableStoreTypes.<String, byte[]>keyValueStore())
                .withPartition(partition));
    }

    private static PartitionModel read(int partition, ReadOnlyKeyValueStore<String, byte[]> store) {
        byte[] serving = store.get(SERVING);
        // The header alone: a damaged checkpoint must not turn /models into a 500 (the task refuses it when loading).
        long version = serving == null ? 0 : VersionedModel.versionOf(serving);
        List<Long> versions = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it =
                store.prefixScan(VERSION_PREFIX, Serdes.String().serializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                String number = kv.key.substring(VERSION_PREFIX.length());
                if (number.matches("\\d+")) {
                    versions.add(Long.parseLong(number));
                }
            }
        }
        versions.sort(null);
        return new PartitionModel(
                partition,
                version,
                versions,
                ModelStore.decodePinned(store.get(ModelStore.PINNED)),
                Correction.of(CorrectionStatus.of(store.get(ModelStore.GATE))));
    }
}
