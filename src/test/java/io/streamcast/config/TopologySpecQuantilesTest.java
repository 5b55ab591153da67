package io.streamcast.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** interval.quantiles: probabilities in (0, 1), each once; they name the central intervals the calibrators keep besides the main one. */
class TopologySpecQuantilesTest {

    private static TopologySpec parse(String... overrides) {
        return YamlConfig.parseTopology("name: t\n", List.of(overrides));
    }

    @Test
    void unsetThereAreNone() {
        assertEquals(List.of(), parse().interval.quantiles);
        assertEquals(0, parse().interval.extraLevels().length);
    }

    @Test
    void eachPairOfQuantilesIsOneCentralIntervalAndTheMedianNone() {
        TopologySpec spec = parse("interval.quantiles=[0.95, 0.05, 0.5, 0.1, 0.9, 0.25]");
        // 0.05/0.95: 90%; 0.1/0.9: the main 80% interval itself; 0.25: 50%; 0.5: the point.
        assertArrayEquals(new double[] {0.5, 0.9}, spec.interval.extraLevels(), 1e-12);
        assertArrayEquals(
                new double[] {0.8, 0.9},
                parse("interval.quantiles=[0.05, 0.9]", "interval.coverage=0.5")
                        .interval
                        .extraLevels(),
                1e-12);
    }

    @Test
    void aProbabilityOutsideZeroToOneOrListedTwiceIsOneLineNamingIt() {
        ConfigException one = assertThrows(ConfigException.class, () -> parse("interval.quantiles=[0.1, 1]"));
        assertEquals(
                "--set interval.quantiles=[0.1, 1]: interval.quantiles[1]: must be a probability in (0, 1), got 1.0",
                one.getMessage());
        ConfigException twice = assertThrows(ConfigException.class, () -> parse("interval.quantiles=[0.9, 0.9]"));
        assertEquals(1, twice.getMessage().lines().count(), twice.getMessage());
        assertEquals(true, twice.getMessage().contains("0.9 is listed twice"), twice.getMessage());
    }
}
