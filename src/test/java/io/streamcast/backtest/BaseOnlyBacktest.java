package io.streamcast.backtest;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.training.NetworkTaskModels;
import io.streamcast.training.Pretrainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The smoothing base alone (no network: {@code training.epochs=0}) backtested on one data set with
 * an example topology's settings and the given overrides, its constants fitted on the part before
 * the first origin as pretraining fits them: what the generalisation tests run on every set.
 */
final class BaseOnlyBacktest {
    private BaseOnlyBacktest() {}

    static BacktestScore run(String exampleTopology, Path csv, List<String> overrides, PrintStream log) {
        List<String> all = new ArrayList<>(List.of("training.epochs=0"));
        all.addAll(overrides);
        TopologySpec spec = YamlConfig.loadTopology(Path.of("topologies/examples/" + exampleTopology + ".yaml"), all);
        Map<String, List<SeriesPoint>> data = SeriesCsv.read(csv);
        BacktestRunner runner = new BacktestRunner(spec, 0.2, log);
        Pretrainer.Result pre = runner.pretrain(data, null);
        return runner.replay(data, NetworkTaskModels.frozen(spec, null), pre).score();
    }
}
