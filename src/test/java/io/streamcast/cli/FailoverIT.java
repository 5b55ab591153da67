package io.streamcast.cli;

import static io.streamcast.testing.ForecastLedger.head;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.bench.SyntheticSeries;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.testing.Await;
import io.streamcast.testing.CommittedRecords;
import io.streamcast.testing.ForecastLedger;
import io.streamcast.testing.ForecastProgress;
import io.streamcast.testing.GroupAssignments;
import io.streamcast.testing.PacedFeed;
import io.streamcast.testing.ServiceProcess;
import io.streamcast.testing.ServiceProcesses;
import io.streamcast.testing.TestKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's failover test: two {@code streamcast run} processes with the same application id
 * (own HTTP ports and state directories) share a 4-partition input topic while a live feed of 300
 * series goes on. One is killed with SIGKILL mid-feed; the survivor must take over every partition
 * and become ready again; then a replacement joins, partitions move onto it, and the survivor is
 * ready again. A {@code read_committed} consumer must find exactly one forecast per (series,
 * origin) owed (stride 1: every observation is an origin) and no dead letters (an observation
 * processed twice would be a DUPLICATE_TS).
 *
 * <p>Every step waits on progress or on the group's state, never on elapsed time: the kill comes
 * once forecasts flow and both instances hold partitions, whatever the machine's speed. The
 * topology is the small one without a checkpoint (the base forecasts) to keep it fast.
 */
class FailoverIT {
    private static final int SERIES = 300;
    private static final int PERIOD = 4;
    private static final int PARTITIONS = 4;
    /** One step of every series per pace: 750 observations/s, a live feed, not a backlog. */
    private static final Duration PACE = Duration.ofMillis(400);
    /** Only a bound on the feed if the test hangs; it is stopped long before. */
    private static final int MAX_STEPS = 400;

    private static final String APP = "failover-it";
    private static final String NAME = "failover";
    private static final String APPLICATION_ID = APP + "-" + NAME;
    /** Bounds on hangs, not measurements: two busy cores shared with other builds. */
    private static final Duration STALL = Duration.ofMinutes(3);

    private static final Duration REBALANCE = Duration.ofMinutes(2);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ServiceProcesses processes = new ServiceProcesses();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        processes.close();
    }

    @Test
    @SuppressWarnings(
            "try") // KafkaClusterTestKit.close() declares InterruptedException; the test declares Exception anyway
    void theSurvivorOfASigkillTakesOverEveryPartitionAndAReplacementTakesSomeBackWithEveryForecastExactlyOnce(
            @TempDir Path dir) throws Exception {
        long started = System.nanoTime();
        TopologySpec spec = YamlConfig.parseTopology(topologyYaml(), List.of());
        SyntheticSeries data = new SyntheticSeries(SERIES, PERIOD, 13);
        List<String> timeline = new ArrayList<>();
        try (KafkaClusterTestKit cluster = TestKafka.start();
                Admin admin = cluster.admin()) {
            String bootstrap = cluster.bootstrapServers();
            TestKafka.createTopics(cluster, spec, PARTITIONS);
            Path topologies = Files.createDirectories(dir.resolve("topologies"));
            Files.writeString(topologies.resolve(NAME + ".yaml"), topologyYaml());
            Set<TopicPartition> partitions = taskPartitions(spec);

            ServiceProcess first =
                    processes.start("instance a", config(dir, "a", bootstrap), topologies, dir.resolve("a.log"));
            ServiceProcess doomed =
                    processes.start("instance b", config(dir, "b", bootstrap), topologies, dir.resolve("b.log"));
            int firstPort = first.httpPort(STALL);
            doomed.httpPort(STALL);
            mark(timeline, started, "both running");

            try (PacedFeed feed = PacedFeed.start(bootstrap, data, spec.input, PACE, MAX_STEPS);
                    ForecastProgress progress = new ForecastProgress(bootstrap, spec.output, STALL)) {
                awaitGroup(admin, "both instances hold partitions", 2, partitions, List.of(first, doomed));
                // Kill mid-flow: forecasts committed and the feed going on.
                progress.awaitAtLeast(5 * SERIES, List.of(first, doomed));
                int killedAt = progress.distinct();
                doomed.kill();
                mark(timeline, started, "b killed at " + killedAt + " forecasts, " + feed.steps() + " steps fed");

                // A SIGKILLed member leaves nothing behind: the survivor gets its partitions once its session times
                // out.
                awaitGroup(admin, "the survivor holds every partition", 1, partitions, List.of(first));
                awaitReady(first, firstPort);
                mark(timeline, started, "a holds all and is ready");
                // Steps fed after the kill, forecast for every series: the dead member's partitions are served.
                int aloneUpTo = feed.steps() + 2;
                progress.awaitSteps(data, aloneUpTo, List.of(first));
                mark(timeline, started, "a alone forecast every series up to step " + aloneUpTo);

                ServiceProcess replacement =
                        processes.start("instance c", config(dir, "c", bootstrap), topologies, dir.resolve("c.log"));
                int replacementPort = replacement.httpPort(STALL);
                awaitGroup(admin, "the replacement holds partitions again", 2, partitions, List.of(first, replacement));
                awaitReady(first, firstPort);
                awaitReady(replacement, replacementPort);
                mark(timeline, started, "c holds some, both ready");
                // The feed goes on while both serve; then the replacement must have done some of the work.
                int sharedUpTo = feed.steps() + 2;
                progress.awaitSteps(data, sharedUpTo, List.of(first, replacement));
                assertTrue(forecastsEmitted(replacementPort) > 0, "the replacement emitted no forecast");
                mark(timeline, started, "a and c forecast every series up to step " + sharedUpTo);

                int steps = feed.stop();
                int owed = SERIES * steps;
                mark(timeline, started, "feed stopped at " + steps + " steps");
                progress.awaitAtLeast(owed, List.of(first, replacement));
                mark(timeline, started, "all " + owed + " forecasts committed");

                ForecastLedger ledger = ForecastLedger.of(CommittedRecords.readAll(bootstrap, spec.output));
                List<String> missing = ledger.missing(data, steps);
                List<String> duplicated = ledger.duplicated(data, steps);
                assertEquals(List.of(), head(missing), missing.size() + " (series, origin) pairs without a forecast");
                assertEquals(
                        List.of(),
                        head(duplicated),
                        duplicated.size() + " (series, origin) pairs forecast more than once");
                assertEquals(owed, ledger.size(), "forecasts the topology never owed (unknown series or origins)");
                assertEquals(
                        List.of(),
                        head(deadLetters(bootstrap, spec.deadLetter)),
                        "dead letters (DUPLICATE_TS: a record processed twice)");
                System.out.printf(
                        "FailoverIT: %d forecasts exactly once across a SIGKILL and a replacement; %s; %.0f s in all; CPU s a %s, c %s%n",
                        owed,
                        timeline,
                        (System.nanoTime() - started) / 1e9,
                        first.cpuSeconds(),
                        replacement.cpuSeconds());
            }
        }
    }

    /** The small topology the other reliability tests use, without a checkpoint: the base forecasts, nothing to train. */
    private static String topologyYaml() {
        return """
                name: %s
                input: failover-observations
                output: failover-forecasts
                deadLetter: failover-dlq
                step: PT1H
                period: %d
                window: 8
                horizon: 3
                model: { cell: lstm, hidden: 4, layers: 1 }
                training: { online: false }
                """.formatted(NAME, PERIOD);
    }

    /**
     * One instance's config: the same application id as its peers, its own state directory.
     * The session timeout bounds how long a SIGKILLed member holds its partitions (45 s by default).
     * The huge acceptable recovery lag lets a replacement with an empty state directory count as
     * caught up, so tasks move to it at once rather than after warm-up and a probing rebalance
     * (10 minutes by default).
     */
    private static Path config(Path dir, String instance, String bootstrap) throws IOException {
        Path config = dir.resolve("streamcast-" + instance + ".yaml");
        Files.writeString(
                config,
                "bootstrapServers: " + bootstrap + "\napplicationId: " + APP + "\nstateDir: "
                        + dir.resolve("state-" + instance) + "\nkafka:\n  consumer.session.timeout.ms: \"6000\"\n"
                        + "  consumer.heartbeat.interval.ms: \"1000\"\n  acceptable.recovery.lag: \"1000000000\"\n");
        return config;
    }

    /** The partitions the application's tasks consume: the input topic's and the by-series repartition topic's. */
    private static Set<TopicPartition> taskPartitions(TopologySpec spec) {
        Set<TopicPartition> partitions = new HashSet<>();
        IntStream.range(0, PARTITIONS).forEach(p -> {
            partitions.add(new TopicPartition(spec.input, p));
            partitions.add(new TopicPartition(APPLICATION_ID + "-by-series-repartition", p));
        });
        return partitions;
    }

    private static void awaitGroup(
            Admin admin, String what, int members, Set<TopicPartition> partitions, List<ServiceProcess> alive)
            throws InterruptedException {
        GroupAssignments[] last = {null};
        Await.until(
                what,
                REBALANCE,
                () -> {
                    alive.forEach(FailoverIT::assertAlive);
                    last[0] = GroupAssignments.of(admin, APPLICATION_ID);
                    return last[0].members() == members && last[0].everyMemberHoldsSome() && last[0].cover(partitions);
                },
                () -> "group: " + last[0] + "\n" + tails(alive));
    }

    private static void awaitReady(ServiceProcess process, int port) throws InterruptedException {
        String[] last = {null};
        Await.until(
                process + " answers /ready with 200",
                REBALANCE,
                () -> {
                    assertAlive(process);
                    HttpResponse<String> r = HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    last[0] = r.statusCode() + " " + r.body();
                    return r.statusCode() == 200 && r.body().contains("\"READY\"");
                },
                () -> "last answer: " + last[0] + "\n" + process.tail());
    }

    /** The replacement's own count of forecasts it emitted ({@code streamcast_forecasts_emitted_total} on /metrics). */
    private static double forecastsEmitted(int port) throws IOException, InterruptedException {
        String metrics = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return metrics.lines()
                .filter(l -> l.startsWith("streamcast_forecasts_emitted_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static void assertAlive(ServiceProcess process) {
        if (!process.isAlive()) {
            throw new AssertionError(process + " exited with status " + process.exitValue() + ":\n" + process.tail());
        }
    }

    private static String tails(List<ServiceProcess> processes) {
        return String.join(
                "\n", processes.stream().map(p -> p + ":\n" + p.tail()).toList());
    }

    private static List<String> deadLetters(String bootstrap, String topic) {
        List<String> letters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readAll(bootstrap, topic)) {
            Header reason = r.headers().lastHeader("streamcast.error");
            letters.add((reason == null ? "?" : new String(reason.value(), StandardCharsets.UTF_8)) + ": "
                    + new String(r.value(), StandardCharsets.UTF_8));
        }
        return letters;
    }

    private static void mark(List<String> timeline, long started, String event) {
        timeline.add(String.format("%s at %.0f s", event, (System.nanoTime() - started) / 1e9));
    }
}
