package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.backtest.BacktestReport;
import io.streamcast.backtest.BacktestRunner;
import io.streamcast.backtest.ForecastRow;
import io.streamcast.backtest.SeriesCsv;
import io.streamcast.backtest.SeriesPoint;
import io.streamcast.backtest.SeriesScore;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.metrics.MetricNames;
import io.streamcast.metrics.TopologyMetrics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The claim of online learning: after a structural break the model that keeps learning from the
 * stream forecasts clearly better than the same pretrained model frozen. Data: US unemployment by
 * industry 2000-2010, whose 2008 recession doubles unemployment within a year. Both runs go
 * through the same topology, start from the same pretrained checkpoint (trained only on the part
 * before the first origin, August 2006) and are scored on the same origins.
 */
class OnlineLearningTest {
    private static final Path DATA = Path.of("src/main/resources/data/vega_unemployment_industries.csv");
    private static final double HOLDOUT = 0.35;
    /** Unemployment starts to climb in mid 2008. */
    private static final Instant BREAK = Instant.parse("2008-07-01T00:00:00Z");

    private static final String YAML = """
            name: unemployment
            step: P1M
            period: 12
            window: 24
            horizon: 6
            model: { cell: lstm, hidden: 16, layers: 1 }
            training:
              epochs: 60
              learningRate: 0.005
              batchSize: 14
              shadowWindow: 28
              replayRecent: 168
              replayReservoir: 168
              promotionMargin: 0.02
            """;

    @Test
    void onlineLearningBeatsTheFrozenModelAfterTheBreak() {
        TopologySpec spec = YamlConfig.parseTopology(YAML, List.of());
        Map<String, List<SeriesPoint>> data = SeriesCsv.read(DATA);
        BacktestRunner runner = new BacktestRunner(spec, HOLDOUT, System.err);
        // Pretraining runs to early stopping (no time budget, so the result does not depend on the
        // machine's load) with larger minibatches than the online steps; same network, same seed.
        TopologySpec offline = YamlConfig.parseTopology(YAML, List.of("training.batchSize=32", "training.epochs=60"));
        Pretrainer.Result pre = new BacktestRunner(offline, HOLDOUT, System.err).pretrain(data, null);
        System.err.printf("pretraining: %d examples, %d epochs, validation MSE %.3f (seasonal naive %.3f)%n",
                pre.examples(), pre.epochs(), pre.validationLoss(), pre.baselineLoss());

        BacktestRunner.Result frozen = runner.replay(data, NetworkTaskModels.frozen(spec, BacktestRunner.seed(pre)), pre);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = new TopologyMetrics(spec.name, spec.model.cell);
        metrics.bindTo(registry);
        BacktestRunner.Result online = runner.replay(data, new NetworkTaskModels(spec, BacktestRunner.seed(pre), metrics), pre, metrics);

        assertEquals(0, online.score().missingForecasts(), "a forecast for every origin");
        double frozenAfter = maseFrom(BREAK, data, frozen);
        double onlineAfter = maseFrom(BREAK, data, online);
        double frozenBefore = maseBefore(BREAK, data, frozen);
        double onlineBefore = maseBefore(BREAK, data, online);
        double updates = registry.get(MetricNames.TRAINING_UPDATES).functionCounter().count();
        double clipped = registry.get(MetricNames.TRAINING_CLIPPED).functionCounter().count();
        double promotions = registry.get(MetricNames.MODEL_PROMOTIONS).functionCounter().count();
        System.err.printf("frozen:%n%s%nonline:%n%s%n", BacktestReport.table(frozen.score()), BacktestReport.table(online.score()));
        System.err.printf("MASE before the break: frozen %.3f online %.3f; after: frozen %.3f online %.3f (%.1f%% lower); "
                        + "updates %.0f, clipped %.0f (%.0f%%), promotions %.0f%n",
                frozenBefore, onlineBefore, frozenAfter, onlineAfter, 100 * (1 - onlineAfter / frozenAfter),
                updates, clipped, 100 * clipped / Math.max(1, updates), promotions);
        assertTrue(promotions >= 1, "online learning promoted at least one model");
        assertTrue(onlineAfter < 0.97 * frozenAfter,
                "online MASE after the break " + onlineAfter + " must be at least 3% below frozen " + frozenAfter);
    }

    private static double maseFrom(Instant from, Map<String, List<SeriesPoint>> data, BacktestRunner.Result result) {
        return mase(data, result, true, from);
    }

    private static double maseBefore(Instant until, Map<String, List<SeriesPoint>> data, BacktestRunner.Result result) {
        return mase(data, result, false, until);
    }

    /** Mean scaled absolute error over the forecast points whose origin is on the given side of {@code at}. */
    private static double mase(Map<String, List<SeriesPoint>> data, BacktestRunner.Result result, boolean after, Instant at) {
        Map<String, Double> scale = new HashMap<>();
        for (SeriesScore s : result.score().series()) {
            scale.put(s.series(), s.scale());
        }
        Map<String, Map<Instant, Double>> actual = new HashMap<>();
        data.forEach((series, points) -> {
            Map<Instant, Double> byTs = new HashMap<>();
            points.forEach(p -> byTs.put(p.ts(), p.value()));
            actual.put(series, byTs);
        });
        double snSum = 0;
        double naiveSum = 0;
        double sum = 0;
        int n = 0;
        for (ForecastRow row : result.rows()) {
            Double a = actual.get(row.series()).get(row.ts());
            boolean side = after ? !row.origin().isBefore(at) : row.origin().isBefore(at);
            if (a == null || !side || row.h() > 6) {
                continue;
            }
            sum += Math.abs(a - row.forecast()) / scale.get(row.series());
            Double seasonAgo = actual.get(row.series()).get(row.ts().atZone(java.time.ZoneOffset.UTC).minusMonths(12).toInstant());
            snSum += Math.abs(a - seasonAgo) / scale.get(row.series());
            naiveSum += Math.abs(a - actual.get(row.series()).get(row.origin())) / scale.get(row.series());
            n++;
        }
        System.err.printf("  (%s %s: seasonal naive MASE %.3f, naive %.3f, over %d points)%n",
                after ? "from" : "before", at, snSum / n, naiveSum / n, n);
        return sum / n;
    }
}
