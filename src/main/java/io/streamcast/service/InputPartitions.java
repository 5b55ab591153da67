package io.streamcast.service;

import io.streamcast.config.ConfigException;
import io.streamcast.config.TopologySpec;
import java.util.concurrent.ExecutionException;

/**
 * The input topic's partition count, which a {@code partitionedBySeries} topology needs to know
 * where each series belongs. Read once at start: a topic that later gains partitions moves keys,
 * and the moved records are then dead-lettered as MISPARTITIONED instead of splitting a series.
 */
final class InputPartitions {
    private InputPartitions() {}

    /** The count for a {@code partitionedBySeries} topology; 1 (unused) for the others. */
    static int of(InputTopicDescriptions inputs, TopologySpec spec) {
        if (!spec.partitionedBySeries) {
            return 1;
        }
        try {
            return inputs.of(spec.input)
                    .orElseThrow(() -> new ConfigException("topology " + spec.name
                            + ": partitionedBySeries needs the input topic " + spec.input
                            + " to exist before start (its partition count says"
                            + " where each series belongs); create it, or set partitionedBySeries: false"))
                    .partitions()
                    .size();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not describe input topic " + spec.input + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing input topic " + spec.input, e);
        }
    }
}
