package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.training.NetworkTaskModels;
import io.streamcast.training.Pretrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The claims users care about, on real data through the same topology code, with epoch budgets
 * and fixed seeds (never wall-clock budgets): the smoothing base every forecast starts from is as
 * good as R's ETS, and what GRU and LSTM topologies serve is never worse than that base.
 */
class BacktestAccuracyTest {
    private static final Path AIR = Path.of("src/main/resources/data/AirPassengers.csv");
    private static final Path CO2 = Path.of("src/main/resources/data/co2.csv");
    private static final Path TEMPS = Path.of("src/main/resources/data/vega_hourly_temps.csv");
    private static final Path UNEMPLOYMENT = Path.of("src/main/resources/data/vega_unemployment_industries.csv");

    /** R forecast 8.20, ets(), same protocol (../shared/data/README.md and the accuracy issue). */
    private static final double R_ETS_AIR = 0.939;

    private static final double R_ETS_CO2 = 0.401;

    private static TopologySpec example(String name, String... overrides) {
        return YamlConfig.loadTopology(Path.of("topologies/examples/" + name + ".yaml"), List.of(overrides));
    }

    /** The base alone (no network serves): its constants fitted on the part before the first origin, as pretraining fits them. */
    private static BacktestScore baseOnly(TopologySpec spec, Path csv) {
        spec.training.epochs = 0;
        Map<String, List<SeriesPoint>> data = SeriesCsv.read(csv);
        BacktestRunner runner = new BacktestRunner(spec, 0.2, System.err);
        Pretrainer.Result pre = runner.pretrain(data, null);
        BacktestScore score =
                runner.replay(data, NetworkTaskModels.frozen(spec, null), pre).score();
        System.err.println(spec.name + " base " + pre.smoothing() + "\n" + BacktestReport.table(score));
        return score;
    }

    /** Pretrained on the part before the first origins, then replayed frozen, as the README's table runs it. */
    private static BacktestRunner.Result pretrainedAndFrozen(TopologySpec spec, Path csv) {
        BacktestRunner.Result result = FrozenBacktest.run(spec, csv, System.err);
        System.err.println(BacktestReport.table(result.score()));
        return result;
    }

    @Test
    void theSmoothingBaseBeatsSeasonalNaiveAndRsEtsOnAirPassengers() {
        BacktestScore score = baseOnly(example("airpassengers"), AIR);
        assertEquals(0, score.missingForecasts(), "a forecast for every origin");
        assertEquals(
                1.60, score.seasonalNaive().overall().mase(), 0.005, "baseline computed on the reference protocol");
        double base = score.model().overall().mase();
        assertTrue(base < R_ETS_AIR, "base MASE " + base + " vs R's ETS " + R_ETS_AIR);
        assertCalibrated(score, 12);
    }

    @Test
    void theSmoothingBaseBeatsSeasonalNaiveAndRsEtsOnCo2() {
        BacktestScore score = baseOnly(example("co2"), CO2);
        double base = score.model().overall().mase();
        assertTrue(base < score.seasonalNaive().overall().mase());
        assertTrue(base < R_ETS_CO2, "base MASE " + base + " vs R's ETS " + R_ETS_CO2);
        assertCalibrated(score, 12);
    }

    /**
     * Nominal 80% intervals (online conformal, from the model's own past errors) cover between 70%
     * and 90% of the actuals, overall and at every horizon step: the accuracy issue's bar. Held on
     * AirPassengers (since a long step's borrowed width grows as the steps with errors do: its
     * steps 5 and 11 covered 92% and 94% while they grew as sqrt(h)), co2 and hourly temperatures;
     * on unemployment the recession's errors reach the longest steps only a horizon late (see the
     * quality issue's note).
     */
    private static void assertCalibrated(BacktestScore score, int horizon) {
        double overall = score.model().overall().coverage();
        assertTrue(overall >= 0.7 && overall <= 0.9, "coverage of nominal 80% intervals " + overall);
        for (int h = 1; h <= horizon; h++) {
            double c = score.model().atHorizon(h).coverage();
            assertTrue(c >= 0.7 && c <= 0.9, "coverage at step " + h + ": " + c);
        }
    }

    /**
     * A break: unemployment's test part is the 2008 recession, which the calm years the constants
     * were fitted on never showed. The adaptive base (what online topologies run) follows it:
     * it beats the fixed base, and naive, which the fixed base loses to there.
     */
    @Test
    void theAdaptiveBaseFollowsTheRecessionOnUnemployment() {
        BacktestScore fixed = baseOnly(example("unemployment"), UNEMPLOYMENT);
        BacktestScore adaptive = baseOnly(example("unemployment", "base.adaptive=true"), UNEMPLOYMENT);
        double fixedMase = fixed.model().overall().mase();
        double adaptiveMase = adaptive.model().overall().mase();
        assertTrue(adaptiveMase < fixedMase, "adaptive base MASE " + adaptiveMase + " vs fixed " + fixedMase);
        double naive = adaptive.naive().overall().mase();
        assertTrue(adaptiveMase < naive, "adaptive base MASE " + adaptiveMase + " vs naive " + naive);
    }

    /**
     * Where nothing broke, adapting costs nothing: the adaptive base scores what the fixed one does,
     * to the third decimal the README reports. Hourly temperatures are the case that needs the
     * whole-horizon half of the candidates' error: a faster level wins one step ahead on smooth
     * weather and loses further out (chosen on one-step errors alone: 0.654 against 0.649; now
     * 0.649, and co2 0.333 both ways).
     */
    @ParameterizedTest
    @ValueSource(strings = {"co2", "hourly-temps"})
    void theAdaptiveBaseLosesNothingWhereNothingBroke(String set) {
        Path data = set.equals("co2") ? CO2 : TEMPS;
        double adaptive = baseOnly(example(set, "base.adaptive=true"), data)
                .model()
                .overall()
                .mase();
        double fixed = baseOnly(example(set), data).model().overall().mase();
        assertTrue(adaptive <= fixed + 0.001, "adaptive base MASE " + adaptive + " vs fixed " + fixed);
    }

    /**
     * Pretrained, frozen GRU and LSTM topologies as the README's table runs them: every origin is
     * forecast, and what serves (the correction where it proved itself, the base elsewhere) is no
     * worse than the base on the same replay.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gru", "lstm"})
    void whatServesIsNeverWorseThanTheBaseOnAirPassengers(String cell) {
        TopologySpec spec = example("airpassengers", "model.cell=" + cell);
        BacktestRunner.Result result = pretrainedAndFrozen(spec, AIR);
        assertEquals(0, result.score().missingForecasts(), "a forecast for every origin");
        double served = result.score().model().overall().mase();
        double base = result.score().base().overall().mase();
        assertTrue(
                served <= base * (1 + spec.training.promotionMargin),
                cell + " served MASE " + served + " vs base " + base);
        assertTrue(served < result.score().seasonalNaive().overall().mase());
    }

    /**
     * The GRU's correction (frozen, seed 42, the README's settings) beats the base it corrects on
     * the two short monthly sets too, not only where thousands of windows train it (hourly
     * temperatures, below): trained on absolute errors and, with too few validation windows to
     * weigh it, served at half its size. Measured: AirPassengers 0.404 against 0.408, co2 0.329
     * against 0.333 (with squared errors and least-squares weights 0.493 and 0.375). What serves
     * stays the base until the live comparison is clear of noise.
     */
    @ParameterizedTest
    @ValueSource(strings = {"airpassengers", "co2"})
    void theGrusCorrectionBeatsItsBaseOnTheShortMonthlySets(String set) {
        BacktestRunner.Result result =
                pretrainedAndFrozen(example(set, "model.cell=gru"), set.equals("co2") ? CO2 : AIR);
        double base = result.score().base().overall().mase();
        double network = result.score().network().overall().mase();
        assertTrue(network < base, set + ": the network's own MASE " + network + " vs base " + base);
    }

    /**
     * Fourteen short monthly series are too few windows to learn a correction from (on their own
     * the GRU's scores 2.94 against the base's 2.90); pretrained with the bundled corpus as well,
     * thirteen public monthly series cut at the first origin, the GRU's correction (frozen, seed
     * 42, the README's settings) beats its base through the 2008 recession: 2.797 against 2.901
     * (measured with squared error, before 2026-12-05's absolute-error loss; it still does).
     * Pretraining's verdict puts it in from the start, and it must keep serving through the calm
     * months before the recession, where it is no better than the base: until 2026-12-04 the gate
     * handed back to the base as soon as its live lead was not clear of noise, and what served
     * scored 2.987, worse than either (src/site/markdown/accuracy.md, "The correction gate").
     */
    @Test
    void withTheCorpusTheGrusCorrectionBeatsItsBaseOnUnemploymentAndServes() {
        TopologySpec spec = example("unemployment", "training.corpus=corpus/monthly.csv");
        BacktestRunner.Result result = pretrainedAndFrozen(spec, UNEMPLOYMENT);
        double base = result.score().base().overall().mase();
        double network = result.score().network().overall().mase();
        double served = result.score().model().overall().mase();
        assertTrue(network < base, "the network's own MASE " + network + " vs base " + base);
        assertTrue(served < base, "served MASE " + served + " vs base " + base);
    }

    /**
     * Where the base leaves something to learn, the network learns it: on hourly temperatures the
     * LSTM's correction of the smoothing (pretrained as the README's table, 15 epochs, seed 42,
     * frozen) beats the base out of sample, both on its own (the gate held open) and as served.
     */
    @Test
    void theLstmsCorrectionBeatsItsBaseOnHourlyTemperatures() {
        BacktestRunner.Result result = pretrainedAndFrozen(example("hourly-temps", "model.cell=lstm"), TEMPS);
        double base = result.score().base().overall().mase();
        double network = result.score().network().overall().mase();
        double served = result.score().model().overall().mase();
        assertTrue(network < base, "the network's own MASE " + network + " vs base " + base);
        assertTrue(served < base, "served MASE " + served + " vs base " + base);
        assertCalibrated(result.score(), 24);
    }
}
