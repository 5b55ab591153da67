package io.streamcast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.ConfigException;
import io.streamcast.config.TopologySpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benched topology: the options' shape, `--set` settings on top, validated as a topology file is. */
class BenchTopologyTest {
    private static StreamingBench.Config config(List<String> settings) {
        return new StreamingBench.Config(
                10_000,
                120,
                48,
                12,
                24,
                "lstm",
                32,
                1,
                true,
                4,
                "exactly_once_v2",
                8,
                0,
                600,
                5,
                false,
                Map.of(),
                settings);
    }

    @Test
    void settingsApplyOnTopOfTheShapeAndTheServiceDefaults() {
        TopologySpec plain = StreamingBench.spec(config(List.of()), "b-");
        TopologySpec set =
                StreamingBench.spec(config(List.of("training.cpuShare=0.25", "training.maxWaitingExamples=500")), "b-");
        assertEquals(new TopologySpec.Training().cpuShare, plain.training.cpuShare);
        assertEquals(0.25, set.training.cpuShare);
        assertEquals(500, set.training.maxWaitingExamples);
        for (TopologySpec spec : List.of(plain, set)) {
            assertEquals(48, spec.window);
            assertEquals(12, spec.horizon);
            assertEquals(24, spec.period);
            assertEquals("b-observations", spec.input);
            assertTrue(spec.training.online);
            assertEquals(32, spec.model.hidden);
        }
    }

    @Test
    void anInvalidSettingIsRefusedByName() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> StreamingBench.spec(config(List.of("training.cpuShare=0")), "b-"));
        assertTrue(e.getMessage().contains("training.cpuShare"), e.getMessage());
    }
}
