package io.streamcast.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** training.threads: unset, one trainer thread per core; set, that many; out of range, one line naming the field. */
class TopologySpecTrainerThreadsTest {

    private static TopologySpec parse(String... overrides) {
        return YamlConfig.parseTopology("name: t\n", List.of(overrides));
    }

    @Test
    void unsetOnePerCoreSetThatMany() {
        assertEquals(
                Runtime.getRuntime().availableProcessors(), parse().training.trainerThreads());
        assertEquals(3, parse("training.threads=3").training.trainerThreads());
        assertEquals(
                1,
                YamlConfig.parseTopology("name: t\ntraining: { threads: 1 }\n", List.of())
                        .training
                        .trainerThreads());
    }

    @Test
    void noThreadsIsOneLineNamingTheField() {
        ConfigException zero = assertThrows(ConfigException.class, () -> parse("training.threads=0"));
        assertEquals(1, zero.getMessage().lines().count(), zero.getMessage());
        assertEquals(
                "--set training.threads=0: training.threads: must be in [1, 256] (unset: one per core)",
                zero.getMessage());
    }
}
