package io.streamcast.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamcast.series.Aggregation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code aggregate}: unset one reading per step; an unknown name, or a step with no fixed edges, is one line. */
class TopologySpecAggregateTest {

    private static TopologySpec parse(String yaml) {
        return YamlConfig.parseTopology("name: t\n" + yaml, List.of());
    }

    @Test
    void unsetEveryReadingIsAStep() {
        assertNull(parse("").aggregationValue());
        assertEquals(Aggregation.SUM, parse("step: P1M\naggregate: sum\n").aggregationValue());
    }

    @Test
    void anUnknownAggregationOrAStepWithoutFixedEdgesIsOneLine() {
        ConfigException name = assertThrows(ConfigException.class, () -> parse("aggregate: average\n"));
        assertEquals(
                "aggregate: 'average' is not one of mean, sum, min, max, first, last, count, increase",
                name.getMessage());
        ConfigException step = assertThrows(ConfigException.class, () -> parse("step: PT7H\naggregate: mean\n"));
        assertEquals(
                "aggregate needs a clock step that divides a day (PT1H, PT15M, PT24H), not PT7H", step.getMessage());
    }

    @Test
    void emptyStepsAreZerosForACountAndMissingOtherwise() {
        assertEquals(true, parse("aggregate: count\n").emptyStepsAreZero());
        assertEquals(false, parse("aggregate: sum\n").emptyStepsAreZero());
        assertEquals(true, parse("aggregate: sum\nemptySteps: zero\n").emptyStepsAreZero());
        assertEquals(false, parse("aggregate: count\nemptySteps: missing\n").emptyStepsAreZero());
        assertEquals(
                "emptySteps: 'none' is not zero or missing",
                assertThrows(ConfigException.class, () -> parse("aggregate: sum\nemptySteps: none\n"))
                        .getMessage());
        assertEquals(
                "emptySteps: only a topology that aggregates readings (aggregate) has steps without readings",
                assertThrows(ConfigException.class, () -> parse("emptySteps: zero\n"))
                        .getMessage());
        assertEquals(
                "emptySteps: with aggregate increase a step without readings between two that have some takes its"
                        + " share of the counter's rise between them; emptySteps applies to the other aggregations",
                assertThrows(ConfigException.class, () -> parse("aggregate: increase\nemptySteps: zero\n"))
                        .getMessage());
    }

    @Test
    void closeAfterIsADurationOfAnAggregatingTopology() {
        assertNull(parse("aggregate: count\n").closeAfterValue());
        assertEquals(
                java.time.Duration.ofMinutes(5),
                parse("aggregate: count\ncloseAfter: PT5M\n").closeAfterValue());
        assertEquals(
                "closeAfter: '5 minutes' is not an ISO-8601 duration (PT0S, PT5M, PT1H)",
                assertThrows(ConfigException.class, () -> parse("aggregate: count\ncloseAfter: 5 minutes\n"))
                        .getMessage());
        assertEquals(
                "closeAfter: only a topology that aggregates readings (aggregate) has steps to close",
                assertThrows(ConfigException.class, () -> parse("closeAfter: PT5M\n"))
                        .getMessage());
    }

    @Test
    void stampsAreTheStartOrTheEndOfWhatAReadingDescribes() {
        assertEquals(false, parse("aggregate: sum\n").stampedAtEnd());
        assertEquals(true, parse("aggregate: sum\nstamps: End\n").stampedAtEnd());
        assertEquals(
                "stamps: 'middle' is not start or end",
                assertThrows(ConfigException.class, () -> parse("aggregate: sum\nstamps: middle\n"))
                        .getMessage());
        assertEquals(
                "stamps: only a topology that aggregates readings (aggregate) puts them into steps",
                assertThrows(ConfigException.class, () -> parse("stamps: end\n"))
                        .getMessage());
    }
}
