package io.streamcast.metrics;

import static io.streamcast.metrics.MetricNames.FORECASTS_EMITTED;
import static io.streamcast.metrics.MetricNames.FORECAST_LATENCY;
import static io.streamcast.metrics.MetricNames.INFERENCE_BATCH_SIZE;
import static io.streamcast.metrics.MetricNames.INFERENCE_DURATION;
import static io.streamcast.metrics.MetricNames.INFERENCE_STEPS;
import static io.streamcast.metrics.MetricNames.PROCESSING_LATENCY;
import static io.streamcast.metrics.MetricNames.SERIES_TRACKED;
import static io.streamcast.metrics.MetricNames.TAG_MODEL;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Forecasting meters of one topology: forecasts emitted by model, end-to-end and processing
 * latency, inference batch size and duration, series tracked (see {@link TopologyMetrics} for the
 * table). Samples recorded before {@link #bindTo} are not kept: a latency has no meaning without
 * its histogram. Thread-safe.
 */
public final class ForecastingMetrics implements MeterBinder, AutoCloseable {

    private final BoundedCounts emitted = new BoundedCounts(BoundedCounts.MAX_KEYS);
    private final Set<LongSupplier> seriesCounts = ConcurrentHashMap.newKeySet();

    /** Null while unbound; one read per record on the hot path. */
    private volatile Recorders recorders;

    /** Guarded by this: binding, lazy registration and close must not interleave. */
    private final TaggedMeters meters;

    /** The meters that record samples rather than read state. */
    private record Recorders(
            Timer forecastLatency,
            Timer processingLatency,
            DistributionSummary batchSize,
            Timer inferenceDuration,
            Counter inferenceSteps) {}

    /** @param cell the topology's cell, whose emitted counter exists before its first forecast */
    ForecastingMetrics(Tags topologyTags, String cell) {
        this.meters = new TaggedMeters(topologyTags);
        // Present from the start so dashboards have a series before the first event.
        emitted.declare(cell);
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (!meters.bind(registry)) {
            return;
        }
        Tags tags = meters.tags();
        emitted.forEach((model, count) -> registerEmitted(model));
        recorders = new Recorders(
                meters.keep(Timer.builder(FORECAST_LATENCY)
                        .description(
                                "End-to-end latency: forecast emit wall time minus the observation's record timestamp")
                        .tags(tags)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofMinutes(10))
                        .register(registry)),
                meters.keep(Timer.builder(PROCESSING_LATENCY)
                        .description(
                                "Time from a record reaching the forecasting processor to its forecast being forwarded")
                        .tags(tags)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(100_000))
                        .maximumExpectedValue(Duration.ofMinutes(1))
                        .register(registry)),
                meters.keep(DistributionSummary.builder(INFERENCE_BATCH_SIZE)
                        .description("Windows forecast in one batched network call")
                        .tags(tags)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(1.0)
                        .maximumExpectedValue(4096.0)
                        .register(registry)),
                meters.keep(Timer.builder(INFERENCE_DURATION)
                        .description("Wall time of one batched network call")
                        .tags(tags)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(100_000))
                        .maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry)),
                meters.keep(Counter.builder(INFERENCE_STEPS)
                        .description("Recurrent time steps the serving network ran: for a carried state"
                                + " (model.carryState) the steps since its last forecast, or since its anchor when the"
                                + " anchor moved (about four per forecast); else a whole window per forecast")
                        .tags(tags)
                        .register(registry)));
        meters.gauge(
                SERIES_TRACKED,
                "Series with state in this topology's tasks",
                seriesCounts,
                counts -> counts.stream().mapToLong(LongSupplier::getAsLong).sum(),
                Tags.empty());
    }

    /**
     * One forecast was forwarded.
     *
     * @param model the model that made it: {@code gru}, {@code lstm}, {@code rnn}, {@code seasonal-naive}...
     * @param endToEndMillis emit wall time minus the observation record's timestamp
     */
    public void forecastEmitted(String model, long endToEndMillis) {
        emitted.increment(model, this::registerEmitted);
        Recorders r = recorders;
        if (r != null) {
            r.forecastLatency().record(Math.max(0, endToEndMillis), TimeUnit.MILLISECONDS);
        }
    }

    /** Time from a record reaching the processor to its forecast being forwarded. */
    public void processingLatency(long nanos) {
        Recorders r = recorders;
        if (r != null) {
            r.processingLatency().record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        }
    }

    /** One batched network call forecasting {@code windows} windows took {@code nanos}. */
    public void inferenceBatch(int windows, long nanos) {
        Recorders r = recorders;
        if (r != null) {
            r.batchSize().record(windows);
            r.inferenceDuration().record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        }
    }

    /** The serving network ran {@code steps} recurrent time steps, summed over a call's windows. */
    public void inferenceSteps(long steps) {
        Recorders r = recorders;
        if (r != null) {
            r.inferenceSteps().increment(steps);
        }
    }

    /**
     * Adds a count of series (one supplier per stream task); the gauge reports the sum. The
     * supplier is called on the scrape thread, so it must be safe to call from any thread (read
     * a counter the task maintains rather than iterating a store).
     */
    public void trackSeries(LongSupplier count) {
        seriesCounts.add(count);
    }

    /** Removes a supplier added by {@link #trackSeries} (the same instance), e.g. when its task closes. */
    public void untrackSeries(LongSupplier count) {
        seriesCounts.remove(count);
    }

    private synchronized void registerEmitted(String model) {
        if (meters.bound()) {
            meters.functionCounter(
                    FORECASTS_EMITTED,
                    "Forecasts forwarded, by the model that made them",
                    emitted.count(model),
                    Tags.of(TAG_MODEL, model));
        }
    }

    @Override
    public synchronized void close() {
        recorders = null;
        meters.close();
    }
}
