package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.training.NetworkTaskModels;
import io.streamcast.training.Pretrainer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code base.robust} is for, on real data: faulty readings scattered through a bundled data
 * set (one observation in {@code 1/rate} replaced by a fault, seeded), the base replayed on the
 * faulty data with and without robust updates, and both scored against the true values, which is
 * what a user wants forecast. The robust base must forecast the truth better than the plain one,
 * which carries each fault into its level and season for a while.
 */
class RobustBaseOnFaultyDataTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @ParameterizedTest
    @CsvSource({
        // data set, example topology, share of faulty observations, fault (added degrees / factor)
        "vega_hourly_temps.csv, hourly-temps, 0.005, add 15",
        "vega_unemployment_industries.csv, unemployment, 0.01, times 1.5",
    })
    void theRobustBaseForecastsTheTruthBetterThanThePlainOneWhenReadingsAreFaulty(
            String csv, String topology, double rate, String fault) {
        Map<String, List<SeriesPoint>> truth = SeriesCsv.read(Path.of("src/main/resources/data/" + csv));
        String[] f = fault.split(" ");
        double size = Double.parseDouble(f[1]);
        Random random = new Random(1);
        DoubleUnaryOperator faulty = f[0].equals("add")
                ? v -> v + (random.nextBoolean() ? size : -size)
                : v -> random.nextBoolean() ? v * size : v / size;
        Map<String, List<SeriesPoint>> observed = new LinkedHashMap<>();
        int faults = 0;
        for (Map.Entry<String, List<SeriesPoint>> e : truth.entrySet()) {
            List<SeriesPoint> points = new ArrayList<>();
            for (SeriesPoint p : e.getValue()) {
                boolean bad = random.nextDouble() < rate;
                faults += bad ? 1 : 0;
                points.add(bad ? new SeriesPoint(p.ts(), faulty.applyAsDouble(p.value())) : p);
            }
            observed.put(e.getKey(), points);
        }
        double plain = maseAgainstTruth(topology, observed, truth, "base.robust=0");
        double robust = maseAgainstTruth(topology, observed, truth, "base.robust=3");
        System.err.printf(
                Locale.ROOT,
                "%s with %d faulty readings (%s): MASE against the true values, plain base %.4f, robust %.4f%n",
                topology,
                faults,
                fault,
                plain,
                robust);
        assertTrue(robust < plain, "robust " + robust + " against plain " + plain);
    }

    private static double maseAgainstTruth(
            String topology,
            Map<String, List<SeriesPoint>> observed,
            Map<String, List<SeriesPoint>> truth,
            String robust) {
        TopologySpec spec = YamlConfig.loadTopology(
                Path.of("topologies/examples/" + topology + ".yaml"), List.of("training.epochs=0", robust));
        BacktestRunner runner = new BacktestRunner(spec, 0.2, QUIET);
        Pretrainer.Result pretrained = runner.pretrain(observed, null);
        BacktestRunner.Result result = runner.replay(observed, NetworkTaskModels.frozen(spec, null), pretrained);
        return Scorer.score(truth, result.rows(), spec.period, spec.horizon, 0.2)
                .model()
                .overall()
                .mase();
    }
}
