package io.streamcast.cli;

import static io.streamcast.testing.ForecastLedger.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.streamcast.bench.SyntheticSeries;
import io.streamcast.broker.EmbeddedKafkaBroker;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Anomaly;
import io.streamcast.emit.AnomalySerde;
import io.streamcast.model.ModelCheckpoint;
import io.streamcast.model.NetworkFactory;
import io.streamcast.testing.CommittedRecords;
import io.streamcast.testing.ForecastLedger;
import io.streamcast.testing.ForecastProgress;
import io.streamcast.testing.ServiceProcess;
import io.streamcast.testing.ServiceProcesses;
import io.streamcast.training.NetworkSpecs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 11's crash test: `streamcast run` as a separate OS process, killed with SIGKILL three times
 * while it replays a 52,000-observation backlog (500 series x 104 hours), restarted each time on
 * the same state directory, then left to finish. A {@code read_committed} consumer must then find
 * exactly one forecast per (series, origin) that the topology owes (stride 1: every accepted
 * observation is an origin), nothing dead-lettered (a record processed twice would be
 * {@code DUPLICATE_TS}), and model versions that never go back: per series in origin order, per
 * task in the committed model store, and per task in the models topic.
 *
 * <p>Kill points are chosen by progress (committed forecasts seen), never by elapsed time, so the
 * assertions hold however slow the machine is; only how far each transaction had got when the
 * process died varies between runs.
 *
 * <p>The topology is small (LSTM 4 units, window 8, horizon 3) so forecasts are cheap; it starts
 * from a seed checkpoint with deliberately scrambled weights (version 1), so the network forecasts
 * from the first full window and online learning soon finds candidates that beat it: versions move
 * while the process is being killed.
 */
class CrashRecoveryIT {
    private static final int SERIES = 500;
    private static final int STEPS = 104;
    private static final int PERIOD = 4;
    private static final int INPUT_PARTITIONS = 2;
    private static final String APP = "crash-it";
    private static final String NAME = "crash";
    private static final String INPUT = "crash-observations";
    private static final String OUTPUT = "crash-forecasts";
    private static final String DLQ = "crash-dlq";
    /** Left to the service to create, as in a deployment that never heard of it. */
    private static final String ANOMALIES = "crash-anomalies";
    /** Kafka Streams application id of the topology: {@code <applicationId>-<name>}. */
    private static final String APPLICATION_ID = APP + "-" + NAME;

    private static final Duration PROGRESS_TIMEOUT = Duration.ofMinutes(5);
    /**
     * The service's default; {@code -Dcrash.guarantee=at_least_once} shows what the test catches
     * (one run: 546 (series, origin) pairs forecast twice).
     */
    private static final String GUARANTEE = System.getProperty("crash.guarantee", "exactly_once_v2");

    /**
     * What is replayed: {@code series} series of {@link #STEPS} hours, {@code readingsPerStep}
     * readings an hour; with {@code aggregate} the topology aggregates them ({@code aggregate:
     * mean}), so each series' newest step is held open in the open-steps store across the kills.
     */
    private record Scenario(int series, int readingsPerStep, boolean aggregate) {
        /** The hours that are forecast origins: all of them, or with aggregation all but the last, still open. */
        int origins() {
            return aggregate ? STEPS - 1 : STEPS;
        }
    }

    @Test
    void killedWithSigkillThreeTimesWhileReplayingEveryForecastIsThereExactlyOnceAndVersionsNeverGoBack(
            @TempDir Path dir) throws Exception {
        crashThreeTimes(dir, new Scenario(SERIES, 1, false));
    }

    /**
     * The same with three readings an hour aggregated into their mean: a reading taken twice into
     * its open step after a crash would be counted twice without a trace, and one of a step already
     * closed would be dead-lettered DUPLICATE_TS.
     */
    @Test
    void aggregatingReadingsKilledThreeTimesLosesNothingAndTakesNothingTwice(@TempDir Path dir) throws Exception {
        crashThreeTimes(dir, new Scenario(SERIES, 3, true));
    }

    private void crashThreeTimes(Path dir, Scenario scenario) throws Exception {
        long started = System.nanoTime();
        int expected = scenario.series() * scenario.origins();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dir.resolve("broker"))) {
            broker.createTopics(List.of(INPUT), INPUT_PARTITIONS);
            broker.createTopics(List.of(OUTPUT, DLQ), 1);
            Path topologies = writeTopology(dir, scenario.aggregate());
            Path config = dir.resolve("streamcast.yaml");
            // Liveness only: a SIGKILLed member holds its partitions until its session times out
            // (45 s by default) before the restarted process gets them back.
            Files.writeString(
                    config,
                    "bootstrapServers: " + broker.bootstrapServers() + "\napplicationId: " + APP
                            + "\nstateDir: " + dir.resolve("state")
                            + "\nkafka:\n  consumer.session.timeout.ms: \"6000\"\n"
                            + "  consumer.heartbeat.interval.ms: \"1000\"\n" + "  processing.guarantee: " + GUARANTEE
                            + "\n");
            produceBacklog(broker.bootstrapServers(), scenario);

            double setupSeconds = (System.nanoTime() - started) / 1e9;
            ForecastProgress progress = new ForecastProgress(broker.bootstrapServers(), OUTPUT, PROGRESS_TIMEOUT);
            Path log = dir.resolve("service.log");
            List<String> killedAt = new ArrayList<>();
            // Where each run is killed: mid-run; as soon as the restarted process has committed
            // anything (just after restoring from the changelogs); and late in the backlog.
            int[] killAfterNew = {expected / 5, 1, expected / 4};
            List<String> runs = new ArrayList<>();
            for (int run = 0; run < killAfterNew.length; run++) {
                long runStart = System.nanoTime();
                ServiceProcess service = processes.start("run " + run, config, topologies, log);
                int before = progress.distinct();
                progress.awaitAtLeast(before + killAfterNew[run], List.of(service));
                int seen = progress.distinct();
                assertTrue(
                        seen < expected,
                        "run " + run + " finished the backlog before it could be killed (" + seen + " forecasts)");
                String cpu = service.cpuSeconds();
                service.kill(); // SIGKILL: no shutdown hook, no commit, no flush
                killedAt.add(seen + " (" + (seen * 100 / expected) + "%)");
                runs.add(String.format(
                        "run %d: killed at %d forecasts after %.0f s, %s CPU s",
                        run, seen, (System.nanoTime() - runStart) / 1e9, cpu));
            }
            long runStart = System.nanoTime();
            ServiceProcess last = processes.start("run " + killAfterNew.length, config, topologies, log);
            progress.awaitAtLeast(expected, List.of(last));
            runs.add(String.format(
                    "last run: done after %.0f s, %s CPU s", (System.nanoTime() - runStart) / 1e9, last.cpuSeconds()));
            // SIGTERM: the shutdown hook closes the service, committing whatever it still had.
            long stopping = System.nanoTime();
            last.stop(Duration.ofSeconds(120));
            runs.add(String.format("stop %.0f s", (System.nanoTime() - stopping) / 1e9));
            progress.close();

            // Afterwards, a fresh read_committed consumer reads everything that was committed.
            ForecastLedger ledger = ForecastLedger.of(CommittedRecords.readAll(broker.bootstrapServers(), OUTPUT));
            Map<String, Map<Instant, List<Long>>> bySeries = ledger.bySeries();
            SyntheticSeries data = new SyntheticSeries(scenario.series(), PERIOD, 11);
            List<String> missing = ledger.missing(data, scenario.origins());
            List<String> duplicated = ledger.duplicated(data, scenario.origins());
            assertEquals(List.of(), head(missing), missing.size() + " (series, origin) pairs without a forecast");
            assertEquals(
                    List.of(), head(duplicated), duplicated.size() + " (series, origin) pairs forecast more than once");
            assertEquals(expected, ledger.size(), "forecasts the topology never owed (unknown series or origins)");

            // Anomalies commit in the same transactions as the state their actual moved: none twice across the kills.
            Set<String> reported = new HashSet<>();
            List<String> reportedTwice = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readAll(broker.bootstrapServers(), ANOMALIES)) {
                Anomaly a = AnomalySerde.fromBytes(r.value());
                if (!reported.add(a.series() + "@" + a.ts())) {
                    reportedTwice.add(a.series() + "@" + a.ts());
                }
            }
            assertTrue(!reported.isEmpty(), "the noisy series have actuals outside their intervals");
            assertEquals(
                    List.of(),
                    head(reportedTwice),
                    reportedTwice.size() + " actuals reported as anomalies more than once");

            // Versions per series, in origin order: a task's model only moves forward.
            long highest = 0;
            long networkForecasts = 0;
            List<String> wentBack = new ArrayList<>();
            for (var series : bySeries.entrySet()) {
                long previous = 0;
                for (var origin : series.getValue().entrySet()) {
                    long v = origin.getValue().get(0);
                    if (v < previous) {
                        wentBack.add(series.getKey() + "@" + origin.getKey() + ": " + previous + " -> " + v);
                    }
                    previous = Math.max(previous, v);
                    highest = Math.max(highest, v);
                    networkForecasts += v > 0 ? 1 : 0;
                }
            }
            assertEquals(
                    List.of(),
                    head(wentBack),
                    "model versions went back in the forecasts of " + wentBack.size() + " origins");
            assertTrue(
                    networkForecasts > expected / 2,
                    "the network (seed checkpoint, version >= 1) made most forecasts: " + networkForecasts);

            // The committed model store of every task: its serving version only moves forward.
            Map<Integer, List<Long>> servingByTask = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r :
                    CommittedRecords.readAll(broker.bootstrapServers(), APPLICATION_ID + "-model-changelog")) {
                if (r.value() != null && "serving".equals(new String(r.key(), StandardCharsets.UTF_8))) {
                    servingByTask
                            .computeIfAbsent(r.partition(), p -> new ArrayList<>())
                            .add(ByteBuffer.wrap(r.value()).getLong());
                }
            }
            assertEquals(INPUT_PARTITIONS, servingByTask.size(), "every task stored a serving model: " + servingByTask);
            servingByTask.forEach((task, versions) ->
                    assertNonDecreasing("committed serving versions of task partition " + task, versions));
            // The models topic (written in the tasks' transactions, read committed): per task, never a lower version
            // after a higher one.
            Map<String, List<Long>> publishedByTask = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r :
                    CommittedRecords.readAll(broker.bootstrapServers(), APPLICATION_ID + "-models")) {
                publishedByTask
                        .computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), p -> new ArrayList<>())
                        .add(ByteBuffer.wrap(r.value()).getLong());
            }
            publishedByTask.forEach((task, versions) -> assertNonDecreasing("published versions of " + task, versions));

            // At least once would show here: records already in the changelogged state read again after a crash.
            List<String> deadLetters = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readAll(broker.bootstrapServers(), DLQ)) {
                Header reason = r.headers().lastHeader("streamcast.error");
                deadLetters.add((reason == null ? "?" : new String(reason.value(), StandardCharsets.UTF_8)) + ": "
                        + new String(r.value(), StandardCharsets.UTF_8));
            }
            assertEquals(
                    List.of(),
                    head(deadLetters),
                    deadLetters.size() + " dead letters (DUPLICATE_TS: a record processed twice)");

            System.out.printf(
                    "CrashRecoveryIT " + scenario
                            + ": %d forecasts exactly once after SIGKILL at %s; highest model version %d; "
                            + "serving versions committed per task %s; %.0f s in all (setup %.0f s); %s; test JVM (broker, clients) %.0f CPU s%n",
                    expected,
                    killedAt,
                    highest,
                    servingByTask,
                    (System.nanoTime() - started) / 1e9,
                    setupSeconds,
                    runs,
                    ((com.sun.management.OperatingSystemMXBean)
                                            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                                    .getProcessCpuTime()
                            / 1e9);
        }
    }

    /** Every service process started, so a failing test leaves none running. */
    private final ServiceProcesses processes = new ServiceProcesses();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        processes.close();
    }

    private static void assertNonDecreasing(String what, List<Long> versions) {
        for (int i = 1; i < versions.size(); i++) {
            if (versions.get(i) < versions.get(i - 1)) {
                fail(what + " went back: " + versions);
            }
        }
    }

    /**
     * A small LSTM topology seeded from a checkpoint whose weights are scrambled: it serves from
     * the first full window (version 1), and online candidates soon beat it, so promotions happen.
     */
    private static Path writeTopology(Path dir, boolean aggregate) throws IOException {
        Path topologies = Files.createDirectories(dir.resolve("topologies"));
        String yaml = """
                name: %s
                input: %s
                output: %s
                deadLetter: %s
                anomalies: %s
                step: PT1H
                period: %d
                window: 8
                horizon: 3
                model: { cell: lstm, hidden: 4, layers: 1%s }
                training: { online: true, batchSize: 16, learningRate: 0.01, replayRecent: 128, replayReservoir: 128 }
                """ + (aggregate ? "aggregate: mean\n" : "");
        Path file = topologies.resolve(NAME + ".yaml");
        Files.writeString(file, yaml.formatted(NAME, INPUT, OUTPUT, DLQ, ANOMALIES, PERIOD, ""));
        TopologySpec spec = YamlConfig.loadTopologies(topologies, List.of()).get(0);
        MultiLayerNetwork network = NetworkFactory.build(NetworkSpecs.of(spec));
        Nd4j.getRandom().setSeed(7);
        INDArray params = network.params();
        network.setParams(
                params.add(Nd4j.randn(params.dataType(), params.shape()).muli(0.5)));
        Path checkpoint = dir.resolve("seed.zip");
        ModelCheckpoint.save(network, checkpoint);
        Files.writeString(
                file,
                yaml.formatted(
                        NAME, INPUT, OUTPUT, DLQ, ANOMALIES, PERIOD, ", checkpoint: " + checkpoint.toAbsolutePath()));
        return topologies;
    }

    /**
     * The whole backlog, hour by hour across series, as one producer would replay it; with several
     * readings an hour, at even minutes of it and spread around the hour's value by a mean of zero.
     */
    private static void produceBacklog(String bootstrap, Scenario scenario) {
        SyntheticSeries data = new SyntheticSeries(scenario.series(), PERIOD, 11);
        int n = scenario.readingsPerStep();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int t = 0; t < STEPS; t++) {
                for (int j = 0; j < n; j++) {
                    for (int k = 0; k < scenario.series(); k++) {
                        String json = n == 1
                                ? data.json(k, t)
                                : SyntheticSeries.observationJson(
                                        SyntheticSeries.ts(t).plusSeconds(3600L * j / n),
                                        data.value(k, t) + (j - (n - 1) / 2.0));
                        producer.send(new ProducerRecord<>(INPUT, data.key(k), json));
                    }
                }
            }
            producer.flush();
        }
    }
}
