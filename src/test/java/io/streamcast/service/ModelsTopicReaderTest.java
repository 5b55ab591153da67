package io.streamcast.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.VersionedModel;
import io.streamcast.training.NetworkSpecs;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm start from the models topic takes the highest whole version: a damaged newer record is skipped. */
class ModelsTopicReaderTest {
    private static final TopologySpec SPEC = YamlConfig.parseTopology("""
            name: warm
            step: PT1H
            period: 4
            window: 8
            horizon: 3
            model: { cell: lstm, hidden: 4, layers: 1 }
            """, List.of());

    private static byte[] record(long version) {
        return VersionedModel.of(version, NetworkFactory.build(NetworkSpecs.of(SPEC)), false)
                .toBytes();
    }

    @Test
    void aTruncatedNewestVersionLeavesThePreviousWholeOne() {
        VersionedModel latest = ModelsTopicReader.newer(null, record(4), "models offset 0");
        byte[] five = record(5);
        VersionedModel kept = ModelsTopicReader.newer(latest, Arrays.copyOf(five, five.length - 1), "models offset 1");
        assertSame(latest, kept, "version 4 stays the warm start");
        assertEquals(
                5, ModelsTopicReader.newer(kept, five, "models offset 2").version(), "a whole version 5 later wins");
        assertSame(latest, ModelsTopicReader.newer(latest, record(3), "models offset 3"), "lower versions never win");
        assertNull(
                ModelsTopicReader.newer(null, Arrays.copyOf(five, 30), "models offset 4"),
                "nothing whole: no warm start");
    }
}
