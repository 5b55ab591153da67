package io.streamcast.topology;

import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastPoint;
import io.streamcast.emit.Step;
import io.streamcast.metrics.ForecastingMetrics;
import io.streamcast.model.IntervalCalibrator;
import io.streamcast.model.SeasonalNaive;
import io.streamcast.series.RememberedForecast;
import io.streamcast.series.SeriesState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns a computed forecast into what leaves the task: the points with their intervals and target
 * timestamps, forwarded with the observation's record timestamp; the newest forecast per series
 * for the REST API; and the forecast remembered for scoring. It writes no series state: that
 * record is written once per observation, by the processor, before the origin is queued.
 */
final class ForecastEmitter {
    private final TopologySpec spec;
    private final Step step;
    private final IntervalCalibrators calibrators;
    private final RememberedForecasts remembered;
    private final KeyValueStore<String, Forecast> latest;
    private final ProcessorContext<String, Outcome> context;
    private final ForecastingMetrics metrics;

    ForecastEmitter(
            TopologySpec spec,
            IntervalCalibrators calibrators,
            RememberedForecasts remembered,
            KeyValueStore<String, Forecast> latest,
            ProcessorContext<String, Outcome> context,
            ForecastingMetrics metrics) {
        this.spec = spec;
        this.step = spec.stepValue();
        this.calibrators = calibrators;
        this.remembered = remembered;
        this.latest = latest;
        this.context = context;
        this.metrics = metrics;
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
        double scale = state.seasonalScale();
        Instant originTs = Instant.ofEpochMilli(state.lastTsMillis());
        List<ForecastPoint> points = new ArrayList<>(spec.horizon);
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
            double half = calibrator.halfWidth(h, scale);
            f[h] = (float) v;
            lo[h] = (float) (v - half);
            hi[h] = (float) (v + half);
            points.add(new ForecastPoint(h + 1, step.after(originTs, h + 1), v, v - half, v + half));
        }
        String series = origin.series();
        remembered.remember(
                series,
                new RememberedForecast(
                        state.count() - 1,
                        modelName,
                        f,
                        lo,
                        hi,
                        toFloats(base),
                        toFloats(network),
                        version,
                        originTs.toEpochMilli()));
        Forecast forecast = new Forecast(series, originTs, modelName, version, spec.name, points);
        latest.put(series, forecast);
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
