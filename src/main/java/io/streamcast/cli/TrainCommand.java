package io.streamcast.cli;

import io.streamcast.progress.ProgressBar;
import io.streamcast.backtest.SeriesPoint;
import io.streamcast.config.TopologySpec;
import io.streamcast.model.ModelCheckpoint;
import io.streamcast.training.NetworkSpecs;
import io.streamcast.training.Pretrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Offline warm start: train a topology's network on history and write a checkpoint.",
                "Point the topology's model.checkpoint at it and `run`/`demo` start every task from it."})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    TopologyInput input;

    @Option(names = "--out", required = true, description = "Checkpoint zip to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        TopologySpec spec = input.spec();
        Map<String, List<SeriesPoint>> series = input.series();
        Map<String, double[]> histories = new LinkedHashMap<>();
        series.forEach((k, v) -> histories.put(k, v.stream().mapToDouble(SeriesPoint::value).toArray()));
        ProgressBar bar = new ProgressBar("train " + spec.name, Math.max(1, spec.training.epochs), System.err);
        Pretrainer.Result result = Pretrainer.train(spec, histories, input.trainingBudget(), (e, n, tl, vl) -> bar.step(1));
        bar.done();
        if (result.examples() < 4) {
            throw new IllegalArgumentException(input.data + " has too little history for window " + spec.window + " + horizon " + spec.horizon
                    + " (need at least " + (NetworkSpecs.encoder(spec).stateCapacity() + 4) + " points in a series)");
        }
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        ModelCheckpoint.save(result.network(), out);
        boolean proven = result.correctionBeatsBase(spec.training.promotionMargin);
        java.time.Instant through = series.values().stream().flatMap(List::stream).map(SeriesPoint::ts)
                .max(java.util.Comparator.naturalOrder()).orElse(null);
        new io.streamcast.model.CheckpointMeta(result.smoothing(), proven, through).writeTo(out.toFile());
        System.out.printf("trained %s (%s) on %d examples, %d epochs: validation MAE %.4f vs the smoothing base (%s) %.4f (normalized units): %s%n",
                spec.name, spec.model.cell, result.examples(), result.epochs(), result.validationMae(), result.smoothing(),
                result.baselineMae(), proven ? "the correction serves from the start" : "the base serves until the correction proves itself live");
        System.out.println("checkpoint written to " + out + "; set model.checkpoint in the topology to use it");
        return 0;
    }
}
