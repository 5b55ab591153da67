package io.streamcast.metrics;

import static io.streamcast.metrics.MetricNames.ACCURACY_MAE;
import static io.streamcast.metrics.MetricNames.ACCURACY_MASE;
import static io.streamcast.metrics.MetricNames.ACCURACY_SCORED;
import static io.streamcast.metrics.MetricNames.ACCURACY_SMAPE;
import static io.streamcast.metrics.MetricNames.ANOMALIES;
import static io.streamcast.metrics.MetricNames.INTERVAL_COVERAGE;
import static io.streamcast.metrics.MetricNames.INTERVAL_WIDTH;
import static io.streamcast.metrics.MetricNames.QUANTILE_BELOW;
import static io.streamcast.metrics.MetricNames.TAG_HORIZON;
import static io.streamcast.metrics.MetricNames.TAG_QUANTILE;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamcast.emit.ForecastPoint;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live accuracy meters of one topology, per horizon bucket ({@link HorizonBucket}): rolling MAE,
 * sMAPE, MASE, interval coverage and scaled interval width over the last {@value #WINDOW} scored points, points scored,
 * and anomalies (see {@link TopologyMetrics} for the table). Bucket {@code 1} is registered by
 * {@link #bindTo}; the others when their first point is scored, since the topology's horizon is
 * not known here. Thread-safe.
 */
public final class AccuracyMetrics implements MeterBinder, AutoCloseable {

    /**
     * Scored points per horizon bucket that the accuracy gauges average: enough that one odd
     * series does not swing them, few enough that they follow drift within hours.
     */
    static final int WINDOW = 500;

    private final ByHorizonStep<HorizonScores> horizons =
            new ByHorizonStep<>(AccuracyMetrics::newHorizonScores, this::registerHorizon);
    /**
     * Per quantile probability ({@code interval.quantiles}, at most 20 per topology) and horizon
     * bucket: the share of recent actuals at or below it. Registered when first scored.
     */
    private final ConcurrentMap<Double, QuantileShares> quantiles = new ConcurrentHashMap<>();
    /** Keyed by horizon bucket: at most {@link HorizonBucket#ALL} keys. */
    private final BoundedCounts anomalies = new BoundedCounts(BoundedCounts.MAX_KEYS);

    /** Guarded by this: binding, lazy registration and close must not interleave. */
    private final TaggedMeters meters;

    private record HorizonScores(RollingAccuracy accuracy, LongAdder scored) {}

    /** One quantile's shares by horizon bucket; {@code key} is its tag value ("0.05"). */
    private record QuantileShares(String key, ByHorizonStep<RollingShare> byBucket) {}

    AccuracyMetrics(Tags topologyTags) {
        this.meters = new TaggedMeters(topologyTags);
        // Present from the start so dashboards have a series before the first event.
        horizons.put(HorizonBucket.of(1), newHorizonScores());
        anomalies.declare(HorizonBucket.of(1));
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (!meters.bind(registry)) {
            return;
        }
        horizons.forEach(this::registerHorizon);
        quantiles
                .values()
                .forEach(q -> q.byBucket().forEach((bucket, share) -> registerQuantile(q.key(), bucket, share)));
        anomalies.forEach((bucket, count) -> registerAnomalies(bucket));
    }

    /**
     * An actual arrived for an earlier forecast at horizon {@code h}. Points whose actual or
     * forecast is not finite are ignored (not scored).
     *
     * @param h horizon, 1-based
     * @param seasonalScale the series' scale: its running seasonal-naive MAE, or its base's one-step
     *     MAE where larger (a series that stopped moving); MASE skips the point when it is not
     *     positive and finite
     * @param lower lower interval bound, or NaN when the forecast had none (not boxed: every actual
     *     scores up to H points)
     * @param upper upper interval bound, or NaN when the forecast had none
     */
    public void scored(int h, double actual, double forecast, double seasonalScale, double lower, double upper) {
        HorizonScores scores = horizons.get(h);
        if (scores.accuracy().add(actual, forecast, seasonalScale, lower, upper)) {
            scores.scored().increment();
        }
    }

    /**
     * An actual arrived for an earlier forecast's quantile of {@code probability} at horizon
     * {@code h}: {@code below} when it fell at or below it. A calibrated quantile has about that
     * probability's share of recent actuals below it, in every horizon bucket.
     */
    public void quantileScored(int h, double probability, boolean below) {
        QuantileShares shares = quantiles.get(probability);
        if (shares == null) {
            shares = quantiles.computeIfAbsent(probability, p -> {
                String key = ForecastPoint.key(p);
                return new QuantileShares(
                        key,
                        new ByHorizonStep<>(
                                () -> new RollingShare(WINDOW),
                                (bucket, share) -> registerQuantile(key, bucket, share)));
            });
        }
        shares.byBucket().get(h).add(below);
    }

    /**
     * An actual fell outside the interval of the forecast that judged it, made {@code h} steps
     * before it, and was reported on the anomalies topic.
     */
    public void anomaly(int h) {
        anomalies.increment(HorizonBucket.of(h), this::registerAnomalies);
    }

    private static HorizonScores newHorizonScores() {
        return new HorizonScores(new RollingAccuracy(WINDOW), new LongAdder());
    }

    private synchronized void registerHorizon(String bucket, HorizonScores scores) {
        if (!meters.bound()) {
            return;
        }
        Tags horizon = Tags.of(TAG_HORIZON, bucket);
        RollingAccuracy accuracy = scores.accuracy();
        meters.gauge(
                ACCURACY_MAE,
                "Mean absolute error of recent forecasts, per horizon bucket",
                accuracy,
                RollingAccuracy::mae,
                horizon);
        meters.gauge(
                ACCURACY_SMAPE,
                "Symmetric MAPE in percent (0-200) of recent forecasts, per horizon bucket",
                accuracy,
                RollingAccuracy::smape,
                horizon);
        meters.gauge(
                ACCURACY_MASE,
                "Absolute error over the seasonal-naive scale of recent forecasts, per horizon bucket",
                accuracy,
                RollingAccuracy::mase,
                horizon);
        meters.gauge(
                INTERVAL_COVERAGE,
                "Share of recent actuals inside the forecast interval, per horizon bucket",
                accuracy,
                RollingAccuracy::coverage,
                horizon);
        meters.gauge(
                INTERVAL_WIDTH,
                "Width of the forecast interval over the seasonal-naive scale, recent forecasts, per horizon bucket",
                accuracy,
                RollingAccuracy::intervalWidth,
                horizon);
        meters.functionCounter(
                ACCURACY_SCORED, "Forecast points scored against their actual", scores.scored(), horizon);
    }

    private synchronized void registerQuantile(String quantile, String bucket, RollingShare share) {
        if (meters.bound()) {
            meters.gauge(
                    QUANTILE_BELOW,
                    "Share of recent actuals at or below the forecast quantile (interval.quantiles), per horizon bucket",
                    share,
                    RollingShare::share,
                    Tags.of(TAG_HORIZON, bucket, TAG_QUANTILE, quantile));
        }
    }

    private synchronized void registerAnomalies(String bucket) {
        if (meters.bound()) {
            meters.functionCounter(
                    ANOMALIES,
                    "Actuals outside the interval of the latest forecast made for them, by its horizon bucket",
                    anomalies.count(bucket),
                    Tags.of(TAG_HORIZON, bucket));
        }
    }

    @Override
    public synchronized void close() {
        meters.close();
    }
}
