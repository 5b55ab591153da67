package io.streamcast.cli;

import io.streamcast.backtest.SeriesCsv;
import io.streamcast.backtest.SeriesPoint;
import io.streamcast.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Produce a CSV to an observations topic as a live feed, time step by time step.",
                "The CSV has the header series,ts,value; by default the bundled hourly temperatures. Feeds a `run` service, "
                        + "e.g. the docker-compose stack."})
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092", description = "Kafka (default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = "observations", description = "Topic to produce to (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--data", paramLabel = "CSV", description = "CSV to replay instead of the bundled data/vega_hourly_temps.csv.")
    Path data;

    @Option(names = "--rate", paramLabel = "STEPS", defaultValue = "4", description = "Time steps per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--history", paramLabel = "SHARE", defaultValue = "0.5", description = "Share of each series sent at once before the live part (default ${DEFAULT-VALUE}).")
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
        int longest = series.values().stream().mapToInt(List::size).max().orElse(0);
        long records = series.values().stream().mapToLong(List::size).sum();
        int historySteps = (int) (shortest * history);
        // Before the first progress line: what goes where, and how long the live part will take.
        System.out.printf(java.util.Locale.ROOT, "replaying %d records of %d series from %s to topic %s at %s: %d time steps at once, "
                        + "then %d live at %s steps/s (about %s)%s%n",
                records, series.size(), data != null ? data : "the bundled hourly temperatures", topic, bootstrapServers,
                historySteps, Math.max(0, longest - historySteps), rate, Duration.ofSeconds((long) (Math.max(0, longest - historySteps) / rate))
                        .toString().substring(2).toLowerCase(java.util.Locale.ROOT), loop ? ", looping" : "");
        System.out.flush();
        AtomicBoolean running = new AtomicBoolean(true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.set(false)));
        Replayer replayer = new Replayer(bootstrapServers, Map.of());
        LoopShift shift = LoopShift.of(series);
        for (long repeat = 0; repeat == 0 || (loop && running.get()); repeat++) {
            // The history burst fills the windows once; a repeat carries on from where the last ended.
            int liveFrom = repeat == 0 ? historySteps : 0;
            long steps = replayer.replay(shift.apply(series, repeat), List.of(topic), 0, liveFrom, rate, running::get);
            System.out.println("replayed " + steps + " time steps of " + series.size() + " series to " + topic
                    + (repeat == 0 ? "" : " (repeat " + repeat + ", timestamps moved " + shift.perLoop() + " x " + repeat + ")"));
        }
        return 0;
    }
}
