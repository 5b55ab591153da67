package io.streamcast.service;

import io.streamcast.config.ConfigException;
import io.streamcast.config.TopologySpec;
import io.streamcast.topology.ForecastTopology;
import java.util.concurrent.ExecutionException;

/**
 * The input topic's partition count, read once at start. Every topology uses it to forecast the
 * records already on their series' partition without the repartition hop; a {@code
 * partitionedBySeries} topology needs it to know where each series belongs, so a topic that later
 * gains partitions moves keys and the moved records are then dead-lettered as MISPARTITIONED
 * instead of splitting a series.
 */
final class InputPartitions {
    private InputPartitions() {}

    /**
     * The count, or {@link ForecastTopology#UNKNOWN_PARTITIONS} when the cluster will not describe the topic to this client
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
                return ForecastTopology.UNKNOWN_PARTITIONS;
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
