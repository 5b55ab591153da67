package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.cli.StreamcastCommand;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Forecast;
import io.streamcast.model.ModelCheckpoint;
import io.streamcast.model.VersionedModel;
import io.streamcast.model.WindowEncoder;
import io.streamcast.series.SeriesState;
import io.streamcast.series.SmoothingParams;
import io.streamcast.service.Checkpoints;
import io.streamcast.training.NetworkTaskModels;
import io.streamcast.training.TrainingEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Global warm start: {@code train} fits one network across many series; a topology started from
 * that checkpoint serves the network's correction for a series the checkpoint never saw from the
 * series' first full window (the checkpoint's correction was proven on held-out windows), and
 * online learning then adapts the network to the new series (a promoted version whose forecasts
 * are no longer the checkpoint's).
 *
 * <p>The data: a season of 4 around a level, plus a slow swing the base (fixed here: a slow level,
 * alpha 0.2) lags behind, so its one-step errors persist and there is a correction to learn. The
 * new series have their own levels and swings: the checkpoint's correction carries over from the
 * first window, and online learning has something left to learn.
 */
class WarmStartTopologyTest {
    private static final String YAML = """
            name: warm
            step: PT1H
            period: 4
            window: 8
            horizon: 3
            model: { cell: lstm, hidden: 8, layers: 1, checkpoint: warm.zip }
            base: { alpha: 0.2, beta: 0.01, gamma: 0.1, phi: 0.9, transform: none }
            training: { online: false, epochs: 10, batchSize: 32, learningRate: 0.01, shadowWindow: 16, replayRecent: 64, replayReservoir: 64 }
            batching: { maxBatch: 16, maxDelayMs: 50 }
            """;
    private static final List<String> NEW_SERIES = List.of("d", "e", "f");

    @TempDir
    Path dir;

    /**
     * Hourly values of one series: a level, a season of 4, a slow swing of {@code swing} hours the
     * base (a season of 4, slow level) lags behind, and a little noise.
     */
    private static double[] series(double level, double swing, long seed, int hours) {
        Random random = new Random(seed);
        double[] values = new double[hours];
        for (int t = 0; t < hours; t++) {
            values[t] = level
                    + 5 * Math.sin(2 * Math.PI * t / 4)
                    + 10 * Math.sin(2 * Math.PI * t / swing)
                    + random.nextGaussian();
        }
        return values;
    }

    private Path trainCheckpoint() throws IOException {
        Path topology = dir.resolve("warm.yaml");
        Files.writeString(topology, YAML);
        StringBuilder csv = new StringBuilder("series,ts,value\n");
        Map<String, double[]> trained = new LinkedHashMap<>();
        trained.put("a", series(100, 40, 1, 180));
        trained.put("b", series(40, 50, 2, 180));
        trained.put("c", series(250, 60, 3, 180));
        trained.forEach((name, values) -> {
            for (int t = 0; t < values.length; t++) {
                csv.append(name)
                        .append(',')
                        .append(TopologyHarness.T0.plus(Duration.ofHours(t)))
                        .append(',')
                        .append(values[t])
                        .append('\n');
            }
        });
        Path data = dir.resolve("train.csv");
        Files.writeString(data, csv);
        int status = StreamcastCommand.commandLine()
                .execute(
                        "train",
                        "--topology",
                        topology.toString(),
                        "--data",
                        data.toString(),
                        "--out",
                        dir.resolve("warm.zip").toString());
        assertEquals(0, status, "train");
        return topology;
    }

    @Test
    void aNewSeriesGetsTheCheckpointsNetworkFromItsFirstFullWindowAndOnlineLearningAdaptsIt() throws Exception {
        Path topology = trainCheckpoint();
        // What `run` does with the topology: the seed from model.checkpoint, its base and verdict, online on.
        TopologySpec spec = YamlConfig.loadTopology(topology, List.of("training.online=true"));
        VersionedModel seed = Checkpoints.of(spec);
        assertTrue(spec.base.correctionProven, "the correction beat the base on train's held-out windows");
        MultiLayerNetwork checkpoint = ModelCheckpoint.load(dir.resolve("warm.zip"));
        NetworkTaskModels models = NetworkTaskModels.forSpec(spec, seed, TrainingEvents.NONE)
                .correctionProven(spec.base.correctionProven)
                .synchronous();

        int hours = 300;
        Map<String, double[]> fresh = new LinkedHashMap<>();
        for (int i = 0; i < NEW_SERIES.size(); i++) {
            fresh.put(NEW_SERIES.get(i), series(60 + 70 * i, 30 + 20 * i, 10 + i, hours));
        }
        List<Forecast> forecasts = new ArrayList<>();
        try (TopologyHarness run = new TopologyHarness(spec, models, dir.resolve("state"))) {
            for (int t = 0; t < hours; t++) {
                for (Map.Entry<String, double[]> s : fresh.entrySet()) {
                    run.sendAt(s.getKey(), TopologyHarness.T0.plus(Duration.ofHours(t)), s.getValue()[t], 1000L + t);
                }
                run.flushAndReadRecords().forEach(r -> forecasts.add(r.value()));
            }
        }

        WindowEncoder encoder = new WindowEncoder(spec.window, spec.period, spec.horizon, spec.model.clamp);
        int firstFullWindow = encoder.historyNeeded() - 1;
        for (String name : NEW_SERIES) {
            List<Forecast> own =
                    forecasts.stream().filter(f -> f.series().equals(name)).toList();
            Forecast first = own.stream()
                    .filter(f -> f.origin().equals(TopologyHarness.T0.plus(Duration.ofHours(firstFullWindow))))
                    .findFirst()
                    .orElseThrow();
            assertEquals("lstm", first.model(), name + ": the checkpoint's network serves its first full window");
            assertEquals(1, first.version(), "the checkpoint's version");
            assertTrue(
                    own.stream()
                            .filter(f -> f.origin().isBefore(first.origin()))
                            .noneMatch(f -> f.model().equals("lstm")),
                    "no network before the window is full");
            Expected expected = expected(spec, encoder, checkpoint, fresh.get(name), firstFullWindow);
            for (int h = 0; h < spec.horizon; h++) {
                assertEquals(expected.network[h], first.points().get(h).value(), 1e-3, name + " h=" + (h + 1));
                assertTrue(
                        Math.abs(expected.network[h] - expected.base[h]) > 1e-2,
                        "the correction is not zero: " + expected.network[h] + " vs base " + expected.base[h]);
            }
        }

        Forecast promoted = forecasts.stream()
                .filter(f -> f.version() > 1 && f.model().equals("lstm"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no promoted version served; versions "
                        + forecasts.stream().map(Forecast::version).distinct().toList()));
        int origin =
                (int) Duration.between(TopologyHarness.T0, promoted.origin()).toHours();
        Expected before = expected(spec, encoder, checkpoint, fresh.get(promoted.series()), origin);
        double moved = 0;
        for (int h = 0; h < spec.horizon; h++) {
            moved = Math.max(
                    moved, Math.abs(before.network[h] - promoted.points().get(h).value()));
        }
        assertTrue(
                moved > 1e-3, "version " + promoted.version() + " forecasts what the checkpoint did: weights unmoved");
    }

    private record Expected(double[] network, double[] base) {}

    /**
     * What the checkpoint's network forecasts at {@code origin} of {@code values}, computed apart
     * from the topology: the series state rebuilt value by value, the window encoded, DL4J's own
     * forward pass (the task serves through fused loops) and the correction decoded onto the base.
     */
    private static Expected expected(
            TopologySpec spec, WindowEncoder encoder, MultiLayerNetwork network, double[] values, int origin) {
        SmoothingParams params = spec.base.params();
        SeriesState state = new SeriesState(spec.period, params.log());
        for (int t = 0; t <= origin; t++) {
            state.append(
                    TopologyHarness.T0.plus(Duration.ofHours(t)).toEpochMilli(),
                    values[t],
                    encoder.stateCapacity(),
                    spec.period,
                    spec.horizon,
                    params);
        }
        int need = encoder.historyNeeded();
        float[] x = new float[WindowEncoder.FEATURES * spec.window];
        WindowEncoder.Norm norm =
                encoder.encode(state.last(need), state.lastResiduals(spec.window), state.smoothing(), params, x, 0);
        float[] z = network.output(Nd4j.create(x, new long[] {1, WindowEncoder.FEATURES, spec.window}, 'c'))
                .toFloatVector();
        double[] corrected = new double[spec.horizon];
        double[] base = new double[spec.horizon];
        for (int h = 0; h < spec.horizon; h++) {
            corrected[h] = norm.decode(h, z[h]);
            base[h] = norm.baseForecast(h);
        }
        return new Expected(corrected, base);
    }
}
