package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.backtest.BacktestRunner;
import io.streamcast.backtest.SeriesCsv;
import io.streamcast.backtest.SeriesPoint;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A station that does not report at night: the bundled hourly temperatures' first 120 days
 * without 01:00 to 04:00 local time (09:00-12:00 UTC), four missing steps every night that the
 * base fills. Every window of two days and every horizon of a day holds some of them. Until
 * session 53 no training example could contain a filled step, so pretraining had none and online
 * learning never trained: the base served, MASE 0.69 on the whole year. Now a fill is in the
 * windows as the network is served it, never an origin, and masked as a target: the network
 * trains, learns online, and its forecasts beat its base (the whole year: 0.62).
 */
class NightlyGapsLearningTest {
    private static final Path TEMPS = Path.of("src/main/resources/data/vega_hourly_temps.csv");
    private static final Set<String> NIGHT_HOURS_UTC = Set.of("09", "10", "11", "12");

    private static Map<String, List<SeriesPoint>> withoutNights() {
        Map<String, List<SeriesPoint>> kept = new LinkedHashMap<>();
        SeriesCsv.read(TEMPS)
                .forEach((series, points) -> kept.put(
                        series,
                        points.stream()
                                .limit(120 * 24)
                                .filter(p -> !NIGHT_HOURS_UTC.contains(
                                        p.ts().toString().substring(11, 13)))
                                .toList()));
        return kept;
    }

    @Test
    void aSeriesMissingEveryNightTrainsAndLearnsOnlineAndBeatsItsBase() {
        TopologySpec spec = YamlConfig.loadTopology(
                Path.of("topologies/examples/hourly-temps.yaml"), List.of("training.online=true"));
        Map<String, List<SeriesPoint>> data = withoutNights();
        BacktestRunner runner = new BacktestRunner(spec, 0.2, System.err);
        Pretrainer.Result pre = runner.pretrain(data, null);
        assertTrue(pre.examples() > 1000, "pretraining windows: " + pre.examples());
        assertTrue(pre.epochs() > 0, "pretraining ran");

        OnlineBacktest replayed = OnlineBacktest.run(spec, runner, data, pre);
        BacktestRunner.Result online = replayed.result();
        double updates = replayed.updates();
        assertTrue(updates >= 3, "the learner trained on the gappy series: " + updates + " updates");
        assertEquals(0, online.score().missingForecasts(), "a forecast for every origin");
        double network = online.score().network().overall().mase();
        double base = online.score().base().overall().mase();
        assertTrue(network < base, "network MASE " + network + " vs base " + base);
    }
}
