package io.streamcast.metrics;

import static io.streamcast.metrics.MetricNames.ACCURACY_MAE;
import static io.streamcast.metrics.MetricNames.ACCURACY_MASE;
import static io.streamcast.metrics.MetricNames.ACCURACY_SCORED;
import static io.streamcast.metrics.MetricNames.ACCURACY_SMAPE;
import static io.streamcast.metrics.MetricNames.ANOMALIES;
import static io.streamcast.metrics.MetricNames.BASE_CLIPPED;
import static io.streamcast.metrics.MetricNames.FORECASTS_EMITTED;
import static io.streamcast.metrics.MetricNames.FORECAST_LATENCY;
import static io.streamcast.metrics.MetricNames.INFERENCE_BATCH_SIZE;
import static io.streamcast.metrics.MetricNames.INFERENCE_DURATION;
import static io.streamcast.metrics.MetricNames.INFERENCE_STEPS;
import static io.streamcast.metrics.MetricNames.INTERVAL_COVERAGE;
import static io.streamcast.metrics.MetricNames.INTERVAL_WIDTH;
import static io.streamcast.metrics.MetricNames.MODEL_PROMOTIONS;
import static io.streamcast.metrics.MetricNames.MODEL_ROLLBACKS;
import static io.streamcast.metrics.MetricNames.OBSERVATIONS_ACCEPTED;
import static io.streamcast.metrics.MetricNames.OBSERVATIONS_LATE;
import static io.streamcast.metrics.MetricNames.PROCESSING_LATENCY;
import static io.streamcast.metrics.MetricNames.READINGS_AGGREGATED;
import static io.streamcast.metrics.MetricNames.SERIES_EXPIRED;
import static io.streamcast.metrics.MetricNames.SERIES_RESTARTED;
import static io.streamcast.metrics.MetricNames.SERIES_TRACKED;
import static io.streamcast.metrics.MetricNames.STEPS_FILLED;
import static io.streamcast.metrics.MetricNames.TRAINING_CLIPPED;
import static io.streamcast.metrics.MetricNames.TRAINING_CLIPPED_RATIO;
import static io.streamcast.metrics.MetricNames.TRAINING_EXAMPLES_DROPPED;
import static io.streamcast.metrics.MetricNames.TRAINING_EXAMPLES_THINNED;
import static io.streamcast.metrics.MetricNames.TRAINING_FED_BACK;
import static io.streamcast.metrics.MetricNames.TRAINING_FED_BACK_CHOICES;
import static io.streamcast.metrics.MetricNames.TRAINING_FED_BACK_SHARE;
import static io.streamcast.metrics.MetricNames.TRAINING_GRADIENT_NORM;
import static io.streamcast.metrics.MetricNames.TRAINING_PAUSED;
import static io.streamcast.metrics.MetricNames.TRAINING_THREAD_WAIT;
import static io.streamcast.metrics.MetricNames.TRAINING_UPDATES;
import static io.streamcast.metrics.MetricNames.TRAINING_YIELDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The binders {@link TopologyMetrics} is made of, each on its own. */
class MetricBindersTest {

    private static final Tags TOPOLOGY = Tags.of("topology", "t", "cell", "gru");

    /** Names of the registered meters, less the gauges SimpleMeterRegistry adds for a summary's SLO buckets. */
    private static Set<String> names(SimpleMeterRegistry registry) {
        return registry.getMeters().stream()
                .map(m -> m.getId().getName())
                .filter(name -> !name.endsWith(".histogram"))
                .collect(Collectors.toSet());
    }

    @Test
    void eachBinderRegistersItsOwnConcernAndClosesOnlyThat() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        IngestMetrics ingest = new IngestMetrics(TOPOLOGY);
        ingest.bindTo(registry);
        assertEquals(
                Set.of(
                        OBSERVATIONS_ACCEPTED,
                        OBSERVATIONS_LATE,
                        READINGS_AGGREGATED,
                        STEPS_FILLED,
                        SERIES_RESTARTED,
                        SERIES_EXPIRED,
                        BASE_CLIPPED),
                names(registry));

        ForecastingMetrics forecasting = new ForecastingMetrics(TOPOLOGY, "gru");
        forecasting.bindTo(registry);
        AccuracyMetrics accuracy = new AccuracyMetrics(TOPOLOGY);
        accuracy.bindTo(registry);
        TrainingHealthMetrics training = new TrainingHealthMetrics(TOPOLOGY);
        training.bindTo(registry);

        ingest.close();
        forecasting.close();
        training.close();
        assertEquals(
                Set.of(
                        ACCURACY_MAE,
                        ACCURACY_SMAPE,
                        ACCURACY_MASE,
                        INTERVAL_COVERAGE,
                        INTERVAL_WIDTH,
                        ACCURACY_SCORED,
                        ANOMALIES),
                names(registry));
        accuracy.close();
        assertTrue(registry.getMeters().isEmpty());

        forecasting = new ForecastingMetrics(TOPOLOGY, "gru");
        forecasting.bindTo(registry);
        assertEquals(
                Set.of(
                        FORECASTS_EMITTED,
                        FORECAST_LATENCY,
                        PROCESSING_LATENCY,
                        INFERENCE_BATCH_SIZE,
                        INFERENCE_DURATION,
                        INFERENCE_STEPS,
                        SERIES_TRACKED),
                names(registry));
        forecasting.close();

        training = new TrainingHealthMetrics(TOPOLOGY);
        training.bindTo(registry);
        assertEquals(
                Set.of(
                        TRAINING_GRADIENT_NORM,
                        TRAINING_UPDATES,
                        TRAINING_CLIPPED,
                        TRAINING_CLIPPED_RATIO,
                        TRAINING_EXAMPLES_DROPPED,
                        TRAINING_EXAMPLES_THINNED,
                        TRAINING_PAUSED,
                        TRAINING_YIELDED,
                        TRAINING_THREAD_WAIT,
                        TRAINING_FED_BACK,
                        TRAINING_FED_BACK_CHOICES,
                        TRAINING_FED_BACK_SHARE,
                        MODEL_PROMOTIONS,
                        MODEL_ROLLBACKS),
                names(registry));
    }

    /** Why {@link BoundedCounts} is not Micrometer's tag limit: past the limit that filter loses events. */
    @Test
    void maximumAllowableTagsLosesWhatBoundedCountsKeepsAsOther() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(MeterFilter.maximumAllowableTags("x", "reason", 1, MeterFilter.deny()));
        registry.counter("x", "reason", "A").increment();
        registry.counter("x", "reason", "B").increment();
        assertEquals(
                1.0,
                registry.find("x").counters().stream()
                        .mapToDouble(Counter::count)
                        .sum(),
                "the second reason went to a no-op counter");
        assertEquals(
                Set.of("A"),
                registry.getMeters().stream()
                        .map(Meter::getId)
                        .map(id -> id.getTag("reason"))
                        .collect(Collectors.toSet()));

        BoundedCounts counts = new BoundedCounts(1);
        counts.increment("A", key -> {});
        counts.increment("B", key -> {});
        assertEquals(1, counts.count("A").sum());
        assertEquals(1, counts.count(BoundedCounts.OTHER).sum(), "the second reason counted as OTHER");
    }
}
