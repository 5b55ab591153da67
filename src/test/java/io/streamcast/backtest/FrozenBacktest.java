package io.streamcast.backtest;

import io.streamcast.config.TopologySpec;
import io.streamcast.training.NetworkTaskModels;
import io.streamcast.training.Pretrainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A topology pretrained on the part of {@code csv} before the first origins, then replayed frozen,
 * as the README's accuracy table runs it (the frozen rows): what the accuracy tests score.
 */
final class FrozenBacktest {
    private FrozenBacktest() {}

    static BacktestRunner.Result run(TopologySpec spec, Path csv, PrintStream log) {
        Map<String, List<SeriesPoint>> data = SeriesCsv.read(csv);
        BacktestRunner runner = new BacktestRunner(spec, 0.2, log);
        Pretrainer.Result pre = runner.pretrain(data, null);
        return runner.replay(
                data,
                NetworkTaskModels.frozen(spec, BacktestRunner.seed(pre)).correctionProven(spec.base.correctionProven),
                pre);
    }
}
