package io.streamcast.cli;

import io.streamcast.backtest.SeriesCsv;
import io.streamcast.backtest.SeriesPoint;
import io.streamcast.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Produce a CSV (series,ts,value; default: the bundled hourly temperatures) to an observations topic",
                "as a live feed, time step by time step. Feeds a `run` service, e.g. the docker-compose stack."})
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", description = "Kafka (default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "observations", description = "Topic to produce to (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--data", description = "CSV to replay instead of the bundled data/vega_hourly_temps.csv.")
    Path data;

    @Option(names = "--rate", defaultValue = "4", description = "Time steps per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--history", defaultValue = "0.5", description = "Share of each series sent at once before the live part (default ${DEFAULT-VALUE}).")
    double history;

    @Option(names = "--loop", description = {"Start again from the beginning when the data ends, every timestamp moved forward by",
            "the data's span plus one step, so each repeat continues the series (all of it live, no history burst)."})
    boolean loop;

    @Override
    public Integer call() throws Exception {
        if (!(rate > 0)) {
            throw new ConfigException("--rate must be positive");
        }
        if (!(history >= 0 && history < 1)) {
            throw new ConfigException("--history must be in [0, 1)");
        }
        Map<String, List<SeriesPoint>> series = SeriesCsv.read(data != null ? data : Replayer.bundledData());
        int shortest = series.values().stream().mapToInt(List::size).min().orElse(0);
        AtomicBoolean running = new AtomicBoolean(true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.set(false)));
        Replayer replayer = new Replayer(bootstrapServers, Map.of());
        LoopShift shift = LoopShift.of(series);
        for (long repeat = 0; repeat == 0 || (loop && running.get()); repeat++) {
            // The history burst fills the windows once; a repeat carries on from where the last ended.
            int liveFrom = repeat == 0 ? (int) (shortest * history) : 0;
            long steps = replayer.replay(shift.apply(series, repeat), List.of(topic), 0, liveFrom, rate, running::get);
            System.out.println("replayed " + steps + " time steps of " + series.size() + " series to " + topic
                    + (repeat == 0 ? "" : " (repeat " + repeat + ", timestamps moved " + shift.perLoop() + " x " + repeat + ")"));
        }
        return 0;
    }
}
