package io.streamcast.backtest;

import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Anomaly;
import io.streamcast.emit.AnomalySerde;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastPoint;
import io.streamcast.emit.ForecastSerde;
import io.streamcast.emit.StepGrid;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.VersionedModel;
import io.streamcast.progress.ProgressBar;
import io.streamcast.topology.ForecastTopology;
import io.streamcast.topology.OriginFilter;
import io.streamcast.training.History;
import io.streamcast.training.NetworkTaskModels;
import io.streamcast.training.Pretrainer;
import io.streamcast.training.TaskModelFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Replays a data set through the same topology code the service runs (TopologyTestDriver, no
 * broker), in time order, and collects every forecast it emits at the holdout origins.
 *
 * <p>No peeking: the network may be pretrained on each series up to and including its first
 * origin; after that it learns (when online) only from examples whose actuals have arrived, and
 * only after every forecast whose origin precedes them has been emitted (the processor trains at
 * the flush safe point, after emitting). Training runs synchronously, on the stream thread, even
 * when the topology asks for background training ({@code training.async}), so a backtest is
 * deterministic.
 */
public final class BacktestRunner {
    /** What one backtest produced. */
    public record Result(
            List<ForecastRow> rows,
            BacktestScore score,
            Pretrainer.Result pretraining,
            List<ForecastRow> networkRows,
            List<Anomaly> anomalies) {}

    /** What one pass of the data through the topology emitted at the holdout origins. */
    private record Replay(List<ForecastRow> rows, List<Anomaly> anomalies) {}

    private final TopologySpec spec;
    private final double holdout;
    private final PrintStream progress;

    public BacktestRunner(TopologySpec spec, double holdout, PrintStream progress) {
        this.spec = spec;
        this.holdout = holdout;
        this.progress = progress;
    }

    /**
     * What pretraining may use: every series up to the earliest first origin of all series (and
     * never past its own first origin). One cut in time for all: series that share a shock (a
     * recession) must not teach the network about it through a series whose test period starts later.
     */
    public Map<String, double[]> historiesUpToFirstOrigin(Map<String, List<SeriesPoint>> data) {
        Instant cutoff = earliestFirstOrigin(data);
        Map<String, double[]> histories = new LinkedHashMap<>();
        data.forEach((series, points) -> {
            int first = Math.min(HoldoutProtocol.firstOriginIndex(points.size(), holdout), points.size() - 1);
            histories.put(
                    series,
                    points.subList(0, first + 1).stream()
                            .filter(p -> !p.ts().isAfter(cutoff))
                            .mapToDouble(SeriesPoint::value)
                            .toArray());
        });
        return histories;
    }

    /**
     * As {@link #historiesUpToFirstOrigin}, each value with its timestamp and the observed features
     * the topology feeds (what pretraining a topology with covariates needs).
     */
    public Map<String, History> pretrainingHistories(Map<String, List<SeriesPoint>> data) {
        Map<String, double[]> values = historiesUpToFirstOrigin(data);
        Map<String, History> histories = new LinkedHashMap<>();
        values.forEach((series, v) ->
                histories.put(series, Histories.of(data.get(series).subList(0, v.length), spec)));
        return histories;
    }

    /** The earliest timestamp at which any series is forecast: nothing trained on may be later. */
    public Instant earliestFirstOrigin(Map<String, List<SeriesPoint>> data) {
        return data.values().stream()
                // A series of one point has no origin (an event log's rare kind: one quake a week).
                .filter(points -> points.size() >= 2)
                .map(points -> points.get(HoldoutProtocol.firstOriginIndex(points.size(), holdout))
                        .ts())
                .min(Comparator.naturalOrder())
                .orElse(Instant.MAX);
    }

    /**
     * Pretrains on the part before the first origins, with the topology's corpus cut at the same
     * instant; returns the seed checkpoint every task starts from. The smoothing constants
     * pretraining fitted become the topology's for the replay.
     */
    public Pretrainer.Result pretrain(Map<String, List<SeriesPoint>> data, Duration budget) {
        // No epochs, no network to train: the corpus is not read (base-only backtests).
        PretrainingCorpus corpus = spec.training.epochs == 0
                ? PretrainingCorpus.none()
                : PretrainingCorpus.of(spec, earliestFirstOrigin(data));
        if (!corpus.series().isEmpty()) {
            progress.println(corpus.describe(spec.name));
        }
        ProgressBar bar =
                new ProgressBar("pretrain " + spec.name, "epochs", Math.max(1, spec.training.epochs), progress);
        Pretrainer.Result result = Pretrainer.trainOn(
                spec,
                pretrainingHistories(data),
                corpus.series(),
                budget,
                spec.training.maxExamples,
                (epoch, epochs, trainLoss, valLoss) -> bar.step(1));
        bar.done();
        spec.base.useFitted(result.base());
        spec.base.correctionProven = result.correctionBeatsBase(spec.training.promotionMargin);
        return result;
    }

    /**
     * Replays {@code data} through the topology with the given models and scores the forecasts.
     *
     * @param models     builds each task's model (seeded, frozen or online)
     * @param pretrained what pretraining produced, reported alongside; may be null
     */
    public Result replay(Map<String, List<SeriesPoint>> data, TaskModelFactory models, Pretrainer.Result pretrained) {
        return replay(data, models, pretrained, new TopologyMetrics(spec.name, spec.model.cell));
    }

    /**
     * As {@link #replay(Map, TaskModelFactory, Pretrainer.Result)}, recording into {@code metrics}
     * (pass the instance the online models report to, to see training, promotions and accuracy together).
     */
    public Result replay(
            Map<String, List<SeriesPoint>> data,
            TaskModelFactory models,
            Pretrainer.Result pretrained,
            TopologyMetrics metrics) {
        Replay served = replay(data, models, metrics, "replay " + spec.name);
        List<ForecastRow> rows = served.rows();
        // The base alone (an untrained network serves nothing), on the same replay: what the network must beat.
        List<ForecastRow> baseRows = replay(
                        data,
                        NetworkTaskModels.frozen(spec, null),
                        new TopologyMetrics(spec.name, spec.model.cell),
                        "base " + spec.name)
                .rows();
        StepGrid grid = spec.stepGrid();
        BacktestScore score = Scorer.score(data, rows, baseRows, spec.period, spec.horizon, holdout, grid)
                .withIntervalLevel(spec.interval.coverage)
                .withAnomalies(AnomalyTally.of(data, rows, served.anomalies()));
        List<ForecastRow> networkRows = List.of();
        if (models.ungated() != models) {
            // The network serving wherever it could, whatever the gate said: does the correction itself
            // beat the base? (Online learning trains alike in both replays: it never looks at what served.)
            networkRows = replay(
                            data,
                            models.ungated(),
                            new TopologyMetrics(spec.name, spec.model.cell),
                            "network " + spec.name)
                    .rows();
            score = score.withNetwork(Scorer.score(data, networkRows, null, spec.period, spec.horizon, holdout, grid)
                    .model());
        }
        return new Result(rows, score, pretrained, networkRows, served.anomalies());
    }

    private Replay replay(
            Map<String, List<SeriesPoint>> data, TaskModelFactory models, TopologyMetrics metrics, String label) {
        Map<String, Instant> firstOrigin = new HashMap<>();
        data.forEach((series, points) -> firstOrigin.put(
                series,
                points.size() < 2
                        ? Instant.MAX
                        : points.get(HoldoutProtocol.firstOriginIndex(points.size(), holdout))
                                .ts()));
        OriginFilter origins = (series, ts) -> !ts.isBefore(firstOrigin.get(series));
        List<TestRecord<String, String>> records = inTimeOrder(data);
        List<ForecastRow> rows = new ArrayList<>();
        List<Anomaly> anomalies = new ArrayList<>();
        Path stateDir = tempDir();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                // Synchronous training whatever the topology says: thread timing must not change a backtest's result.
                ForecastTopology.buildOnSteps(spec, metrics, models.synchronous(), origins), props(stateDir))) {
            TestInputTopic<String, String> in =
                    driver.createInputTopic(spec.input, new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, Forecast> out = driver.createOutputTopic(
                    spec.output, new StringDeserializer(), ForecastSerde.serde().deserializer());
            TestOutputTopic<String, Anomaly> flagged = driver.createOutputTopic(
                    spec.anomalies,
                    new StringDeserializer(),
                    AnomalySerde.serde().deserializer());
            ProgressBar bar = new ProgressBar(label, "records", records.size(), progress);
            for (TestRecord<String, String> r : records) {
                in.pipeInput(r);
                bar.step(1);
                if (!out.isEmpty()) {
                    out.readValuesToList().forEach(f -> toRows(f, rows));
                }
                if (!flagged.isEmpty()) {
                    anomalies.addAll(flagged.readValuesToList());
                }
            }
            // Forecasts still waiting for a batch go out on the wall-clock punctuation.
            driver.advanceWallClockTime(Duration.ofMillis(spec.batching.maxDelayMs + 1));
            out.readValuesToList().forEach(f -> toRows(f, rows));
            anomalies.addAll(flagged.readValuesToList());
            bar.done();
        } finally {
            deleteQuietly(stateDir);
        }
        return new Replay(rows, anomalies);
    }

    /** Seed checkpoint from a pretraining result (version 1). */
    public static VersionedModel seed(Pretrainer.Result pretrained) {
        return VersionedModel.of(1, pretrained.network(), true);
    }

    private static List<TestRecord<String, String>> inTimeOrder(Map<String, List<SeriesPoint>> data) {
        record Obs(String series, int order, SeriesPoint point) {}
        List<Obs> all = new ArrayList<>();
        int order = 0;
        for (Map.Entry<String, List<SeriesPoint>> e : data.entrySet()) {
            for (SeriesPoint p : e.getValue()) {
                all.add(new Obs(e.getKey(), order, p));
            }
            order++;
        }
        all.sort(Comparator.comparing((Obs o) -> o.point().ts()).thenComparingInt(Obs::order));
        List<TestRecord<String, String>> records = new ArrayList<>(all.size());
        // Record time is when a producer would have sent it (event time stays in "ts"); historic ts
        // such as 1949 would be negative record timestamps, which Kafka refuses.
        Instant sent = Instant.parse("2020-01-01T00:00:00Z");
        for (Obs o : all) {
            String json = o.point().toJson();
            records.add(new TestRecord<>(o.series(), json, sent));
            sent = sent.plusMillis(1);
        }
        return records;
    }

    private static void toRows(Forecast f, List<ForecastRow> rows) {
        for (ForecastPoint p : f.points()) {
            rows.add(new ForecastRow(
                    f.series(), f.origin(), p.h(), p.ts(), p.value(), p.lower(), p.upper(), p.quantiles()));
        }
    }

    private Properties props(Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "backtest-" + spec.name);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "backtest:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return p;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("streamcast-backtest");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }
}
