package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Forecast;
import io.streamcast.metrics.MetricNames;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.VersionedModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mixed, bidirectional stack with attention goes the whole way: pretrained from histories, then
 * forecasting through the topology while it learns online (tiny budgets: this is about the plumbing).
 */
class ArchitectureTrainingTest {
    private static final int SERIES = 4;

    @TempDir
    Path stateDir;

    @Test
    void pretrainsThenForecastsAndLearnsOnlineThroughTheTopology() {
        TopologySpec spec = YamlConfig.parseTopology("""
                name: arch-train
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                model: { cell: [gru, lstm], hidden: 4, bidirectional: true, attention: additive }
                training: { async: false, epochs: 2, batchSize: 8, shadowWindow: 12, replayRecent: 64, replayReservoir: 64 }
                batching: { maxBatch: 64 }
                """, List.of());
        Random noise = new Random(3);
        Map<String, double[]> histories = new LinkedHashMap<>();
        for (int s = 0; s < SERIES; s++) {
            double[] y = new double[80];
            for (int h = 0; h < y.length; h++) {
                y[h] = value(s, h, noise);
            }
            histories.put("s" + s, y);
        }
        Pretrainer.Result pretrained = Pretrainer.train(spec, histories, null, null);
        assertEquals(2, pretrained.epochs(), "both epochs ran");
        VersionedModel seed = VersionedModel.of(1, pretrained.network(), true);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = new TopologyMetrics(spec.name, spec.model.cell);
        metrics.bindTo(registry);
        try (TopologyRun run = new TopologyRun(
                spec,
                new NetworkTaskModels(spec, seed, metrics.training()).correctionProven(true),
                metrics,
                stateDir)) {
            for (int h = 0; h < 60; h++) {
                for (int s = 0; s < SERIES; s++) {
                    run.send("s" + s, h, value(s, h, noise));
                }
                run.flush();
            }
            List<Forecast> forecasts = run.forecasts;
            assertEquals(60 * SERIES, forecasts.size());
            assertTrue(forecasts.stream().anyMatch(f -> f.model().equals("gru-lstm")), "the network served");
            assertFalse(
                    forecasts.stream().flatMap(f -> f.points().stream()).anyMatch(p -> !Double.isFinite(p.value())),
                    "every forecast is a number");
            double updates = registry.find(MetricNames.TRAINING_UPDATES).counters().stream()
                            .mapToDouble(c -> c.count())
                            .sum()
                    + registry.find(MetricNames.TRAINING_UPDATES).functionCounters().stream()
                            .mapToDouble(c -> c.count())
                            .sum();
            assertTrue(updates > 0, "online learning stepped the network: " + updates);
        } finally {
            metrics.close();
        }
    }

    private static double value(int series, int hour, Random noise) {
        return 100 + 10 * Math.sin(2 * Math.PI * hour / 4.0 + series) + noise.nextGaussian();
    }
}
