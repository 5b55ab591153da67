package io.streamcast.bench;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamcast.metrics.MetricNames;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The service's own meters at one moment (see {@link io.streamcast.metrics.TopologyMetrics}):
 * network calls and the windows they forecast, their wall time, online training steps, the time
 * trainers paused for {@code training.cpuShare} and waited while forecasting was behind
 * ({@code training.yieldBehindMs}), training work waited for a trainer thread
 * ({@code training.threads}), examples dropped by a trainer behind or thinned
 * while waiting out the gap, forecasts by the model that served them. Two readings give the figures of the phase between them.
 */
public record MeterReadings(
        long inferenceCalls,
        double inferenceWindows,
        double inferenceNanos,
        double trainingSteps,
        double trainingPausedSeconds,
        double trainingYieldedSeconds,
        double trainingThreadWaitSeconds,
        double examplesDropped,
        double examplesThinned,
        Map<String, Double> emittedByModel) {

    public static MeterReadings of(MeterRegistry registry, String topology) {
        DistributionSummary batch = registry.find(MetricNames.INFERENCE_BATCH_SIZE)
                .tag(MetricNames.TAG_TOPOLOGY, topology)
                .summary();
        Timer duration = registry.find(MetricNames.INFERENCE_DURATION)
                .tag(MetricNames.TAG_TOPOLOGY, topology)
                .timer();
        FunctionCounter updates = counter(registry, MetricNames.TRAINING_UPDATES, topology);
        Map<String, Double> emitted = new TreeMap<>();
        for (FunctionCounter c : registry.find(MetricNames.FORECASTS_EMITTED)
                .tag(MetricNames.TAG_TOPOLOGY, topology)
                .functionCounters()) {
            if (c.count() > 0) {
                emitted.put(c.getId().getTag(MetricNames.TAG_MODEL), c.count());
            }
        }
        return new MeterReadings(
                batch == null ? 0 : batch.count(),
                batch == null ? 0 : batch.totalAmount(),
                duration == null ? 0 : duration.totalTime(TimeUnit.NANOSECONDS),
                count(updates),
                count(counter(registry, MetricNames.TRAINING_PAUSED, topology)),
                count(counter(registry, MetricNames.TRAINING_YIELDED, topology)),
                count(counter(registry, MetricNames.TRAINING_THREAD_WAIT, topology)),
                count(counter(registry, MetricNames.TRAINING_EXAMPLES_DROPPED, topology)),
                count(counter(registry, MetricNames.TRAINING_EXAMPLES_THINNED, topology)),
                emitted);
    }

    private static FunctionCounter counter(MeterRegistry registry, String name, String topology) {
        return registry.find(name).tag(MetricNames.TAG_TOPOLOGY, topology).functionCounter();
    }

    private static double count(FunctionCounter counter) {
        return counter == null ? 0 : counter.count();
    }

    /** What happened between {@code earlier} and this reading. */
    public MeterReadings since(MeterReadings earlier) {
        Map<String, Double> emitted = new TreeMap<>(emittedByModel);
        earlier.emittedByModel.forEach((m, n) -> emitted.merge(m, -n, Double::sum));
        return new MeterReadings(
                inferenceCalls - earlier.inferenceCalls,
                inferenceWindows - earlier.inferenceWindows,
                inferenceNanos - earlier.inferenceNanos,
                trainingSteps - earlier.trainingSteps,
                trainingPausedSeconds - earlier.trainingPausedSeconds,
                trainingYieldedSeconds - earlier.trainingYieldedSeconds,
                trainingThreadWaitSeconds - earlier.trainingThreadWaitSeconds,
                examplesDropped - earlier.examplesDropped,
                examplesThinned - earlier.examplesThinned,
                emitted);
    }

    /** Mean windows per network call; NaN without calls. */
    public double meanBatch() {
        return inferenceCalls == 0 ? Double.NaN : inferenceWindows / inferenceCalls;
    }

    /** Mean wall time of one network call in milliseconds; NaN without calls. */
    public double millisPerCall() {
        return inferenceCalls == 0 ? Double.NaN : inferenceNanos / 1e6 / inferenceCalls;
    }

    /** Network wall time per window forecast, in microseconds; NaN without calls. */
    public double microsPerWindow() {
        return inferenceWindows == 0 ? Double.NaN : inferenceNanos / 1e3 / inferenceWindows;
    }
}
