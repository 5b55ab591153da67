package io.streamcast.cli;

import io.streamcast.backtest.SeriesPoint;
import io.streamcast.backtest.StepAggregates;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.series.Aggregation;
import io.streamcast.training.NetworkSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the offline commands (train, backtest) read: a topology file with overrides, a CSV, a training budget. */
final class TopologyInput {
    @Option(names = "--topology", paramLabel = "FILE", required = true, description = "Topology YAML file.")
    Path topology;

    @Option(
            names = "--data",
            paramLabel = "CSV",
            required = true,
            description = "CSV with header series,ts,value (or ts,value: one series, named after the file;"
                    + " other names: --columns), or a kcat dump of an input topic, one JSON message a line.")
    Path data;

    @Mixin
    CsvReadOptions columns;

    /**
     * True when {@code written}, a file the command is about to write, is the {@code --data} file:
     * the forecasts of {@code backtest --data motes.csv --out motes.csv} replaced the readings, a
     * user's only copy perhaps, after the replay had read them.
     */
    boolean isTheData(Path written) throws IOException {
        Path file = written.toAbsolutePath().normalize();
        return file.equals(data.toAbsolutePath().normalize())
                || (Files.exists(file) && Files.exists(data) && Files.isSameFile(file, data));
    }

    @Option(
            names = "--train-seconds",
            paramLabel = "SECONDS",
            defaultValue = "600",
            description = "Time budget of (pre)training (default ${DEFAULT-VALUE}).")
    long trainSeconds;

    @Mixin
    TopologyOptions topologyOptions;

    TopologySpec spec() {
        return YamlConfig.loadTopology(topology, topologyOptions.overrides);
    }

    /**
     * The CSV's series, read in the zone of {@code spec} unless {@code --zone} names the file's;
     * where the topology aggregates readings faster than its step ({@code aggregate}), one point per
     * step as it would make them live (said on standard error).
     */
    Map<String, List<SeriesPoint>> series(TopologySpec spec) {
        Aggregation aggregation = spec.aggregationValue();
        Set<String> features = spec.features.stream().map(f -> f.name).collect(Collectors.toSet());
        Map<String, List<SeriesPoint>> readings = columns.read(data, spec.zoneValue(), aggregation != null, features);
        if (aggregation == null) {
            return readings;
        }
        StepAggregates steps = StepAggregates.of(readings, spec);
        System.err.println(steps.describe(aggregation, spec.step));
        return steps.series();
    }

    Duration trainingBudget() {
        return Duration.ofSeconds(trainSeconds);
    }

    /**
     * What to say when the clock ended pretraining before its epoch budget or early stopping did:
     * the network then depends on how fast the machine was, so figures from it are not
     * reproducible. Epoch budgets with fixed seeds are what published figures rest on.
     */
    static String cutByTimeBudget(TopologySpec spec, Duration budget) {
        return "warning: pretraining " + spec.name + " stopped at the --train-seconds budget (" + budget.toSeconds()
                + " s) before its " + spec.training.epochs
                + " epochs or early stopping ended it: the network depends on this machine's speed;"
                + " a larger --train-seconds lets the epoch budget decide";
    }

    /**
     * Points a series needs before the network has anything to learn from: the history an origin
     * needs, the horizon of actuals after it, and a few such windows (pretraining holds some back
     * to validate on). With less, training ran and reported "validation MAE NaN".
     */
    static int historyNeeded(TopologySpec spec) {
        return NetworkSpecs.encoder(spec).stateCapacity() + 4;
    }

    /** One line saying how much history {@code spec} needs and how much the longest series had. */
    static String tooLittleHistory(TopologySpec spec, String where, int longest) {
        return "too little history " + where + ": the longest series has " + longest + " points, topology " + spec.name
                + " needs at least " + historyNeeded(spec) + " (max(window " + spec.window + ", period " + spec.period
                + ") + period + horizon "
                + spec.horizon + " + 4 windows)";
    }
}
