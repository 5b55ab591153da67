package io.streamcast.cli;

import io.streamcast.backtest.SeriesPoint;
import io.streamcast.config.ConfigException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

// abbreviateSynopsis: with --continue the full synopsis wrapped inside [--bootstrap-servers=HOST:PORT].
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        description = {
            "Produce a CSV to an observations topic as a live feed, time step by time step.",
            "The CSV has the header series,ts,value (or ts,value: one series, named after the file); by default the"
                    + " bundled hourly temperatures. Feeds a `run` service such as the docker-compose stack."
        })
final class ReplayCommand implements Callable<Integer> {
    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka (default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(
            names = "--topic",
            paramLabel = "TOPIC",
            defaultValue = "observations",
            description = "Topic to produce to (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--data",
            paramLabel = "CSV",
            description = "CSV (or a kcat dump of an input topic, one JSON message a line) to replay instead of"
                    + " the bundled data/vega_hourly_temps.csv.")
    Path data;

    @Mixin
    CsvReadOptions columns;

    @Option(
            names = "--rate",
            paramLabel = "STEPS",
            defaultValue = "4",
            description = "Time steps per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--history",
            paramLabel = "SHARE",
            defaultValue = "0.5",
            description = "Share of the data's time steps (its distinct timestamps) sent at once before the live"
                    + " part (default ${DEFAULT-VALUE}).")
    double history;

    @Option(
            names = "--loop",
            description =
                    "Start again from the beginning when the data ends, every timestamp moved forward by "
                            + "the data's span plus one step, so each repeat continues the series (all of it live, no history burst).")
    boolean loop;

    @Option(
            names = "--continue",
            description = "Before sending, find the newest observation already in the topic (the last records of "
                    + "each partition) and move every timestamp forward by the fewest whole loop spans (as --loop repeats move) that "
                    + "start the data after it, so a restarted feed goes on instead of being dead-lettered TOO_OLD. An empty topic: "
                    + "no shift.")
    boolean continueTopic;

    @Override
    public Integer call() throws Exception {
        if (!(rate > 0)) {
            throw new ConfigException("--rate must be positive");
        }
        if (!(history >= 0 && history < 1)) {
            throw new ConfigException("--history must be in [0, 1)");
        }
        // Readings that share a timestamp (an event log) are each sent: the topology judges them.
        Map<String, List<SeriesPoint>> series =
                columns.read(data != null ? data : Replayer.bundledData(), null, true, null);
        int longest = Timeline.of(series).size();
        long records = series.values().stream().mapToLong(List::size).sum();
        int historySteps = (int) (longest * history);
        // Before the first progress line: what goes where, and how long the live part will take.
        System.out.printf(
                java.util.Locale.ROOT,
                "replaying %d records of %d series from %s to topic %s at %s: %d time steps at once, "
                        + "then %d live at %s steps/s (about %s)%s%n",
                records,
                series.size(),
                data != null ? data : "the bundled hourly temperatures",
                topic,
                bootstrapServers,
                historySteps,
                Math.max(0, longest - historySteps),
                rate,
                Duration.ofSeconds((long) (Math.max(0, longest - historySteps) / rate))
                        .toString()
                        .substring(2)
                        .toLowerCase(java.util.Locale.ROOT),
                loop ? ", looping" : "");
        System.out.flush();
        AtomicBoolean running = new AtomicBoolean(true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.set(false)));
        Replayer replayer = new Replayer(bootstrapServers);
        LoopShift shift = LoopShift.of(series);
        // Whole loops already behind what the topic holds; everything below (history burst, live
        // part, repeats) is moved by them, as if this run were the next repeat of the earlier one.
        long skipped = continueTopic ? loopsPastTopic(shift) : 0;
        for (long repeat = 0; repeat == 0 || (loop && running.get()); repeat++) {
            // The history burst fills the windows once; a repeat carries on from where the last ended.
            int liveFrom = repeat == 0 ? historySteps : 0;
            long steps = replayer.replay(
                    Timeline.of(shift.apply(series, skipped + repeat)),
                    List.of(topic),
                    0,
                    liveFrom,
                    rate,
                    running::get);
            System.out.println("replayed " + steps + " time steps of " + series.size() + " series to " + topic
                    + (skipped + repeat == 0
                            ? ""
                            : " (" + (repeat == 0 ? "" : "repeat " + repeat + ", ") + "timestamps moved "
                                    + shift.perLoop() + " x " + (skipped + repeat) + ")"));
        }
        return 0;
    }

    /** How many whole loops put this replay after the newest observation in the topic; says so in one line. */
    private long loopsPastTopic(LoopShift shift) {
        Optional<Instant> newest = NewestObservation.in(bootstrapServers, topic);
        if (newest.isEmpty()) {
            System.out.println("continuing: no observations in topic " + topic + " yet, timestamps as in the data");
            return 0;
        }
        long loops;
        try {
            loops = shift.loopsToStartAfter(newest.get());
        } catch (DateTimeException | ArithmeticException e) {
            throw new ConfigException(
                    "replay --continue: the newest observation in topic " + topic + " (" + newest.get()
                            + ") is too far ahead to continue after; replay to another topic or without --continue");
        }
        System.out.println("continuing after " + newest.get() + " already in topic " + topic + ": "
                + (loops == 0
                        ? "the data starts later, timestamps as in the data"
                        : "timestamps moved forward " + loops + (loops == 1 ? " loop (" : " loops (")
                                + shift.describe(loops) + ")"));
        System.out.flush();
        return loops;
    }
}
