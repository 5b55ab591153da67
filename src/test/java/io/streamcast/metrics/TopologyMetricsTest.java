package io.streamcast.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.training.TrainingEvents;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopologyMetricsTest {

    /** A sample line of the Prometheus text format: name, optional {labels}, value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Tag keys a Streamcast meter may carry: all bounded ("le" is the histogram bucket bound). */
    private static final Set<String> BOUNDED_LABELS =
            Set.of("topology", "cell", "model", "reason", "horizon", "role", "task", "quantile", "le");

    private static void exerciseEveryMethod(TopologyMetrics metrics) {
        metrics.ingest().observationAccepted();
        metrics.ingest().deadLetter("NOT_JSON");
        metrics.ingest().deadLetter("NOT_JSON");
        metrics.forecasting().forecastEmitted("gru", 120);
        metrics.forecasting().forecastEmitted("seasonal-naive", 80);
        metrics.forecasting().processingLatency(2_000_000);
        metrics.forecasting().inferenceBatch(64, 5_000_000);
        metrics.forecasting().trackSeries(() -> 7);
        metrics.accuracy().scored(1, 10, 9, 2, 8.0, 12.0);
        metrics.accuracy().scored(24, 10, 15, 2, Double.NaN, Double.NaN);
        metrics.accuracy().quantileScored(1, 0.95, true);
        metrics.accuracy().anomaly(1);
        metrics.accuracy().anomaly(2);
        metrics.accuracy().anomaly(3);
        TrainingEvents task = metrics.training().forTask("0_0");
        task.trainingStep(0.5, 3.0, true);
        task.promotion(2);
        task.discard("NOT_BETTER");
        task.rollback(1);
        task.modelVersion(1);
        task.shadowError(0.4, 0.5);
        task.correctionComparison(0.9, 1.0, true);
        task.trainingExamplesDropped(3);
        task.trainingPaused(0.25);
    }

    @Test
    void prometheusScrapeShowsEveryDocumentedNameWithBoundedTags() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TopologyMetrics metrics = new TopologyMetrics("hourly-temps", "gru");
        metrics.bindTo(registry);
        exerciseEveryMethod(metrics);

        String scrape = registry.scrape();
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            names.add(sample.group(1));
            String labels = sample.group(3) == null ? "" : sample.group(3);
            Matcher label = LABEL.matcher(labels);
            Set<String> keys = new TreeSet<>();
            while (label.find()) {
                keys.add(label.group(1));
            }
            assertTrue(BOUNDED_LABELS.containsAll(keys), "unbounded label in " + line);
            assertTrue(keys.containsAll(Set.of("topology", "cell")), "topology and cell tags on " + line);
        }
        assertEquals(new TreeSet<>(MetricNames.PROMETHEUS), names, "scrape names vs MetricNames.PROMETHEUS");

        assertTrue(
                scrape.contains(
                        "streamcast_dead_letters_total{cell=\"gru\",reason=\"NOT_JSON\",topology=\"hourly-temps\"} 2"),
                scrape);
        assertTrue(
                scrape.contains(
                        "streamcast_forecasts_emitted_total{cell=\"gru\",model=\"seasonal-naive\",topology=\"hourly-temps\"} 1"));
        assertTrue(
                scrape.contains("streamcast_accuracy_mae{cell=\"gru\",horizon=\"13-24\",topology=\"hourly-temps\"} 5"));
        assertTrue(scrape.contains(
                "streamcast_shadow_error{cell=\"gru\",role=\"candidate\",task=\"0_0\",topology=\"hourly-temps\"} 0.4"));
        assertTrue(scrape.contains("streamcast_series_tracked{cell=\"gru\",topology=\"hourly-temps\"} 7"));
        assertTrue(
                scrape.contains("streamcast_anomalies_total{cell=\"gru\",horizon=\"1\",topology=\"hourly-temps\"} 1"),
                scrape);
        assertTrue(
                scrape.contains("streamcast_anomalies_total{cell=\"gru\",horizon=\"2-3\",topology=\"hourly-temps\"} 2"),
                scrape);
        assertTrue(
                scrape.contains(
                        "streamcast_forecast_latency_seconds_bucket{cell=\"gru\",topology=\"hourly-temps\",le=\"+Inf\"} 2"),
                scrape);
    }

    @Test
    void everyMeterHasADescription() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TopologyMetrics metrics = new TopologyMetrics("t", "lstm");
        metrics.bindTo(registry);
        exerciseEveryMethod(metrics);
        for (Meter meter : registry.getMeters()) {
            String description = meter.getId().getDescription();
            assertTrue(description != null && !description.isBlank(), "no description: " + meter.getId());
        }
        // ...and Prometheus users see it as HELP text.
        assertTrue(
                registry.scrape().contains("# HELP streamcast_training_clipped_ratio Share of online training steps"));
    }

    @Test
    void dashboardsHaveSeriesBeforeTheFirstEvent() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new TopologyMetrics("t", "gru").bindTo(registry);
        assertNotNull(
                registry.find(MetricNames.ACCURACY_MAE).tag("horizon", "1").gauge());
        assertNotNull(
                registry.find(MetricNames.INTERVAL_COVERAGE).tag("horizon", "1").gauge());
        assertNotNull(
                registry.find(MetricNames.FORECASTS_EMITTED).tag("model", "gru").functionCounter());
        assertNotNull(registry.find(MetricNames.OBSERVATIONS_ACCEPTED).functionCounter());
        assertNotNull(registry.find(MetricNames.ANOMALIES).tag("horizon", "1").functionCounter());
        assertTrue(Double.isNaN(registry.get(MetricNames.ACCURACY_MAE).gauge().value()), "no accuracy before a score");
    }

    @Test
    void accuracyGaugesComputeMaeSmapeMaseAndCoverage() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = new TopologyMetrics("t", "gru");
        metrics.bindTo(registry);
        // error 2, sMAPE 200*2/18, scaled error 2/2, inside [9, 11]
        metrics.accuracy().scored(1, 10, 8, 2, 9.0, 11.0);
        // perfect zero forecast: sMAPE 0 (not 0/0), no interval
        metrics.accuracy().scored(1, 0, 0, 2, Double.NaN, Double.NaN);
        // error 5, sMAPE 200*5/15, no usable scale (MASE skips it), outside [6, 12]
        metrics.accuracy().scored(1, 5, 10, 0, 6.0, 12.0);
        // lower bound only: no interval
        metrics.accuracy().scored(1, 5, 5, 1, 4.0, Double.NaN);
        // not finite: ignored
        metrics.accuracy().scored(1, Double.NaN, 3, 1, Double.NaN, Double.NaN);

        assertEquals((2 + 0 + 5 + 0) / 4.0, gauge(registry, MetricNames.ACCURACY_MAE, "1"), 1e-9);
        assertEquals(
                (200 * 2 / 18.0 + 0 + 200 * 5 / 15.0 + 0) / 4, gauge(registry, MetricNames.ACCURACY_SMAPE, "1"), 1e-9);
        assertEquals((1 + 0 + 0) / 3.0, gauge(registry, MetricNames.ACCURACY_MASE, "1"), 1e-9);
        assertEquals(0.5, gauge(registry, MetricNames.INTERVAL_COVERAGE, "1"), 1e-9);
        // Only [9, 11] has both bounds and a usable scale: width 2 over scale 2.
        assertEquals(1.0, gauge(registry, MetricNames.INTERVAL_WIDTH, "1"), 1e-9);
        assertEquals(4, count(registry, MetricNames.ACCURACY_SCORED, "horizon", "1"));
    }

    /** interval.quantiles live: per probability and horizon bucket, the share of recent actuals at or below, over the last 500. */
    @Test
    void quantileGaugesShowTheShareOfRecentActualsBelowEachQuantile() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = new TopologyMetrics("t", "gru");
        metrics.bindTo(registry);
        for (int i = 0; i < 10; i++) {
            metrics.accuracy().quantileScored(1, 0.9, i < 9);
            metrics.accuracy().quantileScored(2, 0.9, i < 5);
            metrics.accuracy().quantileScored(1, 0.05, i == 0);
        }
        assertEquals(0.9, quantile(registry, "1", "0.9"), 1e-9);
        assertEquals(0.5, quantile(registry, "2-3", "0.9"), 1e-9);
        assertEquals(0.1, quantile(registry, "1", "0.05"), 1e-9);
        for (int i = 0; i < 500; i++) {
            metrics.accuracy().quantileScored(1, 0.9, false);
        }
        assertEquals(0.0, quantile(registry, "1", "0.9"), 1e-9, "only the last 500 count");
    }

    private static double quantile(SimpleMeterRegistry registry, String horizon, String quantile) {
        return registry.get(MetricNames.QUANTILE_BELOW)
                .tag("horizon", horizon)
                .tag("quantile", quantile)
                .gauge()
                .value();
    }

    @Test
    void horizonsAreScoredInTheirOwnBucket() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = new TopologyMetrics("t", "gru");
        metrics.bindTo(registry);
        metrics.accuracy().scored(1, 10, 9, 1, Double.NaN, Double.NaN);
        metrics.accuracy().scored(5, 10, 4, 1, Double.NaN, Double.NaN);
        metrics.accuracy().scored(6, 10, 6, 1, Double.NaN, Double.NaN);
        assertEquals(1, gauge(registry, MetricNames.ACCURACY_MAE, "1"), 1e-9);
        assertEquals(5, gauge(registry, MetricNames.ACCURACY_MAE, "4-6"), 1e-9);
        assertEquals(
                Set.of("1", "4-6"),
                registry.find(MetricNames.ACCURACY_MAE).gauges().stream()
                        .map(g -> g.getId().getTag("horizon"))
                        .collect(Collectors.toSet()));
    }

    @Test
    void scoresBeforeBindingShowOnceBound() {
        TopologyMetrics metrics = new TopologyMetrics("t", "gru");
        metrics.accuracy().scored(3, 10, 7, 1, Double.NaN, Double.NaN);
        metrics.ingest().deadLetter("TOO_OLD");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        assertEquals(3, gauge(registry, MetricNames.ACCURACY_MAE, "2-3"), 1e-9);
        assertEquals(1, count(registry, MetricNames.DEAD_LETTERS, "reason", "TOO_OLD"));
    }

    @Test
    void clippedRatioIsClippedStepsOverAllSteps() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = new TopologyMetrics("t", "gru");
        metrics.bindTo(registry);
        assertTrue(
                Double.isNaN(
                        registry.get(MetricNames.TRAINING_CLIPPED_RATIO).gauge().value()),
                "no steps yet");

        TrainingEvents task = metrics.training().forTask("0_0");
        task.trainingStep(0.9, 5.0, true);
        task.trainingStep(0.7, 0.5, false);
        task.trainingStep(0.6, 0.4, false);
        task.trainingStep(Double.NaN, Double.NaN, false);

        assertEquals(
                0.25, registry.get(MetricNames.TRAINING_CLIPPED_RATIO).gauge().value(), 1e-12);
        assertEquals(
                4, registry.get(MetricNames.TRAINING_UPDATES).functionCounter().count());
        assertEquals(
                1, registry.get(MetricNames.TRAINING_CLIPPED).functionCounter().count());
        assertTrue(Double.isNaN(registry.get(MetricNames.TRAINING_LOSS).gauge().value()), "a NaN loss is reported");
        assertEquals(
                3, registry.get(MetricNames.TRAINING_GRADIENT_NORM).summary().count(), "NaN norm not recorded");
    }

    @Test
    void versionFollowsPromotionsAndRollbacks() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = new TopologyMetrics("t", "gru");
        metrics.bindTo(registry);
        TrainingEvents task = metrics.training().forTask("0_0");
        task.modelVersion(3);
        task.promotion(4);
        assertEquals(4, registry.get(MetricNames.MODEL_VERSION).gauge().value());
        task.rollback(3);
        assertEquals(3, registry.get(MetricNames.MODEL_VERSION).gauge().value());
        assertEquals(
                1, registry.get(MetricNames.MODEL_PROMOTIONS).functionCounter().count());
        assertEquals(
                1, registry.get(MetricNames.MODEL_ROLLBACKS).functionCounter().count());
    }

    /** The gate's comparison per task: what an operator reads to see how far a network is from serving. */
    @Test
    void theCorrectionGatesComparisonIsAGaugePerTask() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = new TopologyMetrics("t", "gru");
        metrics.bindTo(registry);
        TrainingEvents serving = metrics.training().forTask("0_0");
        TrainingEvents handedBack = metrics.training().forTask("0_1");
        serving.correctionComparison(0.9, 1.0, true);
        handedBack.correctionComparison(1.3, 1.1, false);
        assertEquals(
                0.9,
                registry.get(MetricNames.CORRECTION_ERROR)
                        .tags("task", "0_0", "role", "network")
                        .gauge()
                        .value());
        assertEquals(
                1.1,
                registry.get(MetricNames.CORRECTION_ERROR)
                        .tags("task", "0_1", "role", "base")
                        .gauge()
                        .value());
        assertEquals(
                1,
                registry.get(MetricNames.CORRECTION_SERVES)
                        .tag("task", "0_0")
                        .gauge()
                        .value());
        assertEquals(
                0,
                registry.get(MetricNames.CORRECTION_SERVES)
                        .tag("task", "0_1")
                        .gauge()
                        .value());
        handedBack.taskClosed();
        assertEquals(
                0,
                registry.find(MetricNames.CORRECTION_SERVES)
                        .tag("task", "0_1")
                        .gauges()
                        .size());
    }

    /** A task that moved to another instance leaves no stale version behind; its counters stay counted. */
    @Test
    void aClosedTasksGaugesLeaveTheRegistryAndComeBackWithTheTask() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = new TopologyMetrics("t", "gru");
        metrics.bindTo(registry);
        TrainingEvents staying = metrics.training().forTask("0_0");
        TrainingEvents moving = metrics.training().forTask("0_1");
        staying.promotion(5);
        moving.promotion(9);
        moving.taskClosed();
        assertEquals(1, registry.find(MetricNames.MODEL_VERSION).gauges().size(), "only the task still here");
        assertEquals(
                5,
                registry.get(MetricNames.MODEL_VERSION)
                        .tag("task", "0_0")
                        .gauge()
                        .value());
        assertEquals(
                0,
                registry.find(MetricNames.SHADOW_ERROR)
                        .tag("task", "0_1")
                        .gauges()
                        .size());
        assertEquals(
                2,
                registry.get(MetricNames.MODEL_PROMOTIONS).functionCounter().count(),
                "counters keep what the task added");
        metrics.training().forTask("0_1").modelVersion(9);
        assertEquals(
                9,
                registry.get(MetricNames.MODEL_VERSION)
                        .tag("task", "0_1")
                        .gauge()
                        .value(),
                "back with the task");
    }

    @Test
    void eachTaskReportsItsOwnVersionLossAndShadowErrorWhileCountersAddUp() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = new TopologyMetrics("t", "gru");
        // A task created before the registry is bound gets its gauges at binding.
        TrainingEvents first = metrics.training().forTask("0_0");
        metrics.bindTo(registry);
        TrainingEvents second = metrics.training().forTask("0_1");
        first.promotion(7);
        second.promotion(2);
        first.trainingStep(0.1, 1, false);
        second.trainingStep(0.9, 1, false);
        second.shadowError(0.3, 0.6);

        assertEquals(
                7,
                registry.get(MetricNames.MODEL_VERSION)
                        .tag("task", "0_0")
                        .gauge()
                        .value());
        assertEquals(
                2,
                registry.get(MetricNames.MODEL_VERSION)
                        .tag("task", "0_1")
                        .gauge()
                        .value(),
                "one value per topology showed whichever task wrote last");
        assertEquals(
                0.1,
                registry.get(MetricNames.TRAINING_LOSS)
                        .tag("task", "0_0")
                        .gauge()
                        .value(),
                1e-12);
        assertEquals(
                0.9,
                registry.get(MetricNames.TRAINING_LOSS)
                        .tag("task", "0_1")
                        .gauge()
                        .value(),
                1e-12);
        assertTrue(Double.isNaN(registry.get(MetricNames.SHADOW_ERROR)
                .tags("task", "0_0", "role", "candidate")
                .gauge()
                .value()));
        assertEquals(
                0.3,
                registry.get(MetricNames.SHADOW_ERROR)
                        .tags("task", "0_1", "role", "candidate")
                        .gauge()
                        .value(),
                1e-12);
        assertEquals(
                2, registry.get(MetricNames.MODEL_PROMOTIONS).functionCounter().count());
        assertEquals(
                2, registry.get(MetricNames.TRAINING_UPDATES).functionCounter().count());
        assertSame(first, metrics.training().forTask("0_0"), "one set of gauges per task");
    }

    @Test
    void seriesTrackedSumsTheTasksSuppliers() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = new TopologyMetrics("t", "gru");
        metrics.bindTo(registry);
        LongSupplier task1 = () -> 3;
        LongSupplier task2 = () -> 4;
        metrics.forecasting().trackSeries(task1);
        metrics.forecasting().trackSeries(task2);
        assertEquals(7, registry.get(MetricNames.SERIES_TRACKED).gauge().value());
        metrics.forecasting().untrackSeries(task1);
        assertEquals(4, registry.get(MetricNames.SERIES_TRACKED).gauge().value());
    }

    @Test
    void unboundedReasonsAreCountedAsOther() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = new TopologyMetrics("t", "gru");
        metrics.bindTo(registry);
        metrics.ingest().deadLetter("Unexpected character ('x' (code 120)) at [Source: sensor-17]");
        for (int i = 0; i < 100; i++) {
            metrics.ingest().deadLetter("CODE_" + i);
        }
        Set<String> reasons = registry.find(MetricNames.DEAD_LETTERS).functionCounters().stream()
                .map(c -> c.getId().getTag("reason"))
                .collect(Collectors.toSet());
        assertTrue(reasons.size() <= TopologyMetrics.MAX_TAG_VALUES + 1, "bounded codes plus OTHER: " + reasons);
        assertTrue(reasons.contains(BoundedCounts.OTHER));
        assertEquals(
                101,
                registry.find(MetricNames.DEAD_LETTERS).functionCounters().stream()
                        .mapToDouble(c -> c.count())
                        .sum(),
                1e-9,
                "every dead letter is still counted");
    }

    @Test
    void closeRemovesEveryMeterItRegistered() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.counter("someone.else");
        TopologyMetrics metrics = new TopologyMetrics("t", "gru");
        metrics.bindTo(registry);
        exerciseEveryMethod(metrics);
        metrics.close();
        assertEquals(
                Set.of("someone.else"),
                registry.getMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toSet()));
        metrics.ingest().deadLetter("LATE"); // harmless after close
        metrics.accuracy().scored(9, 1, 2, 1, Double.NaN, Double.NaN);
        assertEquals(1, registry.getMeters().size());
        assertThrows(IllegalStateException.class, () -> metrics.bindTo(registry));
    }

    @Test
    void twoTopologiesShareARegistryWithoutClashing() {
        MeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics a = new TopologyMetrics("a", "gru");
        TopologyMetrics b = new TopologyMetrics("b", "lstm");
        a.bindTo(registry);
        b.bindTo(registry);
        a.ingest().observationAccepted();
        b.ingest().observationAccepted();
        b.ingest().observationAccepted();
        assertEquals(
                2,
                registry.get(MetricNames.OBSERVATIONS_ACCEPTED)
                        .tags(Set.of(Tag.of("topology", "b")))
                        .functionCounter()
                        .count());
        a.close();
        assertFalse(registry.find(MetricNames.OBSERVATIONS_ACCEPTED)
                .tag("topology", "a")
                .meters()
                .iterator()
                .hasNext());
        assertNotNull(registry.find(MetricNames.OBSERVATIONS_ACCEPTED)
                .tag("topology", "b")
                .functionCounter());
    }

    @Test
    void topologyAndCellMustBeBoundedCodes() {
        assertThrows(IllegalArgumentException.class, () -> new TopologyMetrics("my topology", "gru"));
        assertThrows(IllegalArgumentException.class, () -> new TopologyMetrics("t", null));
    }

    /** The count of function counter {@code name} whose tag {@code key} is {@code value}. */
    private static double count(MeterRegistry registry, String name, String key, String value) {
        return registry.get(name).tag(key, value).functionCounter().count();
    }

    private static double gauge(MeterRegistry registry, String name, String horizon) {
        return registry.get(name).tag("horizon", horizon).gauge().value();
    }
}
