package io.streamcast.cli;

import io.streamcast.backtest.AnomalyCsv;
import io.streamcast.backtest.BacktestReport;
import io.streamcast.backtest.BacktestRunner;
import io.streamcast.backtest.CounterHint;
import io.streamcast.backtest.ForecastCsv;
import io.streamcast.backtest.ForecastPlot;
import io.streamcast.backtest.GridSummary;
import io.streamcast.backtest.HoldoutProtocol;
import io.streamcast.backtest.RangeHint;
import io.streamcast.backtest.SeriesPoint;
import io.streamcast.backtest.WeeklySeasonHint;
import io.streamcast.config.ConfigException;
import io.streamcast.config.TopologySpec;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.CheckpointMeta;
import io.streamcast.model.VersionedModel;
import io.streamcast.service.Checkpoints;
import io.streamcast.training.NetworkTaskModels;
import io.streamcast.training.Pretrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        description = {
            "Replay a CSV (series,ts,value) through the topology in time order, in-process, and score every forecast.",
            "Writes the forecast CSV, a PNG plot and a JSON report next to it; prints MAE, RMSE, sMAPE and MASE per horizon "
                    + "beside naive and seasonal-naive baselines computed in the same run."
        })
final class BacktestCommand implements Callable<Integer> {
    @Mixin
    TopologyInput input;

    // %n: picocli may break a line after any ',' or '.', so the CSV header starts a line of its own to stay whole.
    @Option(
            names = "--out",
            paramLabel = "FILE",
            required = true,
            description =
                    "Forecast CSV to write, with the header%nseries,origin,h,ts,forecast,lower,upper%nBeside it: the plot NAME.png, the report NAME.json, the network's own forecasts (gate held open) NAME-network.csv and the anomaly events of the served forecasts NAME-anomalies.csv.")
    Path out;

    @Option(
            names = "--holdout",
            paramLabel = "SHARE",
            defaultValue = "0.2",
            description = "Share of each series used as forecast origins (at least 24) (default ${DEFAULT-VALUE}).")
    double holdout;

    @Option(
            names = "--no-pretrain",
            description =
                    "Start from the topology's model.checkpoint (from `train --until` the first origin; one trained on later "
                            + "data is refused) or untrained, instead of pretraining on the part before the first origin.")
    boolean noPretrain;

    @Override
    public Integer call() throws Exception {
        if (!(holdout > 0 && holdout < 1)) {
            throw new ConfigException("--holdout must be between 0 and 1, got " + holdout);
        }
        refuseOverwritingTheData();
        TopologySpec spec = input.spec();
        Map<String, List<SeriesPoint>> series = input.series(spec);
        // Placing the data on the grid once: the pretraining line and the grid line both say what it found.
        GridSummary onGrid = GridSummary.of(series, spec.stepGrid());
        BacktestRunner runner = new BacktestRunner(spec, holdout, System.err);
        Pretrainer.Result pre = null;
        VersionedModel seed;
        if (noPretrain) {
            seed = fromCheckpoint(spec, runner.earliestFirstOrigin(series));
        } else {
            pre = runner.pretrain(series, input.trainingBudget());
            seed = BacktestRunner.seed(pre);
            if (spec.training.epochs == 0) {
                // Asked for: the untrained network forecasts exactly its base (how the base is measured).
                System.err.println("pretrain " + spec.name
                        + ": training.epochs is 0, so the network stays untrained and forecasts its smoothing base");
            } else if (Double.isNaN(pre.validationMae())) {
                // Not an error: the base still forecasts every origin. But say what is missing
                // rather than "validation MAE NaN".
                int longest = runner.historiesUpToFirstOrigin(series).values().stream()
                        .mapToInt(h -> h.length)
                        .max()
                        .orElse(0);
                System.err.println("pretrain " + spec.name + ": "
                        + (longest < TopologyInput.historyNeeded(spec)
                                ? TopologyInput.tooLittleHistory(spec, "before the first origin", longest)
                                : "only " + pre.examples()
                                        + " training windows before the first origin, none left to validate on")
                        + "; the network stays untrained and the smoothing base serves ("
                        + (onGrid.missingSteps() > 0
                                ? "a missing step is never an origin and never a target to learn from,"
                                        + " see the step grid line below; "
                                : "")
                        + holdoutAdvice(series) + ")");
            } else {
                System.err.printf(
                        "pretrained %s on %d examples in %d epochs: validation MAE %.4f vs the smoothing base (%s) %.4f: %s%n",
                        spec.name,
                        pre.examples(),
                        pre.epochs(),
                        pre.validationMae(),
                        pre.base().describe(),
                        pre.baselineMae(),
                        spec.base.correctionProven
                                ? "the correction serves from the start"
                                : "the base serves until the correction proves itself");
                if (pre.cutByTimeBudget()) {
                    System.err.println(TopologyInput.cutByTimeBudget(spec, input.trainingBudget()));
                }
            }
        }
        TopologyMetrics metrics = new TopologyMetrics(spec.name, spec.model.cell);
        BacktestRunner.Result result = runner.replay(
                series,
                NetworkTaskModels.forSpec(spec, seed, metrics.training()).correctionProven(spec.base.correctionProven),
                pre);
        Files.createDirectories(out.toAbsolutePath().getParent());
        ForecastCsv.write(out, result.rows());
        Path png = beside(".png");
        Path json = beside(".json");
        ForecastPlot.write(png, series, result.rows(), ForecastPlot.DEFAULT_MAX_SERIES);
        Path networkCsv = beside("-network.csv");
        if (!result.networkRows().isEmpty()) {
            // What the network alone forecast (the gate held open), for comparing with what served.
            ForecastCsv.write(networkCsv, result.networkRows());
        }
        // Which actuals the served intervals would have flagged live (the anomalies topic's events).
        Path anomaliesCsv = beside("-anomalies.csv");
        AnomalyCsv.write(anomaliesCsv, result.anomalies());
        Path quantilesCsv = beside("-quantiles.csv");
        boolean quantiles = ForecastCsv.writeQuantiles(quantilesCsv, result.rows());
        BacktestReport.writeJson(json, result.score());
        System.out.println("backtest " + spec.name + " (" + spec.model.cell + ", online " + spec.training.online
                + ") on " + input.data);
        String grid = onGrid.describe(spec.step);
        if (!grid.isEmpty()) {
            System.out.println(grid);
        }
        System.out.println(BacktestReport.table(result.score()));
        // What the data suggests the topology say instead, a line each (empty: nothing to say).
        Stream.of(
                        RangeHint.of(series, result.rows(), spec.valueRange()),
                        spec.aggregationValue() == null ? CounterHint.of(series) : "",
                        WeeklySeasonHint.of(series, spec.stepValue(), spec.period))
                .filter(hint -> !hint.isEmpty())
                .forEach(System.out::println);
        System.out.println("forecasts: " + out + "  plot: " + png + "  report: " + json
                + (result.networkRows().isEmpty() ? "" : "  network's own: " + networkCsv)
                + (quantiles ? "  quantiles: " + quantilesCsv : "")
                + "  anomalies: " + anomaliesCsv);
        return 0;
    }

    /** The file {@code suffix} names beside {@code --out}: {@code /tmp/x.csv} and {@code .png} give {@code /tmp/x.png}. */
    private Path beside(String suffix) {
        return out.toAbsolutePath()
                .getParent()
                .resolve(out.getFileName().toString().replaceFirst("\\.csv$", "") + suffix);
    }

    /** Refuses, before any work, an {@code --out} whose forecasts or a file beside them would replace the data. */
    private void refuseOverwritingTheData() throws IOException {
        for (String suffix : List.of(".csv", ".png", ".json", "-network.csv", "-anomalies.csv", "-quantiles.csv")) {
            Path written = suffix.equals(".csv") ? out : beside(suffix);
            if (input.isTheData(written)) {
                throw new ConfigException("--out " + out + " would write "
                        + (suffix.equals(".csv")
                                ? "the forecasts"
                                : written.getFileName().toString())
                        + " over the data being backtested (--data " + input.data + "): name another file");
            }
        }
    }

    /**
     * The topology's checkpoint as the seed, refused when it was trained on anything after the
     * first origin (its score would be look-ahead; pretraining's own cut-off, the first origin
     * itself, is allowed), and saying which forecast serves first.
     */
    private static VersionedModel fromCheckpoint(TopologySpec spec, Instant firstOrigin) {
        VersionedModel seed = Checkpoints.of(spec);
        CheckpointMeta meta = Checkpoints.meta(spec);
        if (meta != null
                && meta.trainedThrough() != null
                && meta.trainedThrough().isAfter(firstOrigin)) {
            throw new ConfigException("checkpoint " + spec.model.checkpoint + " was trained on data up to "
                    + meta.trainedThrough() + ", past the backtest's first origin " + firstOrigin
                    + ": its score would be look-ahead; train with --until " + firstOrigin + " or drop --no-pretrain");
        }
        if (seed != null) {
            System.err.println("starting " + spec.name + " from checkpoint " + spec.model.checkpoint
                    + (meta == null || meta.trainedThrough() == null
                            ? ""
                            : " (trained through " + meta.trainedThrough() + ")")
                    + ": "
                    + (spec.base.correctionProven
                            ? "the correction serves from the start"
                            : "the base serves until the correction proves itself"));
        }
        return seed;
    }
    /**
     * What would leave pretraining more history: a smaller {@code --holdout}, unless every series
     * is short enough that the protocol's floor of {@value HoldoutProtocol#MIN_ORIGINS} scored
     * points decides (Iowa's 17 years of electricity left 2 points before the first origin at any
     * holdout, where the advice used to name it).
     */
    private String holdoutAdvice(Map<String, List<SeriesPoint>> series) {
        int longest = series.values().stream().mapToInt(List::size).max().orElse(0);
        return holdout * longest < HoldoutProtocol.MIN_ORIGINS
                ? "more history: the protocol scores at least the last " + HoldoutProtocol.MIN_ORIGINS
                        + " points of every series, whatever --holdout says"
                : "more history or a smaller --holdout help";
    }
}
