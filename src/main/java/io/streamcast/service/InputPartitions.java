package io.streamcast.service;

import io.streamcast.config.ConfigException;
import io.streamcast.config.TopologySpec;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The input topic's partition count, which a {@code partitionedBySeries} topology needs to know
 * where each series belongs. Read once at start: a topic that later gains partitions moves keys,
 * and the moved records are then dead-lettered as MISPARTITIONED instead of splitting a series.
 */
final class InputPartitions {
    private InputPartitions() {
    }

    /** The count for a {@code partitionedBySeries} topology; 1 (unused) for the others. */
    static int of(Admin admin, TopologySpec spec) {
        if (!spec.partitionedBySeries) {
            return 1;
        }
        try {
            return admin.describeTopics(List.of(spec.input)).allTopicNames().get().get(spec.input).partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new ConfigException("topology " + spec.name + ": partitionedBySeries needs the input topic " + spec.input
                        + " to exist before start (its partition count says where each series belongs); create it, or set partitionedBySeries: false");
            }
            throw new IllegalStateException("could not describe input topic " + spec.input + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing input topic " + spec.input, e);
        }
    }
}
