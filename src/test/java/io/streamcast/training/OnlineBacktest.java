package io.streamcast.training;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.backtest.BacktestReport;
import io.streamcast.backtest.BacktestRunner;
import io.streamcast.backtest.SeriesPoint;
import io.streamcast.config.TopologySpec;
import io.streamcast.metrics.MetricNames;
import io.streamcast.metrics.TopologyMetrics;
import java.util.List;
import java.util.Map;

/**
 * A backtest's replay with the topology's online learning, seeded by its pretraining, counting the
 * learner's updates: what the online-learning tests hold a topology to.
 *
 * @param result  the replay's forecasts and scores
 * @param updates the updates the online learner made during the replay
 */
record OnlineBacktest(BacktestRunner.Result result, double updates) {
    static OnlineBacktest run(
            TopologySpec spec, BacktestRunner runner, Map<String, List<SeriesPoint>> data, Pretrainer.Result pre) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = new TopologyMetrics(spec.name, spec.model.cell);
        metrics.bindTo(registry);
        BacktestRunner.Result online = runner.replay(
                data,
                NetworkTaskModels.forSpec(spec, BacktestRunner.seed(pre), metrics.training())
                        .correctionProven(spec.base.correctionProven),
                pre,
                metrics);
        System.err.println(BacktestReport.table(online.score()));
        return new OnlineBacktest(
                online,
                registry.get(MetricNames.TRAINING_UPDATES).functionCounter().count());
    }
}
