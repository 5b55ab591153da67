package io.streamcast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.ConfigException;
import io.streamcast.config.TopologySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benched topology: the options' shape, `--set` settings on top, validated as a topology file is. */
class BenchTopologyTest {
    @Test
    void settingsApplyOnTopOfTheShapeAndTheServiceDefaults() {
        TopologySpec plain = StreamingBench.spec(BenchConfigs.issueShape(true, List.of()), "b-");
        TopologySpec set = StreamingBench.spec(
                BenchConfigs.issueShape(true, List.of("training.cpuShare=0.25", "training.maxWaitingExamples=500")),
                "b-");
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
                ConfigException.class,
                () -> StreamingBench.spec(BenchConfigs.issueShape(true, List.of("training.cpuShare=0")), "b-"));
        assertTrue(e.getMessage().contains("training.cpuShare"), e.getMessage());
    }

    /**
     * `bench --set aggregate=mean` waited for a forecast per observation until its drain timed out:
     * a topology making its steps from readings forecasts each step when a later reading closes it,
     * so each series' last step of the backlog stays open.
     */
    @Test
    void anAggregatingTopologyIsExpectedToForecastEveryStepButEachSeriesLast() {
        TopologySpec plain = StreamingBench.spec(BenchConfigs.issueShape(true, List.of()), "b-");
        TopologySpec aggregating = StreamingBench.spec(BenchConfigs.issueShape(true, List.of("aggregate=mean")), "b-");
        assertEquals(120_000, StreamingBench.forecastsExpected(plain, 120_000, 1_000));
        assertEquals(119_000, StreamingBench.forecastsExpected(aggregating, 120_000, 1_000));
    }
}
