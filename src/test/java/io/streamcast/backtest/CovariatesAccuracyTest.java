package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.training.NetworkTaskModels;
import io.streamcast.training.Pretrainer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Covariates through the whole topology (the backtest replays observations with their
 * {@code "features"} through {@code TopologyTestDriver}, after pretraining on the part before the
 * first origins): a series driven by a covariate is forecast better when the topology feeds it,
 * and only by what the covariate said up to the origin. Fixed seeds and a fixed epoch budget.
 */
class CovariatesAccuracyTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static TopologySpec spec(boolean fed) {
        String yaml = """
                name: covariates
                step: PT1H
                period: 1
                window: 12
                horizon: 3
                model: { cell: gru, hidden: 16, layers: 1, seed: 42 }
                training: { online: false, epochs: 40 }
                batching: { maxBatch: 64, maxDelayMs: 50 }
                """ + (fed ? "features: [{ name: driver }]\n" : "");
        return YamlConfig.parseTopology(yaml, List.of());
    }

    /**
     * Three hourly series of 500 steps: value = 100 + 10 x driver {@code lag} steps earlier + noise
     * (sd 1), the driver white noise (sd 1), carried as the feature {@code driver} of its own step.
     */
    private static Map<String, List<SeriesPoint>> driven(int lag) {
        Random random = new Random(7);
        Map<String, List<SeriesPoint>> data = new LinkedHashMap<>();
        for (String series : List.of("a", "b", "c")) {
            int n = 500;
            double[] driver = new double[n];
            for (int t = 0; t < n; t++) {
                driver[t] = random.nextGaussian();
            }
            List<SeriesPoint> points = new ArrayList<>();
            for (int t = lag; t < n; t++) {
                double value = 100 + 10 * driver[t - lag] + random.nextGaussian();
                points.add(new SeriesPoint(T0.plus(Duration.ofHours(t)), value, Map.of("driver", driver[t])));
            }
            data.put(series, points);
        }
        return data;
    }

    /**
     * One-step-ahead MASE of the network's own forecasts (its correction served whatever the gate
     * said) and of the base, pretrained and frozen.
     */
    private static double[] maseAtStepOne(TopologySpec spec, Map<String, List<SeriesPoint>> data) {
        BacktestRunner runner = new BacktestRunner(spec, 0.2, System.err);
        Pretrainer.Result pre = runner.pretrain(data, null);
        BacktestRunner.Result result =
                runner.replay(data, NetworkTaskModels.frozen(spec, BacktestRunner.seed(pre)), pre);
        BacktestScore score = result.score();
        System.err.println(spec.name + (spec.features.isEmpty() ? " without" : " with") + " the covariate\n"
                + BacktestReport.table(score));
        assertEquals(0, score.missingForecasts(), "a forecast for every origin");
        return new double[] {
            score.network().atHorizon(1).mase(), score.base().atHorizon(1).mase()
        };
    }

    @Test
    void aSeriesDrivenByTheLastStepsCovariateIsForecastBetterWhenItIsFed() {
        Map<String, List<SeriesPoint>> data = driven(1);
        double without = maseAtStepOne(spec(false), data)[0];
        double with = maseAtStepOne(spec(true), data)[0];
        // The driver at the origin decides the next value up to noise of a tenth of its effect.
        assertTrue(with < 0.5 * without, "h=1 MASE with the covariate " + with + " vs without " + without);
    }

    @Test
    void aCovariateOfTheTargetsOwnStepIsNotSeenBeforeItArrives() {
        double[] with = maseAtStepOne(spec(true), driven(0));
        // The driver of step t+1 arrives with the value of step t+1: a window that saw it early
        // would forecast that value almost exactly, as the lagged driver does above. Without it
        // nothing in the window says where the next value lies: the network can but match the base.
        assertTrue(with[0] > 0.9 * with[1], "h=1 MASE with the covariate " + with[0] + " vs the base's " + with[1]);
    }
}
