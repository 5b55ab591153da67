package io.streamcast.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.series.SmoothingParams;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * base.adaptive follows online training unless set; its alternatives override some constants and
 * keep the rest; a bad alternative is one line naming it.
 */
class TopologySpecAdaptiveBaseTest {
    private static final SmoothingParams OWN = new SmoothingParams(0.3, 0.0, 0.4, 0.9, true);

    private static TopologySpec parse(String yaml, String... overrides) {
        return YamlConfig.parseTopology("name: t\n" + yaml, List.of(overrides));
    }

    @Test
    void theBaseAdaptsWheneverTrainingIsOnlineUnlessSaidOtherwise() {
        assertTrue(parse("").baseAdapts(), "training is online by default");
        assertFalse(parse("", "training.online=false").baseAdapts());
        assertTrue(parse("", "training.online=false", "base.adaptive=true").baseAdapts());
        assertFalse(parse("", "base.adaptive=false").baseAdapts());
    }

    @Test
    void alternativesOverrideTheirConstantsAndKeepTheRest() {
        TopologySpec spec = parse("base:\n  alternatives:\n    - { alpha: 0.9 }\n    - { beta: 0.2, phi: 1.0 }\n");
        SmoothingParams[] alternatives = spec.base.alternativeParams(OWN, true);
        assertEquals(new SmoothingParams(0.9, 0.0, 0.4, 0.9, true), alternatives[0]);
        assertEquals(new SmoothingParams(0.3, 0.2, 0.4, 1.0, true), alternatives[1]);
        assertEquals(0, spec.base.alternativeParams(OWN, false).length, "none when the base does not adapt");
        assertEquals(2, parse("").base.alternativeParams(OWN, true).length, "two by default");
    }

    @Test
    void theMemoryIsTwoSeasonsAndAtLeast24StepsUnlessSet() {
        assertEquals(48, parse("period: 24\n").baseAdaptiveMemory());
        assertEquals(24, parse("period: 7\n").baseAdaptiveMemory());
        assertEquals(36, parse("period: 12\nbase: { adaptiveMemory: 36 }\n").baseAdaptiveMemory());
    }

    @Test
    void aBadAlternativeIsOneLineNamingIt() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> parse("base:\n  alternatives:\n    - { alpha: 0.5 }\n    - { alpha: 1.5 }\n"));
        assertEquals("base.alternatives[1]: smoothing alpha must be in (0, 1], was 1.5", e.getMessage());
    }

    @Test
    void aRobustBaseClipsAtKStandardDeviationsOfAtLeastOne() {
        assertEquals(0, parse("period: 12\n").base.params().robust(), "off unless asked");
        assertEquals(3, parse("period: 12\nbase: { robust: 3 }\n").base.params().robust());
        ConfigException e = assertThrows(ConfigException.class, () -> parse("period: 12\nbase: { robust: 0.5 }\n"));
        assertTrue(e.getMessage().startsWith("base.robust: must be 0 (off) or at least 1"), e.getMessage());
    }
}
