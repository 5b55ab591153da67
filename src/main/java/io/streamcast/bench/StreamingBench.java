package io.streamcast.bench;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.backtest.SeriesPoint;
import io.streamcast.broker.EmbeddedKafkaBroker;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.metrics.MetricsRegistries;
import io.streamcast.model.CheckpointMeta;
import io.streamcast.model.ModelCheckpoint;
import io.streamcast.model.VersionedModel;
import io.streamcast.progress.ProgressBar;
import io.streamcast.service.Checkpoints;
import io.streamcast.service.StreamcastService;
import io.streamcast.topology.ForecastTopology;
import io.streamcast.topology.StoreNames;
import io.streamcast.training.NetworkSpecs;
import io.streamcast.training.Pretrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * One configuration of the streaming bench against the in-process broker:
 * <ol>
 *   <li>K synthetic series x N observations produced to a fresh input topic as a backlog (by the
 *       replayer {@code demo} and {@code replay} use);</li>
 *   <li>the ceiling: a pass-through topology ({@link PassThroughTopology}) with the service's
 *       Kafka Streams settings and processing guarantee drains it; records/s;</li>
 *   <li>the real service ({@link StreamcastService}, the topology {@code run} starts) seeded from
 *       a checkpoint that {@code train}'s code path wrote, drains the same backlog; forecasts/s
 *       while the network computes them, the service's own meters, CPU, memory, state and
 *       changelog sizes;</li>
 *   <li>live: the next steps of every series paced evenly at half the measured forecast rate;
 *       end-to-end latency percentiles, produce to readable by a {@code read_committed} consumer.</li>
 * </ol>
 * The ratio is forecasts/s (network computing) over pass-through records/s, both measured in this run.
 *
 * <p>The checkpoint's correction is marked proven, so the network's forecast serves from the first
 * full window (pretraining's held-out verdict would otherwise decide, and the base could serve
 * while the network still runs). The {@code CorrectionGate} then judges on live errors as in
 * production; the share the network served is reported.
 */
public final class StreamingBench {
    /** Produces a backlog; the CLI supplies its replayer. */
    public interface Backlog {
        void produce(String bootstrapServers, Map<String, List<SeriesPoint>> series, String topic) throws Exception;
    }

    /** One configuration. {@code liveRate} 0: half the measured forecast rate. */
    public record Config(
            int series,
            int observations,
            int window,
            int horizon,
            int period,
            String cell,
            int hidden,
            int layers,
            boolean online,
            int partitions,
            String guarantee,
            double liveSeconds,
            double liveRate,
            double drainTimeoutSeconds,
            double trainSeconds,
            boolean partitionedBySeries,
            Map<String, String> streamsConfig,
            List<String> topologySettings) {
        /**
         * {@code streamsConfig}: Kafka Streams settings for both topologies on top of the service's
         * (e.g. {@code commit.interval.ms}), what an operator would put under the service config's
         * {@code kafka:}. {@code topologySettings}: topology fields as {@code backtest --set} takes
         * them ({@code training.cpuShare=0.5}), applied after the options' shape.
         */
        public Config {
            // Sorted, so the label, the JSON and the pass-through's cache key list them alike.
            streamsConfig = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(streamsConfig));
            topologySettings = List.copyOf(topologySettings);
        }

        /**
         * The same configuration on its first {@value StreamingBench#WARM_UP_SERIES} series (at most),
         * with a live phase of at most {@value StreamingBench#WARM_UP_LIVE_SECONDS} s when it has one.
         */
        Config warmUp() {
            return new Config(
                    Math.min(series, WARM_UP_SERIES),
                    observations,
                    window,
                    horizon,
                    period,
                    cell,
                    hidden,
                    layers,
                    online,
                    partitions,
                    guarantee,
                    Math.min(liveSeconds, WARM_UP_LIVE_SECONDS),
                    liveRate,
                    drainTimeoutSeconds,
                    trainSeconds,
                    partitionedBySeries,
                    streamsConfig,
                    topologySettings);
        }

        String label() {
            return String.format(
                    Locale.ROOT,
                    "K=%d N=%d %s window %d %s%s",
                    series,
                    observations,
                    cell,
                    window,
                    online ? "online" : "frozen",
                    (partitionedBySeries ? " partitioned by series" : "")
                            + (streamsConfig.isEmpty() ? "" : " " + streamsConfig)
                            + (topologySettings.isEmpty() ? "" : " " + topologySettings));
        }
    }

    private static final double LO = 0.1;
    private static final double HI = 0.9;
    /**
     * The fewest records the pass-through ceiling is timed on: several seconds of draining at the
     * 250,000-340,000 records/s a warm pass-through reaches here. With 400,000 its 10%-90% span
     * lasted about a second and the ceiling moved from 246,000 to 337,000 between runs.
     */
    static final long CEILING_MIN_RECORDS = 2_000_000;
    /** Records of the untimed pass-through drain that warms its code when the warm-up is skipped. */
    static final long WARMING_RECORDS = CEILING_MIN_RECORDS / 4;
    /** Series of the warm-up run: 160,000 observations at the 80 each, enough for C2 to compile the hot path. */
    static final int WARM_UP_SERIES = 2_000;
    /**
     * Seconds of the warm-up's live phase. Without one, the live phase's own code (live commits,
     * and the trainers, which wait while a backlog drains) compiled inside the timed live phase: the
     * JIT compilers then spent 8-13 s of the 30-second live phase (JSON {@code
     * live.jitCompileSeconds}, sixteen runs of 2026-12-05) at normal priority beside the stream thread.
     */
    static final double WARM_UP_LIVE_SECONDS = 15;

    private final EmbeddedKafkaBroker broker;
    private final Path work;
    private final long seed;
    private final Backlog backlog;
    private final Consumer<String> log;
    private final Map<String, Map<String, Object>> passThroughs = new HashMap<>();
    private final Map<String, Path> checkpoints = new HashMap<>();
    private int runs;
    private boolean warmedUp;
    private boolean warmingUp;
    /** Whether this JVM has drained a pass-through yet: the first drain runs its code cold. */
    private boolean passThroughWarm;

    private boolean ioCeiling = true;
    private double warmUpSeconds = Double.NaN;

    public StreamingBench(EmbeddedKafkaBroker broker, Path work, long seed, Backlog backlog, Consumer<String> log) {
        this.broker = broker;
        this.work = work;
        this.seed = seed;
        this.backlog = backlog;
        this.log = log;
    }

    /**
     * Whether each run also measures the second ceiling ({@link IoCeilingTopology}) after the
     * service's drain: about a minute more per configuration (on by default).
     */
    public StreamingBench measureIoCeiling(boolean on) {
        this.ioCeiling = on;
        return this;
    }

    /**
     * Starts another round of a repeated sweep: its configurations time the pass-through again
     * (within a round, configurations on the same backlog share one), so each round's ratios divide
     * by a ceiling measured in that round's conditions.
     */
    public void newRound() {
        passThroughs.clear();
    }

    /**
     * Runs {@code c} once on its first {@value #WARM_UP_SERIES} series (at most), with a live phase
     * of at most {@value #WARM_UP_LIVE_SECONDS} s, and discards the figures: the JIT compiles the
     * service's per-record path, live and with its trainers at work, before anything is timed. Cold,
     * the C2 compiler took 24 of the 88 CPU seconds of a 10,000-series drain (a JFR recording of the
     * issue's command): a cost a service pays once in its life, not per observation, charged to the
     * numerator of the ratio only (the pass-through's few classes compile within its first second).
     * Once per process; a sweep's later configurations run warm.
     */
    public void warmUp(Config c) throws Exception {
        if (warmedUp) {
            return;
        }
        warmedUp = true;
        Config small = c.warmUp();
        log.accept("[warm-up] the same configuration on " + small.series() + " series, figures discarded");
        long t0 = System.nanoTime();
        warmingUp = true;
        try {
            run(small);
        } finally {
            warmingUp = false;
        }
        warmUpSeconds = (System.nanoTime() - t0) / 1e9;
    }

    public Map<String, Object> run(Config c) throws Exception {
        int index = ++runs;
        String prefix = "bench" + index + "-";
        TopologySpec spec = spec(c, prefix);
        String passOut = prefix + "passthrough";
        String bootstrap = broker.bootstrapServers();
        // Returns once every partition has its leader; the replayer's first record per partition,
        // sent alone, is what keeps the backlog whole (KAFKA-15591, see Replayer.sendAlone).
        broker.createTopics(List.of(spec.input, spec.output, spec.anomalies, spec.deadLetter, passOut), c.partitions());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("label", c.label());
        r.put("config", c);
        long observations = (long) c.series() * c.observations();
        r.put("observations", observations);
        r.put("warmUpSeconds", warmUpSeconds);

        log.accept("[" + c.label() + "] producing the backlog: " + c.series() + " series x " + c.observations()
                + " observations");
        SyntheticSeries series = new SyntheticSeries(c.series(), c.period(), seed);
        long t0 = System.nanoTime();
        backlog.produce(bootstrap, series.points(c.observations()), spec.input);
        r.put("backlogProduceSeconds", (System.nanoTime() - t0) / 1e9);
        long landed =
                TopicSizes.of(bootstrap, List.of(spec.input)).get(spec.input).records();
        if (landed != observations) {
            throw new IllegalStateException(
                    "the backlog has " + landed + " records in " + spec.input + ", not " + observations);
        }

        ServiceConfig service = new ServiceConfig();
        service.bootstrapServers = bootstrap;
        service.applicationId = "bench" + index;
        service.stateDir = work.resolve("state" + index).toString();
        service.kafka.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, c.guarantee());
        service.kafka.putAll(c.streamsConfig());
        r.put("streamsConfig", c.streamsConfig());
        r.put("topologySettings", c.topologySettings());

        String passKey = c.series() + "x" + c.observations() + "/" + c.partitions() + "/" + c.guarantee() + "/"
                + c.streamsConfig();
        Map<String, Object> pass = passThroughs.get(passKey);
        boolean io = ioCeiling && !warmingUp;
        CeilingInput ceilingInput =
                pass == null || io ? ceilingInput(c, prefix, spec.input, series, observations) : null;
        if (pass == null) {
            Double coldRate = passThroughWarm || warmingUp ? null : warmPassThrough(c, service, ceilingInput, passOut);
            pass = passThrough(c, service, ceilingInput, passOut, "passthrough");
            if (coldRate != null) {
                pass.put("coldRecordsPerSecond", coldRate);
            }
            passThroughs.put(passKey, pass);
        } else {
            log.accept("[" + c.label() + "] pass-through: measured earlier on the same backlog");
        }
        r.put("passThrough", pass);

        Path checkpoint = checkpoint(c);
        spec.model.checkpoint = checkpoint.toString();
        VersionedModel seedModel = Checkpoints.of(spec);
        spec.base.correctionProven = true;
        r.put("pretrainedCheckpoint", checkpoint.toString());

        PrometheusMeterRegistry registry = MetricsRegistries.prometheus();
        long forecastsExpected = forecastsExpected(spec, observations, c.series());
        Map<String, Object> drain = new LinkedHashMap<>();
        Map<String, Object> live = new LinkedHashMap<>();
        try (OutputReader reader = new OutputReader(bootstrap, spec.output, true)) {
            ProgressBar bar = new ProgressBar(c.label(), "forecasts", forecastsExpected, System.err);
            reader.progress(bar);
            StreamcastService streamcast = new StreamcastService(service, registry);
            ProcessStats.Sampler sampler = new ProcessStats.Sampler(250);
            try {
                log.accept("[" + c.label() + "] streamcast draining the backlog");
                streamcast.start(List.of(spec), Map.of(spec.name, seedModel), null);
                boolean drained = reader.awaitTotal(
                        forecastsExpected, Duration.ofMillis((long) (c.drainTimeoutSeconds() * 1000)));
                bar.done();
                sampler.close();
                MeterReadings meters = MeterReadings.of(registry, spec.name);
                drain.put("drained", drained);
                drain.put("forecastsRead", reader.total());
                drain.put("seconds", sampler.wallSeconds());
                double networkRate = reader.sustainedRate(true, LO, HI);
                drain.put("forecastsPerSecond", networkRate);
                drain.put("forecastsPerSecondAllPhases", reader.sustainedRate(false, LO, HI));
                drain.put("networkPhaseSeconds", reader.spanSeconds(true));
                long networkRun = reader.networkRun();
                Map<String, Long> byModel = reader.byModel();
                drain.put("forecastsByModel", byModel);
                drain.put("networkRunForecasts", networkRun);
                drain.put("networkRunShare", reader.total() == 0 ? Double.NaN : (double) networkRun / reader.total());
                long servedByNetwork = byModel.getOrDefault(spec.model.cell, 0L);
                drain.put(
                        "networkServedShareOfNetworkRun",
                        networkRun == 0 ? Double.NaN : (double) servedByNetwork / networkRun);
                PhaseFigures.putMeters(drain, meters, sampler.wallSeconds());
                drain.put("producerWaitMs", ProducerWaits.of(streamcast).millisSince(ProducerWaits.NONE));
                drain.put(
                        "commitsPerSecond",
                        StreamCommits.of(streamcast).since(StreamCommits.NONE) / sampler.wallSeconds());
                PhaseFigures.putProcess(drain, sampler, reader.total());
                boolean liveFollows = drained && c.liveSeconds() > 0;
                if (!liveFollows) {
                    drain.put("heapAfterGcMB", mb(ProcessStats.heapAfterGcBytes()));
                }
                r.put("drain", drain);
                Map<String, Object> state =
                        StateFootprint.sizes(broker.bootstrapServers(), spec, service, observations, c);
                state.put("written", StateFootprint.written(streamcast, service.applicationIdOf(spec), observations));
                r.put("state", state);
                r.put("ratio", networkRate / ((Number) pass.get("recordsPerSecond")).doubleValue());

                if (liveFollows) {
                    double rate = c.liveRate() > 0
                            ? c.liveRate()
                            : 0.5
                                    * (Double.isFinite(networkRate) && networkRate > 0
                                            ? networkRate
                                            : (double) drain.get("forecastsPerSecondAllPhases"));
                    log.accept(String.format(
                            Locale.ROOT,
                            "[%s] live: %.1f observations/s for %.0f s",
                            c.label(),
                            rate,
                            c.liveSeconds()));
                    MeterReadings before = MeterReadings.of(registry, spec.name);
                    ProducerWaits waitsBefore = ProducerWaits.of(streamcast);
                    StreamCommits commitsBefore = StreamCommits.of(streamcast);
                    ProcessStats.Sampler liveSampler = new ProcessStats.Sampler(250);
                    long liveStart = System.currentTimeMillis();
                    reader.measureLatencyFrom(liveStart);
                    long sent = LivePacer.run(bootstrap, spec.input, series, c.observations(), rate, c.liveSeconds());
                    double sendSeconds = liveSampler.wallSeconds();
                    boolean all = reader.awaitTotal(forecastsExpected + sent, Duration.ofSeconds(30));
                    liveSampler.close();
                    live.put("targetRate", rate);
                    live.put("achievedSendRate", sent / sendSeconds);
                    live.put("sent", sent);
                    live.put("forecastsMeasured", reader.latencyCount());
                    live.put("allForecastsArrived", all);
                    double[] p = reader.latencyPercentiles(0.5, 0.95, 0.99, 1.0);
                    live.put("latencyP50Ms", p == null ? Double.NaN : p[0]);
                    live.put("latencyP95Ms", p == null ? Double.NaN : p[1]);
                    live.put("latencyP99Ms", p == null ? Double.NaN : p[2]);
                    live.put("latencyMaxMs", p == null ? Double.NaN : p[3]);
                    live.put("latencyP99MsBySecond", reader.latencyQuantileBySecond(liveStart, 0.99));
                    // Where the live phase lies in a JFR recording or a GC log of the same run.
                    live.put("startEpochMillis", liveStart);
                    PhaseFigures.putMeters(
                            live, MeterReadings.of(registry, spec.name).since(before), liveSampler.wallSeconds());
                    live.put("producerWaitMs", ProducerWaits.of(streamcast).millisSince(waitsBefore));
                    live.put(
                            "commitsPerSecond",
                            StreamCommits.of(streamcast).since(commitsBefore) / liveSampler.wallSeconds());
                    PhaseFigures.putProcess(live, liveSampler, sent);
                    // The full collection that measures the heap runs once the live phase is over. Run
                    // between the drain and the live phase, it stalled the live phase's first seconds
                    // whenever the heap could shrink (p99 by second 2.1, 1.7, 1.0 s, then 230-330 ms): G1
                    // shrank the committed heap after it (1.6 GB to 428 MB) and grew it again a second
                    // later, and touching memory committed afresh held up every thread.
                    drain.put("heapAfterGcMB", mb(ProcessStats.heapAfterGcBytes()));
                    drain.put("heapAfterGcMeasured", "after the live phase");
                } else {
                    live.put("skipped", drained ? "--live-seconds 0" : "the backlog did not drain within the timeout");
                }
                r.put("live", live);
            } finally {
                sampler.close();
                streamcast.close();
            }
            if (io && r.get("state") instanceof Map<?, ?> state && drain.get("drained") == Boolean.TRUE) {
                List<Integer> valueBytes = ioCeilingValueBytes(state);
                Map<String, Object> ceiling = ioCeiling(
                        c, service, ceilingInput, prefix + "io-ceiling", valueBytes, Duration.parse(spec.step));
                r.put("ioCeiling", ceiling);
                r.put(
                        "ratioToIoCeiling",
                        ((Number) drain.get("forecastsPerSecond")).doubleValue()
                                / ((Number) ceiling.get("recordsPerSecond")).doubleValue());
            }
        } finally {
            cleanUp(prefix, service);
        }
        return r;
    }

    /**
     * The value sizes the I/O ceiling rewrites per record: what each of the service's changelogs
     * written once per observation (a series' state, its remembered forecasts) carried per record
     * on the wire in this run. Random bytes of that size compress as little as the service's floats.
     */
    static List<Integer> ioCeilingValueBytes(Map<?, ?> state) {
        List<Integer> sizes = new ArrayList<>();
        if (state.get("written") instanceof Map<?, ?> written && written.get("topics") instanceof Map<?, ?> topics) {
            for (String store : List.of(StoreNames.SERIES, StoreNames.REMEMBERED)) {
                if (topics.get(store + "-changelog") instanceof Map<?, ?> t
                        && t.get("bytesPerRecord") instanceof Number n
                        && Double.isFinite(n.doubleValue())) {
                    sizes.add((int) Math.round(n.doubleValue()));
                }
            }
        }
        return sizes;
    }

    private Map<String, Object> ioCeiling(
            Config c, ServiceConfig service, CeilingInput in, String output, List<Integer> valueBytes, Duration step)
            throws Exception {
        long expected = in.records();
        broker.createTopics(List.of(output), c.partitions());
        log.accept("[" + c.label() + "] I/O ceiling draining " + expected + " records (stores of " + valueBytes
                + " bytes per value, a forecast of " + c.horizon() + " points per record)");
        TopologySpec named = new TopologySpec();
        named.name = "io-ceiling";
        Properties props = ForecastTopology.streamsConfig(service, named, null);
        Path stateDir = Path.of(service.stateDir)
                .resolveSibling(Path.of(service.stateDir).getFileName() + "-io");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("records", expected);
        r.put("valueBytes", valueBytes);
        r.put("horizon", c.horizon());
        drain(
                c,
                "I/O ceiling",
                IoCeilingTopology.build(in.topic(), output, valueBytes, c.horizon(), step),
                props,
                output,
                expected,
                r,
                // Its own directory, deleted whole: KafkaStreams.cleanUp() warns about RocksDB files
                // it finds there right after the close.
                streams -> deleteQuietly(stateDir));
        return r;
    }

    /**
     * Runs a ceiling topology until {@code output} holds {@code expected} records (or the drain
     * timeout passes) and puts the drain's figures into {@code r}; {@code cleanUp} runs once it is
     * closed.
     */
    private void drain(
            Config c,
            String what,
            Topology topology,
            Properties props,
            String output,
            long expected,
            Map<String, Object> r,
            Consumer<KafkaStreams> cleanUp)
            throws Exception {
        try (OutputReader reader = new OutputReader(broker.bootstrapServers(), output, false)) {
            ProgressBar bar = new ProgressBar(what, "records", expected, System.err);
            reader.progress(bar);
            KafkaStreams streams = new KafkaStreams(topology, props);
            ProcessStats.Sampler sampler = new ProcessStats.Sampler(250);
            try {
                streams.start();
                boolean drained =
                        reader.awaitTotal(expected, Duration.ofMillis((long) (c.drainTimeoutSeconds() * 1000)));
                bar.done();
                sampler.close();
                r.put("drained", drained);
                r.put("recordsRead", reader.total());
                r.put("recordsPerSecond", reader.sustainedRate(false, LO, HI));
                r.put("recordsPerSecondFirstToLast", reader.total() / reader.spanSeconds(false));
                r.put("seconds", sampler.wallSeconds());
                PhaseFigures.putProcess(r, sampler, reader.total());
            } finally {
                sampler.close();
                streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(30)));
                cleanUp.accept(streams);
            }
        }
    }

    /** A topic the ceiling is measured on, and how many records it holds. */
    private record CeilingInput(String topic, long records) {}

    /**
     * The backlog itself when it is large enough to time a pass-through drain; else the same
     * series, produced with as many more observations each as make {@value #CEILING_MIN_RECORDS}
     * records to a topic of their own. A pass-through drains a few thousand records in a fraction
     * of a second: start-up, fetch sizes and the commit interval (records become readable per
     * transaction) decided what it measured, between 19,000 and 344,000 records/s from one
     * {@code --quick} run to the next, and with it the ratio. Its cost per record does not depend
     * on how many observations a series has, so the longer replay measures the same ceiling.
     */
    private CeilingInput ceilingInput(
            Config c, String prefix, String backlogTopic, SyntheticSeries series, long observations) throws Exception {
        if (observations >= CEILING_MIN_RECORDS) {
            return new CeilingInput(backlogTopic, observations);
        }
        int steps = (int) Math.ceil((double) CEILING_MIN_RECORDS / c.series());
        String topic = prefix + "ceiling-observations";
        broker.createTopics(List.of(topic), c.partitions());
        log.accept("[" + c.label() + "] producing the ceiling's backlog: the same " + c.series() + " series x " + steps
                + " observations (" + observations + " are too few to time a pass-through drain)");
        backlog.produce(broker.bootstrapServers(), series.points(steps), topic);
        return new CeilingInput(topic, (long) steps * c.series());
    }

    /**
     * Drains part of the ceiling's backlog through the pass-through untimed, so that the timed drain
     * after it runs warm; returns the cold rate. Needed without the warm-up (--quick): the first
     * pass-through drain of a JVM ran at 116,000-137,000 records/s where a second one in the same
     * run reached 315,000-377,000; with the warm-up two drains in a row agree within 3%
     * (2026-12-04). A ratio over a cold ceiling flatters the service. A quarter of the records
     * warms it as well as all of them, for a quarter of the time.
     */
    private double warmPassThrough(Config c, ServiceConfig service, CeilingInput ceilingInput, String passOut)
            throws Exception {
        broker.createTopics(List.of(passOut + "-untimed"), c.partitions());
        CeilingInput warming =
                new CeilingInput(ceilingInput.topic(), Math.min(ceilingInput.records(), WARMING_RECORDS));
        Map<String, Object> cold = passThrough(c, service, warming, passOut + "-untimed", "passthrough-untimed");
        double coldRate = ((Number) cold.get("recordsPerSecond")).doubleValue();
        log.accept("[" + c.label() + "] that drain warmed the pass-through's code (" + Math.round(coldRate)
                + " records/s cold); timing it again");
        return coldRate;
    }

    /** Drains the ceiling's input through a pass-through topology of application name {@code name}. */
    private Map<String, Object> passThrough(
            Config c, ServiceConfig service, CeilingInput in, String output, String name) throws Exception {
        String input = in.topic();
        long expected = in.records();
        log.accept("[" + c.label() + "] pass-through draining " + expected + " records");
        TopologySpec named = new TopologySpec();
        named.name = name;
        // The service's Kafka Streams settings (commit interval, linger, guarantee), another application id.
        Properties props = ForecastTopology.streamsConfig(service, named, null);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("records", expected);
        // What latency and the ceiling hang on, as both topologies got it (the service's, or --streams-config).
        r.put("commitIntervalMs", String.valueOf(props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)));
        drain(
                c,
                "pass-through",
                PassThroughTopology.build(input, output),
                props,
                output,
                expected,
                r,
                KafkaStreams::cleanUp);
        passThroughWarm = true;
        return r;
    }

    /**
     * The bench's topology: the options' shape, then the {@code --set} settings, the service's
     * defaults for everything else; read as a topology file is, so a setting is validated alike.
     */
    static TopologySpec spec(Config c, String prefix) {
        // The replayer keys every record by its series with the Java client's partitioner:
        // partitionedBySeries' promise holds.
        String yaml = String.format(
                Locale.ROOT,
                """
                name: bench
                input: %1$sobservations
                output: %1$sforecasts
                deadLetter: %1$sdlq
                anomalies: %1$sanomalies
                step: PT1H
                period: %2$d
                window: %3$d
                horizon: %4$d
                partitionedBySeries: %5$s
                model: { cell: %6$s, hidden: %7$d, layers: %8$d }
                training: { online: %9$s }
                """,
                prefix,
                c.period(),
                c.window(),
                c.horizon(),
                c.partitionedBySeries(),
                c.cell(),
                c.hidden(),
                c.layers(),
                c.online());
        return YamlConfig.parseTopology(yaml, c.topologySettings());
    }

    /**
     * A checkpoint as {@code train} writes it (network plus metadata: the base's fitted constants),
     * pretrained on a few other synthetic series within the time budget; one per network shape.
     */
    private Path checkpoint(Config c) throws IOException {
        String key = c.cell() + "-w" + c.window() + "-h" + c.horizon() + "-p" + c.period() + "-u" + c.hidden() + "-l"
                + c.layers()
                // --set may change the network's shape; the key is also the checkpoint's file name.
                + (c.topologySettings().isEmpty()
                        ? ""
                        : "-s" + Integer.toHexString(c.topologySettings().hashCode()));
        Path cached = checkpoints.get(key);
        if (cached != null) {
            return cached;
        }
        TopologySpec spec = spec(c, "pretrain-");
        spec.training.epochs = 40;
        SyntheticSeries history = new SyntheticSeries(8, c.period(), seed + 1);
        int steps = NetworkSpecs.encoder(spec).stateCapacity() + 10 * c.period();
        ProgressBar bar = new ProgressBar("pretrain " + key, "epochs", spec.training.epochs, System.err);
        Pretrainer.Result result = Pretrainer.train(
                spec,
                history.histories(steps),
                Duration.ofMillis((long) (c.trainSeconds() * 1000)),
                2000,
                (e, n, tl, vl) -> bar.step(1));
        bar.done();
        Path file = work.resolve("checkpoint-" + key + ".zip");
        ModelCheckpoint.save(result.network(), file);
        new CheckpointMeta(
                        result.smoothing(),
                        result.correctionBeatsBase(spec.training.promotionMargin),
                        // Without the pretraining series' own constants: those series share
                        // names, not data, with the benched ones.
                        SyntheticSeries.ts(steps - 1))
                .writeTo(file.toFile());
        log.accept(String.format(
                Locale.ROOT,
                "pretrained %s: %d epochs on %d windows, validation MAE %.4f vs base %.4f",
                key,
                result.epochs(),
                result.examples(),
                result.validationMae(),
                result.baselineMae()));
        checkpoints.put(key, file);
        return file;
    }

    /** Deletes the configuration's topics, internal topics and state, so a long sweep does not fill the disk. */
    private void cleanUp(String prefix, ServiceConfig service) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            List<String> doomed = new ArrayList<>();
            for (String t : admin.listTopics().names().get()) {
                if (t.startsWith(prefix) || t.startsWith(service.applicationId + "-")) {
                    doomed.add(t);
                }
            }
            admin.deleteTopics(doomed).all().get();
        } catch (Exception e) {
            log.accept("could not delete the bench topics: " + e.getMessage());
        }
        deleteQuietly(Path.of(service.stateDir));
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // temporary files only
        }
    }

    static double mb(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / (1024.0 * 1024.0);
    }

    /**
     * The forecasts a drain of {@code observations} (one a step of each of {@code series}) brings:
     * one per observation, except that a topology making its steps from readings ({@code
     * aggregate}) forecasts a step once a later reading closes it, so each series' last step stays
     * open. `bench --set aggregate=mean` waited for those until its drain timed out.
     */
    static long forecastsExpected(TopologySpec spec, long observations, int series) {
        return spec.aggregationValue() == null ? observations : observations - series;
    }
}
