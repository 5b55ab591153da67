package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.control.ControlTopics;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.ModelCheckpoint;
import io.streamcast.training.NetworkTaskModels;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.StoreBuilder;
import org.junit.jupiter.api.Test;

/**
 * The stores are declared by the processors' suppliers; their names, and so the changelog topics of
 * running deployments, must not move.
 */
class StoreDeclarationsTest {
    private static final TopologySpec SPEC = YamlConfig.parseTopology("""
            name: test
            step: PT1H
            window: 8
            horizon: 3
            """, List.of());

    @Test
    void theForecastProcessorGetsItsFourTaskStoresAndTheGlobalStoreIsFedFromTheCommandsTopic() {
        TopologyDescription description = ForecastTopology.build(
                        SPEC,
                        new TopologyMetrics(SPEC.name, SPEC.model.cell),
                        NetworkTaskModels.frozen(SPEC, null),
                        OriginFilter.ALL,
                        new ControlTopics.Names("test-commands", "test-models"))
                .describe();
        Set<String> forecastStores = description.subtopologies().stream()
                .flatMap(s -> s.nodes().stream())
                .filter(n -> n.name().equals("forecast"))
                .map(n -> ((TopologyDescription.Processor) n).stores())
                .findFirst()
                .orElseThrow();
        assertEquals(Set.of("series-state", "pending-forecasts", "remembered-forecasts", "model"), forecastStores);
        TopologyDescription.GlobalStore global =
                description.globalStores().iterator().next();
        assertEquals(Set.of("model-commands"), global.processor().stores());
        assertEquals(Set.of("test-commands"), global.source().topicSet());
    }

    @Test
    void everyTaskStoreIsChangeloggedAndTheModelChangelogTakesWholeCheckpoints() {
        Map<String, StoreBuilder<?>> stores = new ForecastProcessorSupplier(
                        SPEC, null, null, OriginFilter.ALL, false, new LiveCommits(SPEC.batching.liveCommitMs))
                .stores().stream().collect(Collectors.toMap(StoreBuilder::name, b -> b));
        stores.values().forEach(b -> assertTrue(b.loggingEnabled(), b.name()));
        assertEquals(
                Integer.toString(ModelCheckpoint.MAX_BYTES),
                stores.get(StoreNames.MODEL).logConfig().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG));
        assertFalse(CommandStoreUpdater.store().loggingEnabled(), "the commands topic is the global store's changelog");
    }
}
