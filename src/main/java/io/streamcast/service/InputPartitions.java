package io.streamcast.service;

import io.streamcast.config.ConfigException;
import io.streamcast.config.TopologySpec;
import java.util.concurrent.ExecutionException;

/**
 * The input topic's partition count, read once at start. Every topology uses it to forecast the
 * records already on their series' partition without the repartition hop; a {@code
 * partitionedBySeries} topology needs it to know where each series belongs, so a topic that later
 * gains partitions moves keys and the moved records are then dead-lettered as MISPARTITIONED
 * instead of splitting a series.
 */
final class InputPartitions {
    /** The count is unknown: the topology then moves every record through its by-series topic. */
    static final int UNKNOWN = 0;

    private InputPartitions() {}

    /**
     * The count, or {@link #UNKNOWN} when the cluster will not describe the topic to this client
     * (ACLs) and the topology is not {@code partitionedBySeries}.
     *
     * @throws ConfigException for a {@code partitionedBySeries} topology whose input topic is missing
     */
    static int of(InputTopicDescriptions inputs, TopologySpec spec) {
        try {
            return inputs.of(spec.input)
                    .orElseThrow(() -> new ConfigException("topology " + spec.name
                            + ": partitionedBySeries needs the input topic " + spec.input
                            + " to exist before start (its partition count says"
                            + " where each series belongs); create it, or set partitionedBySeries: false"))
                    .partitions()
                    .size();
        } catch (ExecutionException | ConfigException e) {
            if (!spec.partitionedBySeries) {
                return UNKNOWN;
            }
            if (e instanceof ConfigException config) {
                throw config;
            }
            throw new IllegalStateException(
                    "could not describe input topic " + spec.input + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing input topic " + spec.input, e);
        }
    }
}
