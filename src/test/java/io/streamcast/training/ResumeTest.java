package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastPoint;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.series.RecentForecasts;
import io.streamcast.series.SeriesState;
import io.streamcast.topology.StoreNames;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service restarted mid-stream resumes the model it had learned: same version, same weights,
 * and the learner's own state, not an untrained network. The restart is simulated the way Kafka
 * Streams restores a task: the new task's stores hold what the old task's changelog held when its
 * model is created. (TopologyTestDriver deletes its state directory on close and never restores
 * from changelogs, so the store content is copied over by hand.)
 */
class ResumeTest {
    private static final int SERIES = 5;
    private static final int HALF = 70;
    private static final int HOURS = 110;

    @TempDir
    Path dirA;

    @TempDir
    Path dirB;

    private static TopologySpec spec() {
        return YamlConfig.parseTopology("""
                name: resume
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                model: { cell: lstm, hidden: 6, layers: 1 }
                training: { async: false, batchSize: 8, shadowWindow: 10, replayRecent: 64, replayReservoir: 64, learningRate: 0.01 }
                batching: { maxBatch: 64 }
                """, List.of());
    }

    private static double value(int series, int hour, Random noise) {
        return 50 + 8 * Math.sin(2 * Math.PI * hour / 4.0 + series) + 0.3 * hour + noise.nextGaussian();
    }

    private static void stream(TopologyRun run, int fromHour, int toHour) {
        Random noise = new Random(fromHour);
        for (int h = fromHour; h < toHour; h++) {
            for (int s = 0; s < SERIES; s++) {
                run.send("s" + s, h, value(s, h, noise));
            }
        }
        run.flush();
    }

    @Test
    void aRestartedTaskServesTheSameVersionAndWeightsAndKeepsLearning() {
        TopologySpec spec = spec();
        Map<String, byte[]> models;
        Map<String, SeriesState> series;
        Map<String, RecentForecasts> remembered;
        long version;
        float[] outputs;
        long learnerSteps;
        List<Forecast> continued;
        try (TopologyRun a = new TopologyRun(
                spec,
                new NetworkTaskModels(spec, null, new TopologyMetrics("resume", "lstm").training()),
                new TopologyMetrics("resume", "lstm"),
                dirA)) {
            stream(a, 0, HALF);
            models = TopologyRun.copy(a.driver.<String, byte[]>getKeyValueStore(StoreNames.MODEL));
            series = TopologyRun.copy(a.driver.<String, SeriesState>getKeyValueStore(StoreNames.SERIES));
            remembered = TopologyRun.copy(a.driver.<String, RecentForecasts>getKeyValueStore(StoreNames.REMEMBERED));
            version = a.model.version();
            outputs = a.model.predict(TopologyRun.probeInputs(), 12);
            learnerSteps = ((ReplayOnlineLearner) a.model.learner()).steps();
            stream(a, HALF, HOURS);
            continued = a.forecasts.subList(SERIES * HALF, a.forecasts.size());
        }
        assertTrue(version >= 1, "online learning promoted a trained model in the first half, version " + version);
        assertNotNull(models.get("learner"), "the learner checkpointed its state");

        TaskModelFactory restoring = (task, store, publisher) -> {
            models.forEach(store::put);
            return new NetworkTaskModels(spec, null, new TopologyMetrics("resume", "lstm").training())
                    .create(task, store);
        };
        try (TopologyRun b = new TopologyRun(spec, restoring, new TopologyMetrics("resume", "lstm"), dirB)) {
            KeyValueStore<String, SeriesState> states = b.driver.getKeyValueStore(StoreNames.SERIES);
            series.forEach(states::put);
            // A restarted task restores every store: the forecasts awaiting actuals too.
            remembered.forEach(b.driver.<String, RecentForecasts>getKeyValueStore(StoreNames.REMEMBERED)::put);

            assertEquals(version, b.model.version(), "same serving version after the restart");
            assertArrayEquals(
                    outputs, b.model.predict(TopologyRun.probeInputs(), 12), "same serving weights after the restart");
            long restoredSteps = ((ReplayOnlineLearner) b.model.learner()).steps();
            assertTrue(
                    restoredSteps > 0 && restoredSteps <= learnerSteps,
                    "the learner resumed from its checkpoint (" + restoredSteps + " of " + learnerSteps
                            + " steps), not from scratch");

            stream(b, HALF, HOURS);
            List<Forecast> resumed = b.forecasts;
            assertEquals(continued.size(), resumed.size());
            Map<String, Forecast> byOrigin = new HashMap<>();
            resumed.forEach(f -> byOrigin.put(f.series() + "@" + f.origin(), f));
            int compared = 0;
            for (Forecast f : continued) {
                Forecast r = byOrigin.get(f.series() + "@" + f.origin());
                if (f.version() != version || r.version() != version) {
                    continue; // after the next promotion the runs may differ: the learner resumed from its last
                    // checkpoint
                }
                assertArrayEquals(values(f), values(r), 1e-9, "same forecast from the same model at " + f.origin());
                compared++;
            }
            assertTrue(
                    compared >= SERIES,
                    "the first forecasts after the restart come from the restored model, compared " + compared);
            long lastVersion = resumed.get(resumed.size() - 1).version();
            assertTrue(lastVersion >= version, "versions continue from " + version + ", got " + lastVersion);
            System.err.printf(
                    "restart at version %d, learner %d of %d steps; %d forecasts identical; version at the end %d (uninterrupted run %d)%n",
                    version,
                    restoredSteps,
                    learnerSteps,
                    compared,
                    lastVersion,
                    continued.get(continued.size() - 1).version());
        }
    }

    private static double[] values(Forecast f) {
        return f.points().stream().mapToDouble(ForecastPoint::value).toArray();
    }
}
