package io.streamcast.training;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.metrics.MetricNames;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.VersionedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How long the stream thread is busy per hour of data (every series' observation, one batched
 * forecast, and in synchronous mode the training steps at the safe point), with online learning
 * on, synchronous versus asynchronous. That busy time is what the next batch's forecasts wait.
 * The stream here runs as fast as the stream thread can go, faster than any trainer: the async
 * run shows how many examples the bounded queue drops when training cannot keep up.
 * Not a unit test; run by hand with OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE like the service:
 * <pre>java -cp target/test-classes:target/classes:$(deps) io.streamcast.training.AsyncTrainingBench</pre>
 */
public final class AsyncTrainingBench {
    private static final int SERIES = 64;
    private static final int HOURS = 250;
    /** Hours before measuring: the windows fill and the shadow set fills, so training runs in every measured hour. */
    private static final int WARMUP_HOURS = 100;

    private AsyncTrainingBench() {}

    public static void main(String[] args) throws Exception {
        for (boolean async : new boolean[] {false, true}) {
            run(async);
        }
    }

    private static void run(boolean async) throws Exception {
        TopologySpec spec = YamlConfig.parseTopology("""
                name: bench
                step: PT1H
                period: 24
                window: 48
                horizon: 24
                model: { cell: gru, hidden: 32, layers: 2 }
                training: { batchSize: 32 }
                batching: { maxBatch: 1024 }
                """, List.of("training.async=" + async));
        TopologyMetrics metrics = new TopologyMetrics("bench", "gru");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        VersionedModel seed = VersionedModel.of(1, NetworkFactory.build(NetworkSpecs.of(spec)), false);
        Path dir = Files.createTempDirectory("bench");
        double[] busyMs = new double[HOURS - WARMUP_HOURS];
        long versionAtEnd;
        long steps;
        try (TopologyRun run =
                new TopologyRun(spec, new NetworkTaskModels(spec, seed, metrics.training()), metrics, dir)) {
            Random noise = new Random(1);
            for (int h = 0; h < HOURS; h++) {
                long t0 = System.nanoTime();
                for (int s = 0; s < SERIES; s++) {
                    run.send(
                            "s" + s,
                            h,
                            100 + 20 * Math.sin(2 * Math.PI * (h + s) / 24.0) + 0.05 * h + 3 * noise.nextGaussian());
                }
                if (h >= WARMUP_HOURS) {
                    busyMs[h - WARMUP_HOURS] = (System.nanoTime() - t0) / 1e6;
                }
            }
            run.flush();
            versionAtEnd = run.model.version();
            if (run.model.learner() instanceof AsyncTrainer trainer) {
                trainer.awaitIdle();
                steps = trainer.learner().steps();
            } else {
                steps = ((ReplayOnlineLearner) run.model.learner()).steps();
            }
        }
        Arrays.sort(busyMs);
        double total = Arrays.stream(busyMs).sum();
        System.out.printf(
                Locale.ROOT,
                "%-5s stream thread per hour (%d series, 1 forecast batch): p50 %6.1f ms  p90 %6.1f  p99 %6.1f  max %6.1f  total %6.0f ms;"
                        + " training steps %d, examples dropped %.0f, version at end %d%n",
                async ? "async" : "sync",
                SERIES,
                pct(busyMs, 0.5),
                pct(busyMs, 0.9),
                pct(busyMs, 0.99),
                busyMs[busyMs.length - 1],
                total,
                steps,
                registry.get(MetricNames.TRAINING_EXAMPLES_DROPPED)
                        .functionCounter()
                        .count(),
                versionAtEnd);
    }

    private static double pct(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
