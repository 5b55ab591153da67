package io.streamcast.cli;

import io.streamcast.backtest.SeriesCsv;
import io.streamcast.backtest.SeriesPoint;
import io.streamcast.broker.EmbeddedKafkaBroker;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Anomaly;
import io.streamcast.emit.AnomalySerde;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastPoint;
import io.streamcast.emit.ForecastSerde;
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
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
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
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

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
            description = "CSV to replay instead of the bundled data/vega_hourly_temps.csv.")
    Path data;

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

    @Override
    public Integer call() throws Exception {
        List<TopologySpec> specs = YamlConfig.loadTopologies(topologies, List.of());
        Map<String, List<SeriesPoint>> series = SeriesCsv.read(data != null ? data : Replayer.bundledData());
        Path work = Files.createTempDirectory("streamcast-demo");
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.set(false);
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }));
        long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
        // Half of every series is history: the networks warm-start on it, the rest streams live.
        Map<String, Integer> liveFrom = new LinkedHashMap<>();
        Map<String, double[]> history = new LinkedHashMap<>();
        series.forEach((k, v) -> {
            int split = v.size() / 2;
            liveFrom.put(k, split);
            history.put(
                    k,
                    v.subList(0, split).stream().mapToDouble(SeriesPoint::value).toArray());
        });
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerPort, work.resolve("broker"))) {
            System.out.println("embedded Kafka broker at " + broker.bootstrapServers());
            Set<String> topics = new LinkedHashSet<>();
            specs.forEach(s -> topics.addAll(List.of(s.input, s.output, s.anomalies, s.deadLetter)));
            broker.createTopics(topics, 4);
            Map<String, VersionedModel> seeds = new LinkedHashMap<>();
            for (TopologySpec spec : specs) {
                VersionedModel checkpoint = Checkpoints.of(spec);
                if (checkpoint != null) {
                    // A checkpoint from `train` wins over the quick warm start.
                    System.out.println(spec.name + ": starting from checkpoint " + spec.model.checkpoint);
                    seeds.put(spec.name, checkpoint);
                    continue;
                }
                ProgressBar bar =
                        new ProgressBar("warm start " + spec.name, "epochs", spec.training.epochs, System.err);
                Pretrainer.Result r = Pretrainer.train(
                        spec, history, Duration.ofSeconds(trainSeconds), 1500, (e, n, tl, vl) -> bar.step(1));
                bar.done();
                spec.base.useFitted(r.smoothing());
                spec.base.correctionProven = r.correctionBeatsBase(spec.training.promotionMargin);
                System.out.printf(
                        "%s: %s trained on %d windows, validation MAE %.3f vs the smoothing base (%s) %.3f: %s serves%n",
                        spec.name,
                        spec.model.cell,
                        r.examples(),
                        r.validationMae(),
                        r.smoothing(),
                        r.baselineMae(),
                        spec.base.correctionProven
                                ? "the correction"
                                : "the base, until the correction proves itself,");
                seeds.put(spec.name, VersionedModel.of(1, r.network(), true));
            }
            ServiceConfig config = new ServiceConfig();
            config.bootstrapServers = broker.bootstrapServers();
            config.applicationId = "streamcast-demo";
            config.stateDir = work.resolve("state").toString();
            config.http.port = httpPort;
            try (ServiceRuntime runtime = ServiceRuntime.start(config, specs, seeds, MetricsRegistries.prometheus())) {
                runtime.service().awaitRunning(Duration.ofSeconds(60));
                System.out.println("metrics: http://" + runtime.httpEndpoint() + "/metrics   latest forecast: http://"
                        + runtime.httpEndpoint() + "/forecasts/"
                        + series.keySet().iterator().next());
                Thread printer =
                        new Thread(() -> printForecasts(broker.bootstrapServers(), specs, running), "demo-printer");
                printer.setDaemon(true);
                printer.start();
                replay(broker.bootstrapServers(), specs, series, liveFrom, running, deadline);
                while (running.get() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                running.set(false);
                printer.join(5000);
            }
        } finally {
            stopped.countDown();
            deleteQuietly(work);
        }
        System.out.println("demo stopped");
        return 0;
    }

    /** Sends the recent history at once (so windows fill), then one time step of every series per 1/rate seconds. */
    private void replay(
            String bootstrap,
            List<TopologySpec> specs,
            Map<String, List<SeriesPoint>> series,
            Map<String, Integer> liveFrom,
            AtomicBoolean running,
            long deadline)
            throws InterruptedException {
        Set<String> inputs = new LinkedHashSet<>();
        specs.forEach(s -> inputs.add(s.input));
        // Enough history that windows are full and the first training examples complete at once.
        int warm = specs.stream()
                .mapToInt(s -> NetworkSpecs.encoder(s).stateCapacity())
                .max()
                .orElse(0);
        int start = liveFrom.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        new Replayer(bootstrap, Map.of())
                .replay(series, inputs, start - warm, start, rate, () -> running.get() && System.nanoTime() < deadline);
    }

    private static void printForecasts(String bootstrap, List<TopologySpec> specs, AtomicBoolean running) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "streamcast-demo-printer");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Only committed forecasts: what a downstream service would see.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> outputs = new ArrayList<>(
                new LinkedHashSet<>(specs.stream().map(s -> s.output).toList()));
        Set<String> anomalies =
                new LinkedHashSet<>(specs.stream().map(s -> s.anomalies).toList());
        List<String> topics = new ArrayList<>(outputs);
        topics.addAll(anomalies);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (anomalies.contains(r.topic())) {
                        Anomaly a = AnomalySerde.fromBytes(r.value());
                        System.out.printf(
                                "%s  %-22s ANOMALY  %-8s ts %s  actual %7.2f outside [%7.2f, %7.2f] of h%d (%s v%d)  score %.2f%n",
                                LocalTime.now().format(CLOCK),
                                a.topology(),
                                a.series(),
                                a.ts(),
                                a.actual(),
                                a.lower(),
                                a.upper(),
                                a.h(),
                                a.model(),
                                a.version() == null ? 0 : a.version(),
                                a.score());
                        continue;
                    }
                    Forecast f = ForecastSerde.fromBytes(r.value());
                    ForecastPoint first = f.points().get(0);
                    ForecastPoint last = f.points().get(f.points().size() - 1);
                    System.out.printf(
                            "%s  %-22s %-5s v%-3d %-8s origin %s  h1 %7.2f [%7.2f, %7.2f]  h%d %7.2f%n",
                            LocalTime.now().format(CLOCK),
                            f.topology(),
                            f.model(),
                            f.version(),
                            f.series(),
                            f.origin(),
                            first.value(),
                            first.lower(),
                            first.upper(),
                            last.h(),
                            last.value());
                }
            }
        }
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
