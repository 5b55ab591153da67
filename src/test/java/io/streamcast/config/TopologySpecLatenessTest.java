package io.streamcast.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** lateness.grace is read like the other durations: unset it takes no late data, a bad value is one line naming the field. */
class TopologySpecLatenessTest {

    private static TopologySpec parse(String... overrides) {
        return YamlConfig.parseTopology("name: t\n", List.of(overrides));
    }

    @Test
    void unsetTheGraceIsZero() {
        assertEquals(Duration.ZERO, parse().latenessGraceValue());
        assertEquals(Duration.ofHours(6), parse("lateness.grace=PT6H").latenessGraceValue());
        assertEquals(
                Duration.ofDays(2),
                YamlConfig.parseTopology("name: t\nlateness: { grace: P2D }\n", List.of())
                        .latenessGraceValue());
    }

    @Test
    void aGraceThatIsNoDurationOrNegativeIsOneLineNamingTheField() {
        ConfigException text = assertThrows(ConfigException.class, () -> parse("lateness.grace=6 hours"));
        assertEquals(
                "--set lateness.grace=6 hours: lateness.grace: '6 hours' is not an ISO-8601 duration (PT0S, PT30M, PT6H, P1D)",
                text.getMessage(),
                "blamed on the override that set it");
        ConfigException month = assertThrows(ConfigException.class, () -> parse("lateness.grace=P1M"));
        assertEquals(1, month.getMessage().lines().count(), month.getMessage());
        ConfigException negative = assertThrows(ConfigException.class, () -> parse("lateness.grace=-PT1H"));
        assertEquals("--set lateness.grace=-PT1H: lateness.grace: must not be negative", negative.getMessage());
    }
}
