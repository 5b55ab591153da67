package io.streamcast.cli;

import io.streamcast.backtest.GridSummary;
import io.streamcast.backtest.SeriesPoint;
import io.streamcast.backtest.StepAggregates;
import io.streamcast.broker.EmbeddedKafkaBroker;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.metrics.MetricsRegistries;
import io.streamcast.model.VersionedModel;
import io.streamcast.progress.ProgressBar;
import io.streamcast.service.Checkpoints;
import io.streamcast.service.ServiceRuntime;
import io.streamcast.training.NetworkSpecs;
import io.streamcast.training.Pretrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "The embedded default: an in-process Kafka broker, bundled data replayed live, every topology forecasting.",
            "The bundled hourly temperatures are replayed into `observations`, every topology of topologies/ runs, forecasts "
                    + "are printed as they arrive, and /metrics and the REST API are served. Exits after --seconds or on Ctrl-C."
        })
final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--seconds",
            paramLabel = "N",
            defaultValue = "0",
            description = "Stop after this many seconds (0: run until Ctrl-C).")
    long seconds;

    @Option(
            names = "--topologies",
            paramLabel = "DIR",
            defaultValue = "topologies",
            description = "Directory of topology files (default ${DEFAULT-VALUE}).")
    Path topologies;

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
            description = "Time steps replayed per second, all series together (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--train-seconds",
            paramLabel = "SECONDS",
            defaultValue = "15",
            description = "Warm-start training budget per topology (default ${DEFAULT-VALUE}).")
    long trainSeconds;

    @Option(
            names = "--broker-port",
            paramLabel = "PORT",
            defaultValue = "9092",
            description = "Port of the embedded broker, for kcat (default ${DEFAULT-VALUE}; 0 = any free port).")
    int brokerPort;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            defaultValue = "9464",
            description = "Port of /metrics and the REST API (default ${DEFAULT-VALUE}).")
    int httpPort;

    /**
     * Half of every series replayed as history: the networks warm-start on it, the rest streams live.
     *
     * @param liveFrom where each series' live half begins
     * @param live      the data's middle instant, where the live half begins
     * @param timeline  the series merged by timestamp, what the replay sends
     */
    private record DemoData(
            Map<String, List<SeriesPoint>> series, Map<String, Integer> liveFrom, Instant live, Timeline timeline) {
        static DemoData split(Map<String, List<SeriesPoint>> series) {
            // Halved in time, not point by point: an event log's busy series has more points per hour.
            Timeline timeline = Timeline.of(series);
            Instant middle = timeline.instant(timeline.size() / 2);
            Map<String, Integer> liveFrom = new LinkedHashMap<>();
            series.forEach((k, v) -> liveFrom.put(
                    k, (int) v.stream().filter(p -> p.ts().isBefore(middle)).count()));
            return new DemoData(series, liveFrom, middle, timeline);
        }

        /**
         * The first half of each series' values, what {@code spec}'s warm start trains on: made into
         * its steps where it aggregates readings faster than its step, as it will live.
         */
        Map<String, double[]> history(TopologySpec spec) {
            Map<String, List<SeriesPoint>> firstHalf = new LinkedHashMap<>();
            series.forEach((k, v) -> firstHalf.put(k, v.subList(0, liveFrom.get(k))));
            Map<String, List<SeriesPoint>> trained = spec.aggregationValue() == null
                    ? firstHalf
                    : StepAggregates.of(firstHalf, spec).series();
            Map<String, double[]> history = new LinkedHashMap<>();
            trained.forEach((k, v) ->
                    history.put(k, v.stream().mapToDouble(SeriesPoint::value).toArray()));
            return history;
        }
    }

    @Override
    public Integer call() throws Exception {
        List<TopologySpec> specs = YamlConfig.loadTopologies(topologies, List.of());
        // Read as the topologies will take it: readings of one instant where any aggregates, and
        // the features some topology uses.
        boolean aggregating = specs.stream().anyMatch(s -> s.aggregationValue() != null);
        Set<String> features = specs.stream()
                .flatMap(s -> s.features.stream())
                .map(f -> f.name)
                .collect(Collectors.toSet());
        DemoData demo =
                DemoData.split(columns.read(data != null ? data : Replayer.bundledData(), null, aggregating, features));
        for (TopologySpec spec : specs) {
            String mismatch = stepMismatch(spec, demo.series());
            if (mismatch != null) {
                System.out.println(mismatch);
            }
        }
        Path work = Files.createTempDirectory("streamcast-demo");
        DemoStop stop = DemoStop.after(seconds);
        try (EmbeddedKafkaBroker broker = startBroker(work, specs)) {
            Map<String, VersionedModel> seeds = warmStart(specs, demo);
            try (ServiceRuntime runtime = startService(broker, work, specs, seeds)) {
                runtime.service().awaitRunning(Duration.ofSeconds(60));
                System.out.println("metrics: http://" + runtime.httpEndpoint() + "/metrics   latest forecast: http://"
                        + runtime.httpEndpoint() + "/forecasts/"
                        + demo.series().keySet().iterator().next());
                streamLive(broker.bootstrapServers(), specs, demo, stop);
            }
        } finally {
            stop.closed();
            deleteQuietly(work);
        }
        System.out.println("demo stopped");
        return 0;
    }

    /**
     * The line to print when the data's rows are typically more than two of {@code spec}'s steps apart, or
     * less than half of one and the topology does not aggregate them: AirPassengers' months replayed
     * into the hourly topologies restarted their series at every reading and showed naive forecasts
     * with intervals a hundredth of the values wide, without a word on why. Null when the step fits.
     */
    static String stepMismatch(TopologySpec spec, Map<String, List<SeriesPoint>> series) {
        GridSummary grid = GridSummary.of(series, spec.stepGrid());
        if (!grid.spacingDiffersFromStep()) {
            return null;
        }
        boolean slower = grid.typicalSpacing().compareTo(grid.stepLength()) > 0;
        if (!slower && spec.aggregationValue() != null) {
            return null;
        }
        long steps = grid.typicalSpacing().toMillis() / grid.stepLength().toMillis();
        String consequence = !slower
                ? "most would share a step with the one before and be dead-lettered DUPLICATE_TS, unless the topology"
                        + " makes each step's value from them (`aggregate: mean`)"
                : steps > grid.maxFill()
                        ? "each would come " + steps + " steps after the one before, past gaps.maxFill "
                                + grid.maxFill()
                                + ", and restart its series, which then forecasts naive from each reading alone"
                        : "each would come " + steps
                                + " steps after the one before, the steps between filled by the base";
        return "demo: " + spec.name + " steps by " + spec.step + " but the data's rows are typically "
                + GridSummary.text(grid.typicalSpacing()) + " apart: " + consequence
                + "; --topologies DIR runs topologies written for the data (topologies/examples/ has hourly, daily"
                + " and monthly ones)";
    }

    /** The embedded broker, with every topology's topics created (4 partitions). */
    private EmbeddedKafkaBroker startBroker(Path work, List<TopologySpec> specs) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerPort, work.resolve("broker"));
        try {
            System.out.println("embedded Kafka broker at " + broker.bootstrapServers());
            Set<String> topics = new LinkedHashSet<>();
            specs.forEach(s -> topics.addAll(List.of(s.input, s.output, s.anomalies, s.deadLetter)));
            broker.createTopics(topics, 4);
            return broker;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** The model each topology starts from: its checkpoint from `train` when it names one, else a quick warm start. */
    private Map<String, VersionedModel> warmStart(List<TopologySpec> specs, DemoData demo) {
        Map<String, VersionedModel> seeds = new LinkedHashMap<>();
        for (TopologySpec spec : specs) {
            VersionedModel checkpoint = Checkpoints.of(spec);
            if (checkpoint != null) {
                // A checkpoint from `train` wins over the quick warm start.
                System.out.println(spec.name + ": starting from checkpoint " + spec.model.checkpoint);
                seeds.put(spec.name, checkpoint);
            } else {
                seeds.put(spec.name, pretrain(spec, demo.history(spec)));
            }
        }
        return seeds;
    }

    /** Trains {@code spec} on the history within {@code --train-seconds}, with a progress line, and says which model serves. */
    private VersionedModel pretrain(TopologySpec spec, Map<String, double[]> history) {
        ProgressBar bar = new ProgressBar("warm start " + spec.name, "epochs", spec.training.epochs, System.err);
        Pretrainer.Result r =
                Pretrainer.train(spec, history, Duration.ofSeconds(trainSeconds), 1500, (e, n, tl, vl) -> bar.step(1));
        bar.done();
        spec.base.useFitted(r.base());
        spec.base.correctionProven = r.correctionBeatsBase(spec.training.promotionMargin);
        System.out.printf(
                "%s: %s trained on %d windows, validation MAE %.3f vs the smoothing base (%s) %.3f: %s serves%n",
                spec.name,
                spec.model.cell,
                r.examples(),
                r.validationMae(),
                r.base().describe(),
                r.baselineMae(),
                spec.base.correctionProven ? "the correction" : "the base, until the correction proves itself,");
        return VersionedModel.of(1, r.network(), true);
    }

    /** The service with the HTTP API, on the embedded broker, its state in the demo's temporary directory. */
    private ServiceRuntime startService(
            EmbeddedKafkaBroker broker, Path work, List<TopologySpec> specs, Map<String, VersionedModel> seeds) {
        ServiceConfig config = new ServiceConfig();
        config.bootstrapServers = broker.bootstrapServers();
        config.applicationId = "streamcast-demo";
        config.stateDir = work.resolve("state").toString();
        config.http.port = httpPort;
        return ServiceRuntime.start(config, specs, seeds, MetricsRegistries.prometheus());
    }

    /** Prints forecasts as they come while the live half is replayed, until the deadline or Ctrl-C. */
    private void streamLive(String bootstrap, List<TopologySpec> specs, DemoData demo, DemoStop stop)
            throws InterruptedException {
        Thread printer = new ForecastPrinter(bootstrap, specs, stop::running).start();
        replay(bootstrap, specs, demo, stop);
        stop.await();
        stop.finish();
        printer.join(5000);
    }

    /** Sends the recent history at once (so windows fill), then one time step of every series per 1/rate seconds. */
    private void replay(String bootstrap, List<TopologySpec> specs, DemoData demo, DemoStop stop)
            throws InterruptedException {
        Set<String> inputs = new LinkedHashSet<>();
        specs.forEach(s -> inputs.add(s.input));
        // Enough history that windows are full and the first training examples complete at once:
        // each topology's state of steps before the live half, counted in its own steps (an
        // aggregating topology's hours hold many readings each).
        Instant warmFrom = specs.stream()
                .map(s -> s.stepValue()
                        .before(demo.live(), NetworkSpecs.encoder(s).stateCapacity()))
                .min(Instant::compareTo)
                .orElse(demo.live());
        Timeline timeline = demo.timeline();
        new Replayer(bootstrap)
                .replay(timeline, inputs, timeline.indexOf(warmFrom), timeline.indexOf(demo.live()), rate, stop::going);
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
