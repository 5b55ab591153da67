package io.streamcast.topology;

import io.streamcast.emit.ValueRange;
import io.streamcast.metrics.AccuracyMetrics;
import io.streamcast.model.IntervalCalibrator;
import io.streamcast.series.RememberedForecast;
import io.streamcast.series.RememberedQuantiles;
import io.streamcast.series.SeriesState;
import java.util.List;

/**
 * Scores the remembered forecasts that have a step at a newly arrived actual: the accuracy
 * metrics, the interval calibrator of the model that made each forecast, and the correction gate
 * (network against base, where both were made). Reads the remembered forecasts, never writes: they
 * are written when a forecast is emitted ({@link RememberedForecasts}). The processor reads them
 * once per actual and hands them here and to the {@link AnomalyDetector}.
 */
final class ForecastScorer {
    private final IntervalCalibrators calibrators;
    private final CorrectionGate gate;
    private final AccuracyMetrics metrics;
    /** The topology's seasonal period: a forecast made at index {@code period} or later had a seasonal scale. */
    private final int period;
    /** The topology's {@code values}: a forecast's bounds are scored as published, inside it. */
    private final ValueRange range;

    ForecastScorer(
            IntervalCalibrators calibrators,
            CorrectionGate gate,
            AccuracyMetrics metrics,
            int period,
            ValueRange range) {
        this.calibrators = calibrators;
        this.gate = gate;
        this.metrics = metrics;
        this.period = period;
        this.range = range;
    }

    /**
     * Scores {@code due}, the forecasts made h steps before the value that just arrived (it becomes
     * index {@code state.count()}; {@code scale} is the state's {@link SeriesState#scale}), except
     * the one made at {@code unscoredOrigin} (outside the
     * task's {@link ScoringSample}; -1: none). {@code scoredSeries} is how many series' forecasts
     * a time step scores: what one outcome's share of an adaptive conformal step is.
     */
    void score(
            List<RememberedForecast> due,
            long unscoredOrigin,
            SeriesState state,
            double scale,
            double actual,
            long scoredSeries) {
        long index = state.count();
        boolean seasonalNow = state.hasSeasonalScale();
        boolean hasScale = state.hasScale();
        for (RememberedForecast p : due) {
            int h = (int) (index - p.originIndex());
            if (h < 1 || h > p.forecast().length || p.originIndex() == unscoredOrigin) {
                continue;
            }
            // An error is a number of scale units only where the scale now is the kind the forecast's
            // interval was set in (the values' spread before a season and a step, the seasonal
            // difference after) and measures something. Otherwise it stays out of the calibrator and
            // the scaled accuracy: a new series' first error, divided by a single value's
            // placeholder scale, was 25 units where its neighbours' were under 1, and widened the
            // first day's h=1 intervals of the demo's naive forecasts to +-37 degrees.
            boolean inUnits = hasScale && seasonalNow == (p.originIndex() >= period);
            double f = p.forecast()[h - 1];
            double lo = p.lower() == null ? Double.NaN : range.clamp(p.lower()[h - 1]);
            double hi = p.upper() == null ? Double.NaN : range.clamp(p.upper()[h - 1]);
            metrics.scored(h, actual, f, inUnits ? scale : Double.NaN, lo, hi);
            RememberedQuantiles quantiles = p.quantiles();
            if (quantiles != null) {
                for (int i = 0; i < quantiles.probabilities().length; i++) {
                    float q = quantiles.values()[i][h - 1];
                    if (Float.isFinite(q) && Double.isFinite(actual)) {
                        metrics.quantileScored(h, quantiles.probabilities()[i], actual <= q);
                    }
                }
            }
            // Intervals learn from the errors of the model that made the forecast.
            IntervalCalibrator calibrator = calibrators.of(p.model());
            if (inUnits) {
                calibrator.observe(h - 1, Math.abs(actual - f), scale);
                if (p.lower() != null && p.upper() != null) {
                    calibrator.outcome(h - 1, actual >= lo && actual <= hi, scoredSeries);
                }
            }
            if (p.network() != null && p.base() != null) {
                gate.observe(Math.abs(actual - p.network()[h - 1]) / scale, Math.abs(actual - p.base()[h - 1]) / scale);
            }
        }
    }
}
