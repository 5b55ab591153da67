package io.streamcast.cli;

import io.streamcast.backtest.GridSummary;
import io.streamcast.backtest.Histories;
import io.streamcast.backtest.PretrainingCorpus;
import io.streamcast.backtest.SeriesCsv;
import io.streamcast.backtest.SeriesPoint;
import io.streamcast.config.ConfigException;
import io.streamcast.config.TopologySpec;
import io.streamcast.model.CheckpointMeta;
import io.streamcast.model.ModelCheckpoint;
import io.streamcast.progress.ProgressBar;
import io.streamcast.training.Pretrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Offline warm start: train one network of a topology across every series of the CSV and write a checkpoint.",
            "Point the topology's model.checkpoint at it and `run`/`demo` start every task from it, for series it has "
                    + "never seen too; `backtest --no-pretrain` scores it."
        })
final class TrainCommand implements Callable<Integer> {
    @Mixin
    TopologyInput input;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Checkpoint zip to write.")
    Path out;

    @Option(
            names = "--until",
            paramLabel = "TIMESTAMP",
            description =
                    "Train only on observations at or before this ISO-8601 instant, e.g. a backtest's first origin, so "
                            + "`backtest --no-pretrain` can score the checkpoint without look-ahead (default: all of them).")
    Instant until;

    @Override
    public Integer call() throws Exception {
        if (input.isTheData(out)) {
            throw new ConfigException("--out " + out + " would write the checkpoint over the data it trains on (--data "
                    + input.data + "): name another file");
        }
        TopologySpec spec = input.spec();
        Map<String, List<SeriesPoint>> series = SeriesCsv.upTo(input.series(spec), until);
        Map<String, double[]> histories = new LinkedHashMap<>();
        series.forEach((k, v) ->
                histories.put(k, v.stream().mapToDouble(SeriesPoint::value).toArray()));
        int longest = histories.values().stream().mapToInt(h -> h.length).max().orElse(0);
        if (longest < TopologyInput.historyNeeded(spec)) {
            // Before training, not after: a progress bar of "0 done" and then the error is two lines for one mistake.
            throw new IllegalArgumentException(TopologyInput.tooLittleHistory(
                    spec, "in " + input.data + (until == null ? "" : " up to " + until), longest));
        }
        String grid = GridSummary.of(series, spec.stepGrid()).describe(spec.step);
        if (!grid.isEmpty()) {
            System.err.println(grid);
        }
        // Read before training starts: a bad corpus is one line, not a progress bar and then the error.
        PretrainingCorpus corpus = PretrainingCorpus.of(spec, until);
        if (!corpus.series().isEmpty()) {
            System.err.println(corpus.describe(spec.name));
        }
        ProgressBar bar =
                new ProgressBar("train " + spec.name, "epochs", Math.max(1, spec.training.epochs), System.err);
        Pretrainer.Result result = Pretrainer.trainOn(
                spec,
                Histories.of(series, spec),
                corpus.series(),
                input.trainingBudget(),
                spec.training.maxExamples,
                (e, n, tl, vl) -> bar.step(1));
        bar.done();
        if (result.examples() < 4) {
            // Long enough series, yet too few examples (filled gaps are never trained on).
            throw new IllegalArgumentException(input.data + ": only " + result.examples() + " training windows in "
                    + longest + " points (gaps are not trained on); topology " + spec.name + " needs at least 4");
        }
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        ModelCheckpoint.save(result.network(), out);
        boolean proven = result.correctionBeatsBase(spec.training.promotionMargin);
        // The corpus counts too: `backtest --no-pretrain` refuses a checkpoint that saw anything after its first
        // origin.
        Instant through = Stream.concat(
                        series.values().stream().flatMap(List::stream).map(SeriesPoint::ts),
                        Stream.ofNullable(corpus.newest()))
                .max(Comparator.naturalOrder())
                .orElse(null);
        new CheckpointMeta(
                        result.smoothing(),
                        proven,
                        through,
                        spec.covariatesValue().names(),
                        result.base().bySeries(),
                        CheckpointMeta.calendarZoneOf(spec.covariatesValue()))
                .writeTo(out.toFile());
        System.out.printf(
                "trained %s (%s) on %d examples of %d series through %s, %d epochs: validation MAE %.4f vs the smoothing base (%s) %.4f (normalized units): %s%n",
                spec.name,
                spec.model.cell,
                result.examples(),
                histories.size(),
                through,
                result.epochs(),
                result.validationMae(),
                result.base().describe(),
                result.baselineMae(),
                proven
                        ? "the correction serves from the start"
                        : "the base serves until the correction proves itself live");
        if (result.cutByTimeBudget()) {
            System.err.println(TopologyInput.cutByTimeBudget(spec, input.trainingBudget()));
        }
        System.out.println("checkpoint written to " + out + "; set model.checkpoint in the topology to use it");
        return 0;
    }
}
