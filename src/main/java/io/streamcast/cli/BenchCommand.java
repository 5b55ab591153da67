package io.streamcast.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamcast.bench.BenchReport;
import io.streamcast.bench.ModelBench;
import io.streamcast.bench.StreamingBench;
import io.streamcast.broker.EmbeddedKafkaBroker;
import io.streamcast.model.Cell;
import io.streamcast.progress.ProgressBar;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        // abbreviateSynopsis: two dozen options made a synopsis that wrapped inside [--series=<series>[,<series>...]].
        abbreviateSynopsis = true,
        description = {
            "Measure Streamcast's forecasts per second against a pass-through topology on an in-process broker.",
            "K synthetic hourly series x N observations are replayed as a backlog (forecasts/s with the network serving, "
                    + "seeded from a pretrained checkpoint) and live at half that rate (end-to-end latency percentiles, "
                    + "read_committed); CPU, heap, resident memory, state and changelog bytes, the service's inference and "
                    + "training meters.",
            "In the same run: the ceiling, a pass-through Kafka Streams topology on the same backlog; and a model "
                    + "micro-benchmark (DL4J, and PyTorch where python3-torch is installed). Prints every figure, writes them "
                    + "as JSON, and prints ratio=<forecasts/s / pass-through records/s> last.",
            "Without --quick it sweeps series (1,000 / 10,000 / 100,000), window (24/48/96), GRU and LSTM, online on and "
                    + "off: hours on a small machine; narrow it with the options."
        })
final class BenchCommand implements Callable<Integer> {
    @Option(
            names = "--quick",
            description =
                    "About a minute: ${sys:line.separator}  1,000 series x 120 observations, GRU, window 48, online, short phases.")
    boolean quick;

    @Option(
            names = "--series",
            split = ",",
            description = "Series K, a comma list to sweep (full default 1000,10000,100000; quick 1000).")
    List<Integer> series;

    @Option(
            names = "--observations",
            description =
                    "Observations N per series in the backlog (default 120, more where a window needs it: window + period + 24 from 96 on; quick 120 too).")
    Integer observations;

    @Option(
            names = "--window",
            split = ",",
            description = "Window, a comma list to sweep (full default 24,48,96; quick 48).")
    List<Integer> windows;

    @Option(
            names = "--cell",
            split = ",",
            description = "gru, lstm, or both comma separated (full default gru,lstm; quick gru).")
    List<String> cells;

    @Option(
            names = "--online",
            negatable = true,
            description = "Online learning on (--online) or off (--no-online); full default sweeps both, quick on.")
    Boolean online;

    @Option(
            names = "--repeat",
            defaultValue = "1",
            description = "Run the sweep's configurations this many times in one JVM, interleaved (each configuration "
                    + "once, then each again), and print each configuration's figures as median (min-max) over its "
                    + "runs; the headline ratio is then their median (default ${DEFAULT-VALUE}). One run says little "
                    + "on a shared machine.")
    int repeat;

    @Option(
            names = "--partitions",
            defaultValue = "4",
            description = "Partitions of every topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--horizon", defaultValue = "12", description = "Forecast horizon (default ${DEFAULT-VALUE}).")
    int horizon;

    @Option(
            names = "--period",
            defaultValue = "24",
            description = "Seasonal period of the series and the model (default ${DEFAULT-VALUE}).")
    int period;

    @Option(names = "--hidden", defaultValue = "32", description = "Hidden units (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", defaultValue = "1", description = "Recurrent layers (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(
            names = "--partitioned-by-series",
            description =
                    "Run the topology with partitionedBySeries: no repartition hop (the replayer keys records by series).")
    boolean partitionedBySeries;

    @Option(
            names = "--io-ceiling",
            negatable = true,
            description =
                    "After each drain, time a second ceiling: Kafka Streams doing the service's I/O (rewrite values of"
                            + " the sizes its state stores wrote, emit a forecast per record) without forecasting; about a minute"
                            + " per configuration (default: on, off with --quick).")
    Boolean ioCeiling;

    @Option(
            names = "--warm-up",
            negatable = true,
            description = "Before the first timed configuration, run it once on at most 2,000 series and discard the"
                    + " figures, so the JIT has compiled the per-record path (default: on, off with --quick).")
    Boolean warmUp;

    @Option(
            names = "--guarantee",
            defaultValue = "exactly_once_v2",
            description =
                    "processing.guarantee of both topologies: exactly_once_v2 (the service's default) or at_least_once.")
    String guarantee;

    @Option(
            names = "--streams-config",
            paramLabel = "KEY=VALUE",
            description = "A Kafka Streams setting for both topologies, as the service config's kafka: map takes it;"
                    + " repeatable.")
    Map<String, String> streamsConfig = new java.util.LinkedHashMap<>();

    @Option(
            names = "--set",
            paramLabel = "PATH=VALUE",
            description = "A field of the benched topology, as backtest --set takes it; repeatable.")
    List<String> topologySettings = new ArrayList<>();

    @Option(
            names = "--vary",
            paramLabel = "PATH=V1,V2",
            description = "Sweep a field of the benched topology over comma-separated values (commas inside [ ] or"
                    + " { } belong to a value; 'default' leaves the field as the topology has it); repeatable, the"
                    + " sweep then takes every combination. With --repeat, settings compare in one JVM.")
    List<String> vary = new ArrayList<>();

    @Option(names = "--live-seconds", description = "Duration of the live phase (default 30; quick 8; 0 skips it).")
    Double liveSeconds;

    @Option(
            names = "--live-rate",
            defaultValue = "0",
            description = "Observations/s of the live phase (default 0: half the measured forecasts/s).")
    double liveRate;

    @Option(names = "--train-seconds", description = "Pretraining budget per network shape (default 30; quick 5).")
    Double trainSeconds;

    @Option(
            names = "--drain-timeout",
            defaultValue = "3600",
            description =
                    "Seconds a backlog may take to drain before the run is reported incomplete (default ${DEFAULT-VALUE}).")
    double drainTimeout;

    @Option(names = "--model", description = "Only the model micro-benchmark.")
    boolean modelOnly;

    @Option(names = "--no-model", description = "Skip the model micro-benchmark.")
    boolean noModel;

    @Option(
            names = "--torch",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Run the same network in PyTorch where it imports (default on).")
    boolean torch;

    @Option(
            names = "--model-seconds",
            description = "Time budget per micro-benchmark figure (default 2; quick 1), after a warm-up as long.")
    Double modelSeconds;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "Seed of the synthetic series (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--out",
            defaultValue = "bench.json",
            description = "JSON file of every figure (default ${DEFAULT-VALUE}).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        // Quick: 1,000 series, so the drain spans several one-second commits. With 40 series x 86
        // observations (until 2026-12-03) the whole backlog became readable in one or two commits and
        // its forecasts/s measured the commit interval (ratio 0.0009-0.0030 against 0.04 now).
        List<Integer> seriesList = series != null ? series : quick ? List.of(1_000) : List.of(1_000, 10_000, 100_000);
        List<Integer> windowList = windows != null ? windows : quick ? List.of(48) : List.of(24, 48, 96);
        // A window's first network forecast needs max(window, period) + period observations; 24 more give it work to
        // do.
        int longest = windowList.stream()
                .mapToInt(w -> Math.max(w, period) + period)
                .max()
                .orElse(0);
        int n = observations != null ? observations : Math.max(120, longest + 24);
        List<String> cellList = (cells != null ? cells : quick ? List.of("gru") : List.of("gru", "lstm"))
                .stream().map(s -> s.trim().toLowerCase(java.util.Locale.ROOT)).toList();
        List<Boolean> onlineList = online != null ? List.of(online) : quick ? List.of(true) : List.of(true, false);
        double live = liveSeconds != null ? liveSeconds : quick ? 8 : 30;
        double train = trainSeconds != null ? trainSeconds : quick ? 5 : 30;
        double perFigure = modelSeconds != null ? modelSeconds : quick ? 1 : 2;
        for (String c : cellList) {
            if (!c.equals("gru") && !c.equals("lstm")) {
                throw new IllegalArgumentException("--cell: gru or lstm, got " + c);
            }
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat: at least 1, got " + repeat);
        }
        // Checked before anything runs: a mistyped --vary should not wait for the model micro-benchmark.
        List<List<String>> variants = settingVariants(topologySettings, vary);
        if (!guarantee.equals("at_least_once") && !guarantee.equals("exactly_once_v2")) {
            throw new IllegalArgumentException("--guarantee: at_least_once or exactly_once_v2, got " + guarantee);
        }
        for (int w : modelOnly ? List.<Integer>of() : windowList) {
            if (n < Math.max(w, period) + period + 1) {
                throw new IllegalArgumentException("--observations " + n + " leaves window " + w
                        + " no network forecast: need more than " + (Math.max(w, period) + period));
            }
        }

        BenchReport report = new BenchReport(stdout);
        report.machine(guarantee);
        if (!noModel) {
            List<Cell> modelCells = cellList.stream().map(Cell::parse).toList();
            int window = windowList.contains(48) ? 48 : windowList.get(0);
            report.model(ModelBench.run(
                    modelCells,
                    new ModelBench.Shape(window, horizon, hidden, layers),
                    new int[] {1, 32, 1024},
                    32,
                    perFigure,
                    torch,
                    report::line));
        }
        if (!modelOnly) {
            List<StreamingBench.Config> configs = new ArrayList<>();
            for (int k : seriesList) {
                for (int w : windowList) {
                    for (String c : cellList) {
                        for (boolean o : onlineList) {
                            for (List<String> settings : variants) {
                                configs.add(new StreamingBench.Config(
                                        k,
                                        n,
                                        w,
                                        horizon,
                                        period,
                                        c,
                                        hidden,
                                        layers,
                                        o,
                                        partitions,
                                        guarantee,
                                        live,
                                        liveRate,
                                        drainTimeout,
                                        train,
                                        partitionedBySeries,
                                        streamsConfig,
                                        settings));
                            }
                        }
                    }
                }
            }
            Path work = Files.createTempDirectory("streamcast-bench");
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, work.resolve("broker"))) {
                report.line("embedded Kafka broker at " + broker.bootstrapServers());
                StreamingBench bench = new StreamingBench(
                        broker,
                        work,
                        seed,
                        (bootstrap, data, topic) -> new Replayer(bootstrap)
                                .replay(Timeline.of(data), List.of(topic), 0, Integer.MAX_VALUE, 1, () -> true),
                        report::line);
                ProgressBar sweep = repeat * configs.size() > 1
                        ? new ProgressBar("bench sweep", "configurations", repeat * configs.size(), System.err)
                        : null;
                bench.measureIoCeiling(ioCeiling != null ? ioCeiling : !quick);
                boolean warm = warmUp != null ? warmUp : !quick;
                for (int i = 0; i < repeat * configs.size(); i++) {
                    StreamingBench.Config config = configs.get(i % configs.size());
                    if (i > 0 && i % configs.size() == 0) {
                        bench.newRound();
                    }
                    Map<String, Object> result;
                    try {
                        if (warm) {
                            bench.warmUp(config);
                        }
                        result = bench.run(config);
                    } catch (Exception e) {
                        result = new LinkedHashMap<>();
                        result.put("label", config.toString());
                        result.put("config", config);
                        result.put("error", e.toString());
                        report.line("run failed: " + config + ": " + e);
                    }
                    report.run(result);
                    if (sweep != null) {
                        sweep.step(1);
                    }
                    // Written after every run, so a sweep cut short keeps what it measured.
                    write(report);
                }
                if (sweep != null) {
                    sweep.done();
                }
            } finally {
                deleteQuietly(work);
            }
        }
        double ratio = report.headlineRatio();
        write(report);
        report.summary();
        stdout.println("figures written to " + out);
        stdout.println("ratio=" + ratio);
        stdout.flush();
        return 0;
    }

    /**
     * The topology settings of each configuration a sweep's {@code --vary} options make: {@code base}
     * followed by one value of every varied field, every combination, in the order given.
     */
    static List<List<String>> settingVariants(List<String> base, List<String> vary) {
        List<List<String>> variants = List.of(List.copyOf(base));
        for (String option : vary) {
            int eq = option.indexOf('=');
            if (eq <= 0 || eq == option.length() - 1) {
                throw new IllegalArgumentException("--vary: PATH=V1,V2,..., got " + option);
            }
            String path = option.substring(0, eq);
            List<String> values = splitValues(option.substring(eq + 1));
            List<List<String>> next = new ArrayList<>();
            for (List<String> variant : variants) {
                for (String value : values) {
                    List<String> settings = new ArrayList<>(variant);
                    if (!value.equals("default")) {
                        settings.add(path + "=" + value);
                    }
                    next.add(List.copyOf(settings));
                }
            }
            variants = next;
        }
        return variants;
    }

    /** Values separated by commas, except commas inside brackets or braces (a list or map value). */
    private static List<String> splitValues(String text) {
        List<String> values = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                values.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        values.add(text.substring(start).trim());
        if (values.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("--vary: an empty value in " + text);
        }
        return values;
    }

    private void write(BenchReport report) throws java.io.IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report.json());
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (Exception ignored) {
            // temp files only
        }
    }
}
