package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.training.NetworkTaskModels;
import io.streamcast.training.Pretrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The smoothing base on real monthly data the project was not designed on, with the settings of
 * the bundled monthly example topology and nothing retuned: thirteen R data sets (six used to
 * choose the base's initialisation, seven kept aside and scored once afterwards; see
 * {@code src/test/resources/data/r-monthly/README.md}). R's ETS refits its model at every origin;
 * the base fits its constants once, on the part before the first origin, and then only updates
 * its states, as a stream does.
 */
class BaseGeneralisationTest {
    /** Data set and R forecast 8.20's ets() MASE under the same protocol (unseen-reference.R, validation-reference.R). */
    private static final Map<String, Double> R_ETS = Map.ofEntries(
            Map.entry("USAccDeaths", 0.4402),
            Map.entry("ldeaths", 0.4903),
            Map.entry("nottem", 0.5428),
            Map.entry("UKDriverDeaths", 1.0547),
            Map.entry("wineind", 0.8639),
            Map.entry("gas", 1.9714),
            Map.entry("front", 1.1929),
            Map.entry("rear", 0.7506),
            Map.entry("VanKilled", 0.6595),
            Map.entry("kms", 0.6811),
            Map.entry("mdeaths", 0.5831),
            Map.entry("fdeaths", 0.3887),
            Map.entry("DutchSales", 0.8627));

    @Test
    void theBaseForecastsUnseenMonthlySeriesAboutAsWellAsRsEtsAndFarBetterThanSeasonalNaive() {
        double base = 0;
        double seasonalNaive = 0;
        double ets = 0;
        int beatsSeasonalNaive = 0;
        StringBuilder table = new StringBuilder("data set        base   snaive  R ets\n");
        for (Map.Entry<String, Double> set :
                R_ETS.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            BacktestScore score = baseOnly(set.getKey());
            assertEquals(0, score.missingForecasts(), set.getKey() + ": a forecast for every origin");
            double b = score.model().overall().mase();
            double s = score.seasonalNaive().overall().mase();
            base += b / R_ETS.size();
            seasonalNaive += s / R_ETS.size();
            ets += set.getValue() / R_ETS.size();
            beatsSeasonalNaive += b < s ? 1 : 0;
            table.append(String.format(Locale.ROOT, "%-15s %.3f  %.3f  %.3f%n", set.getKey(), b, s, set.getValue()));
        }
        table.append(String.format(Locale.ROOT, "%-15s %.3f  %.3f  %.3f%n", "mean", base, seasonalNaive, ets));
        System.err.print(table);
        // Measured: base 0.818, seasonal naive 1.056, R's ETS 0.806 (the base before the running-mean
        // seasonal start: 0.862); it loses to seasonal naive only on the two 72-point series
        // USAccDeaths and fdeaths, whose 48 points of history leave little to fit constants on.
        assertTrue(base < 0.85 * seasonalNaive, "base " + base + " vs seasonal naive " + seasonalNaive + "\n" + table);
        assertTrue(base < 1.02 * ets, "base " + base + " vs R's ETS " + ets + "\n" + table);
        assertTrue(beatsSeasonalNaive >= 11, beatsSeasonalNaive + " of 13 beat seasonal naive\n" + table);
    }

    private static BacktestScore baseOnly(String set) {
        TopologySpec spec = YamlConfig.loadTopology(
                Path.of("topologies/examples/airpassengers.yaml"), List.of("name=" + set, "training.epochs=0"));
        Map<String, List<SeriesPoint>> data =
                SeriesCsv.read(Path.of("src/test/resources/data/r-monthly/" + set + ".csv"));
        BacktestRunner runner = new BacktestRunner(spec, 0.2, System.err);
        Pretrainer.Result pre = runner.pretrain(data, null);
        return runner.replay(data, NetworkTaskModels.frozen(spec, null), pre).score();
    }
}
