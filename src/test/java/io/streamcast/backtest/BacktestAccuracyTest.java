package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.training.NetworkTaskModels;
import io.streamcast.training.Pretrainer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The claim users care about: on real data, through the same topology code, the recurrent
 * forecasters beat seasonal naive on MASE, with a forecast at every origin.
 */
class BacktestAccuracyTest {
    private static final Path AIR = Path.of("src/main/resources/data/AirPassengers.csv");
    private static final Path CO2 = Path.of("src/main/resources/data/co2.csv");
    private static final Path CO2_TOPOLOGY = Path.of("topologies/examples/co2.yaml");

    @ParameterizedTest
    @ValueSource(strings = {"gru", "lstm"})
    void beatsSeasonalNaiveOnAirPassengers(String cell) {
        TopologySpec spec = YamlConfig.parseTopology("""
                name: air
                step: P1M
                period: 12
                window: 24
                horizon: 12
                model: { hidden: 16, layers: 1 }
                training: { online: false, epochs: 150, learningRate: 0.005, batchSize: 16 }
                """, List.of("model.cell=" + cell));
        BacktestRunner.Result result = pretrainedFrozenBacktest(spec, AIR);
        assertEquals(0, result.score().missingForecasts(), "a forecast for every origin");
        double model = result.score().model().overall().mase();
        double snaive = result.score().seasonalNaive().overall().mase();
        assertEquals(1.60, snaive, 0.005, "baseline computed on the reference protocol");
        assertTrue(model < snaive, cell + " MASE " + model + " must beat seasonal naive " + snaive);
    }

    /** The example topology the README's accuracy table was made with, on a second, longer series with a trend. */
    @Test
    void lstmBeatsSeasonalNaiveOnCo2WithTheExampleTopology() {
        TopologySpec spec = YamlConfig.loadTopology(CO2_TOPOLOGY, List.of("model.cell=lstm"));
        BacktestRunner.Result result = pretrainedFrozenBacktest(spec, CO2);
        assertEquals(0, result.score().missingForecasts(), "a forecast for every origin");
        double model = result.score().model().overall().mase();
        double snaive = result.score().seasonalNaive().overall().mase();
        assertTrue(model < snaive, "lstm MASE " + model + " must beat seasonal naive " + snaive);
    }

    /** Pretrains on each series up to its first origin, then replays the whole data set with the network frozen. */
    private static BacktestRunner.Result pretrainedFrozenBacktest(TopologySpec spec, Path csv) {
        Map<String, List<SeriesPoint>> data = SeriesCsv.read(csv);
        BacktestRunner runner = new BacktestRunner(spec, 0.2, System.err);
        Pretrainer.Result pre = runner.pretrain(data, Duration.ofMinutes(2));
        BacktestRunner.Result result = runner.replay(data, NetworkTaskModels.frozen(spec, BacktestRunner.seed(pre)), pre);
        System.err.println(BacktestReport.table(result.score()));
        return result;
    }
}
