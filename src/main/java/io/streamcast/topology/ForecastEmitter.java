package io.streamcast.topology;

import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.Step;
import io.streamcast.emit.ValueRange;
import io.streamcast.metrics.ForecastingMetrics;
import io.streamcast.model.IntervalCalibrator;
import io.streamcast.model.SeasonalNaive;
import io.streamcast.series.PublishedPoints;
import io.streamcast.series.RememberedForecast;
import io.streamcast.series.RememberedQuantiles;
import io.streamcast.series.SeriesState;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns a computed forecast into what leaves the task: the points with their intervals and target
 * timestamps, forwarded with the observation's record timestamp; and the forecast remembered for
 * scoring, with its points as published, which is also what the REST API answers with
 * ({@link LatestForecast}). It writes no series state: that record is written once per
 * observation, by the processor, before the origin is queued.
 */
final class ForecastEmitter {
    private final TopologySpec spec;
    private final Step step;
    private final IntervalCalibrators calibrators;
    private final RememberedForecasts remembered;
    private final ProcessorContext<String, Outcome> context;
    private final ForecastingMetrics metrics;
    /** The topology's further quantiles ({@code interval.quantiles}); none unless it asks. */
    private final QuantileLayout quantileLayout;
    /** What the series' values can be ({@code values}): everything published is inside it. */
    private final ValueRange range;

    ForecastEmitter(
            TopologySpec spec,
            IntervalCalibrators calibrators,
            RememberedForecasts remembered,
            ProcessorContext<String, Outcome> context,
            ForecastingMetrics metrics) {
        this.spec = spec;
        this.step = spec.stepValue();
        this.calibrators = calibrators;
        this.remembered = remembered;
        this.context = context;
        this.metrics = metrics;
        this.quantileLayout = new QuantileLayout(spec.interval);
        this.range = spec.valueRange();
    }

    /**
     * Emits {@code values} as the forecast of {@code modelName} for the origin; {@code base} and
     * {@code network} are remembered beside it when both were computed (the gate compares them).
     */
    void emit(
            PendingOrigins.Origin origin,
            SeriesState state,
            String modelName,
            long version,
            double[] values,
            double[] base,
            double[] network) {
        IntervalCalibrator calibrator = calibrators.of(modelName);
        double scale = state.scale();
        Instant originTs = Instant.ofEpochMilli(state.lastTsMillis());
        double[] published = new double[spec.horizon];
        double[] halfWidths = new double[spec.horizon];
        double[][] quantiles = new double[quantileLayout.size()][spec.horizon];
        double[] extraHalfWidths = new double[calibrator.extraLevelCount()];
        float[] f = new float[spec.horizon];
        float[] lo = new float[spec.horizon];
        float[] hi = new float[spec.horizon];
        for (int h = 0; h < spec.horizon; h++) {
            double v = values[h];
            if (!Double.isFinite(v)) {
                // A network can only get here with corrupted weights; never publish a NaN: fall back.
                v = base != null && Double.isFinite(base[h])
                        ? base[h]
                        : SeasonalNaive.forecast(state.values(), spec.period, spec.horizon)[h];
            }
            v = range.clamp(v);
            double half = calibrator.halfWidth(h, scale);
            published[h] = v;
            halfWidths[h] = half;
            f[h] = (float) v;
            // Remembered as the point -/+ half-width (the record keeps half-widths); whoever reads
            // the bounds clamps them into the range, as PublishedForecastPoints publishes them.
            lo[h] = (float) (v - half);
            hi[h] = (float) (v + half);
            if (quantileLayout.size() > 0) {
                calibrator.extraHalfWidths(h, scale, extraHalfWidths);
                for (int i = 0; i < quantileLayout.size(); i++) {
                    quantiles[i][h] = range.clamp(quantileLayout.value(i, v, half, extraHalfWidths));
                }
            }
        }
        String series = origin.series();
        double[] probabilities = quantileLayout.probabilities();
        PublishedPoints points = new PublishedPoints(published, halfWidths, probabilities, quantiles);
        RememberedForecast made = new RememberedForecast(
                state.count() - 1,
                modelName,
                f,
                lo,
                hi,
                toFloats(base),
                toFloats(network),
                version,
                originTs.toEpochMilli(),
                probabilities.length == 0 ? null : RememberedQuantiles.of(probabilities, quantiles, f));
        remembered.remember(series, origin.recent(), made, points);
        Forecast forecast = LatestForecast.of(series, made, points, step, spec.name, range);
        context.forward(new Record<>(series, new Outcome.Forecasted(forecast), origin.recordTs()));
        long now = System.currentTimeMillis();
        metrics.forecastEmitted(modelName, Math.max(0, now - origin.recordTs()));
        if (origin.receivedNanos() >= 0) {
            metrics.processingLatency(System.nanoTime() - origin.receivedNanos());
        }
    }

    private static float[] toFloats(double[] a) {
        if (a == null) {
            return null;
        }
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}
