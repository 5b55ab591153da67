package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Forecast;
import io.streamcast.metrics.MetricNames;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.NetworkArchitecture;
import io.streamcast.model.VersionedModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The autoregressive and seq2seq decoders go the whole way: pretrained from histories with
 * scheduled sampling, then forecasting every series through the topology (H values per window,
 * named by the stack) while learning online with the fed-back share metered (tiny budgets: this is
 * about the plumbing).
 */
class DecoderTrainingTest {
    private static final int SERIES = 3;
    private static final int HOURS = 50;

    @TempDir
    Path stateDir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"autoregressive", "seq2seq"})
    void pretrainsThenForecastsEverySeriesAndLearnsOnlineThroughTheTopology(String decoder) {
        TopologySpec spec = YamlConfig.parseTopology("""
                name: decoders
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                model: { cell: gru, hidden: 4, layers: 1, decoder: %s }
                training:
                  async: false
                  epochs: 2
                  batchSize: 8
                  shadowWindow: 12
                  replayRecent: 64
                  replayReservoir: 64
                  scheduledSampling: { start: 0.0, end: 0.5, epochs: 1 }
                batching: { maxBatch: 64 }
                """.formatted(decoder), List.of());
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
        assertEquals(
                "gru, " + decoder + " decoder",
                NetworkArchitecture.describe(pretrained.network().getLayerWiseConfigurations()));
        VersionedModel seed = VersionedModel.of(1, pretrained.network(), true);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = new TopologyMetrics(spec.name, spec.model.cell);
        metrics.bindTo(registry);
        try (TopologyRun run = new TopologyRun(
                spec,
                new NetworkTaskModels(spec, seed, metrics.training()).correctionProven(true),
                metrics,
                stateDir)) {
            for (int h = 0; h < HOURS; h++) {
                for (int s = 0; s < SERIES; s++) {
                    run.send("s" + s, h, value(s, h, noise));
                }
                run.flush();
            }
            List<Forecast> forecasts = run.forecasts;
            assertEquals(HOURS * SERIES, forecasts.size());
            Map<String, List<Forecast>> bySeries = forecasts.stream().collect(Collectors.groupingBy(Forecast::series));
            assertEquals(SERIES, bySeries.size());
            // The network serves while it beats the base on the shadow set (else the base, "ets").
            for (List<Forecast> own : bySeries.values()) {
                assertTrue(
                        own.stream().anyMatch(f -> f.model().equals("gru")),
                        "the network served every series, named by its stack");
                own.forEach(f -> assertEquals(3, f.points().size(), "H values per window"));
            }
            assertFalse(
                    forecasts.stream().flatMap(f -> f.points().stream()).anyMatch(p -> !Double.isFinite(p.value())),
                    "every forecast is a number");
            assertTrue(counter(registry, MetricNames.TRAINING_UPDATES) > 0, "online learning stepped the network");
            double choices = counter(registry, MetricNames.TRAINING_FED_BACK_CHOICES);
            double fedBack = counter(registry, MetricNames.TRAINING_FED_BACK);
            assertTrue(choices > 100, "online steps drew between truth and prediction: " + choices);
            double share =
                    registry.get(MetricNames.TRAINING_FED_BACK_SHARE).gauge().value();
            assertEquals(fedBack / choices, share, 1e-9);
            assertEquals(0.5, share, 0.12, "online learning feeds back at the schedule's end");
        } finally {
            metrics.close();
        }
    }

    private static double counter(SimpleMeterRegistry registry, String name) {
        return registry.find(name).functionCounters().stream()
                .mapToDouble(FunctionCounter::count)
                .sum();
    }

    private static double value(int series, int hour, Random noise) {
        return 100 + 10 * Math.sin(2 * Math.PI * hour / 4.0 + series) + noise.nextGaussian();
    }
}
