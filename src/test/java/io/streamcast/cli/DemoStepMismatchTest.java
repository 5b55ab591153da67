package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.streamcast.backtest.SeriesCsv;
import io.streamcast.backtest.SeriesPoint;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code demo --data AirPassengers.csv} ran the hourly topologies on monthly rows: every reading
 * restarted its series, the forecasts were naive with intervals a hundredth of the values wide,
 * and nothing said why. The demo now says, per topology whose step the data does not fit, what
 * will happen and how to run topologies written for the data; on its bundled data it says nothing.
 */
class DemoStepMismatchTest {
    private static final TopologySpec HOURLY =
            YamlConfig.loadTopology(Path.of("topologies/hourly-temps-gru.yaml"), List.of());

    @Test
    void monthlyRowsInAnHourlyTopologyAreNamedWithWhatHappensAndWhatRunsThem() {
        Map<String, List<SeriesPoint>> monthly = SeriesCsv.read(Path.of("src/main/resources/data/AirPassengers.csv"));

        assertEquals(
                "demo: hourly-temps-gru steps by PT1H but the data's rows are typically P31D apart: each would come 744"
                        + " steps after the one before, past gaps.maxFill 240, and restart its series, which then"
                        + " forecasts naive from each reading alone; --topologies DIR runs topologies written for the"
                        + " data (topologies/examples/ has hourly, daily and monthly ones)",
                DemoCommand.stepMismatch(HOURLY, monthly));
        TopologySpec daily = YamlConfig.loadTopology(Path.of("topologies/examples/daily-temps.yaml"), List.of());
        assertEquals(
                "demo: daily-temps steps by P1D but the data's rows are typically P31D apart: each would come 31 steps"
                        + " after the one before, the steps between filled by the base; --topologies DIR runs topologies"
                        + " written for the data (topologies/examples/ has hourly, daily and monthly ones)",
                DemoCommand.stepMismatch(daily, monthly));
        TopologySpec monthlyTopology =
                YamlConfig.loadTopology(Path.of("topologies/examples/airpassengers.yaml"), List.of());
        assertNull(DemoCommand.stepMismatch(monthlyTopology, monthly));
    }

    @Test
    void theBundledHourlyDataFitsTheDemosTopologiesAndFasterRowsAreNamedUnlessAggregated() throws Exception {
        Map<String, List<SeriesPoint>> hourly = SeriesCsv.read(Replayer.bundledData());
        assertNull(DemoCommand.stepMismatch(HOURLY, hourly));

        TopologySpec monthly = YamlConfig.loadTopology(Path.of("topologies/examples/airpassengers.yaml"), List.of());
        assertEquals(
                "demo: airpassengers steps by P1M but the data's rows are typically PT1H apart: most would share a"
                        + " step with the one before and be dead-lettered DUPLICATE_TS, unless the topology makes each"
                        + " step's value from them (`aggregate: mean`); --topologies DIR runs topologies written for"
                        + " the data (topologies/examples/ has hourly, daily and monthly ones)",
                DemoCommand.stepMismatch(monthly, hourly));
        TopologySpec dailyMeans = YamlConfig.loadTopology(Path.of("topologies/examples/daily-temps.yaml"), List.of());
        assertNull(DemoCommand.stepMismatch(dailyMeans, hourly), "daily-temps makes each day's mean of the hours");
    }
}
