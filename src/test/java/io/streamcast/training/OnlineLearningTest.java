package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.backtest.BacktestRunner;
import io.streamcast.backtest.SeriesCsv;
import io.streamcast.backtest.SeriesPoint;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Online learning on a short series: AirPassengers gives 97 completed examples in its whole
 * replay. The shadow set scales to the data (24 examples here, not a fixed 256 that never fills),
 * so the learner trains and judges candidates; and whatever it promotes, what serves is never
 * worse than the smoothing base by more than the promotion margin, because a correction serves
 * only while it beats the base on live forecasts.
 */
class OnlineLearningTest {
    private static final Path AIR = Path.of("src/main/resources/data/AirPassengers.csv");

    @Test
    void onlineLearningEngagesOnAShortSeriesAndNeverServesWorseThanTheBase() {
        TopologySpec spec = YamlConfig.loadTopology(
                Path.of("topologies/examples/airpassengers.yaml"), List.of("training.online=true", "model.cell=lstm"));
        Map<String, List<SeriesPoint>> data = SeriesCsv.read(AIR);
        BacktestRunner runner = new BacktestRunner(spec, 0.2, System.err);
        Pretrainer.Result pre = runner.pretrain(data, null);
        assertEquals(24, spec.shadowWindowValue(), "shadow set scaled to 2 x horizon");

        OnlineBacktest replayed = OnlineBacktest.run(spec, runner, data, pre);
        BacktestRunner.Result online = replayed.result();
        double updates = replayed.updates();
        assertTrue(updates >= 3, "the learner trained on the short series: " + updates + " updates");
        assertEquals(0, online.score().missingForecasts(), "a forecast for every origin");
        double served = online.score().model().overall().mase();
        double base = online.score().base().overall().mase();
        assertTrue(served <= base * (1 + spec.training.promotionMargin), "served MASE " + served + " vs base " + base);
    }
}
