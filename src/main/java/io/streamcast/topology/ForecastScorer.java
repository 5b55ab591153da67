package io.streamcast.topology;

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

    ForecastScorer(IntervalCalibrators calibrators, CorrectionGate gate, AccuracyMetrics metrics) {
        this.calibrators = calibrators;
        this.gate = gate;
        this.metrics = metrics;
    }

    /**
     * Scores {@code due}, the forecasts made h steps before the value that just arrived (it becomes
     * index {@code state.count()}), except the one made at {@code unscoredOrigin} (outside the
     * task's {@link ScoringSample}; -1: none). {@code scoredSeries} is how many series' forecasts
     * a time step scores: what one outcome's share of an adaptive conformal step is.
     */
    void score(List<RememberedForecast> due, long unscoredOrigin, SeriesState state, double actual, long scoredSeries) {
        long index = state.count();
        double scale = state.seasonalScale();
        for (RememberedForecast p : due) {
            int h = (int) (index - p.originIndex());
            if (h < 1 || h > p.forecast().length || p.originIndex() == unscoredOrigin) {
                continue;
            }
            double f = p.forecast()[h - 1];
            double lo = p.lower() == null ? Double.NaN : p.lower()[h - 1];
            double hi = p.upper() == null ? Double.NaN : p.upper()[h - 1];
            metrics.scored(h, actual, f, scale, lo, hi);
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
            calibrator.observe(h - 1, Math.abs(actual - f), scale);
            if (p.lower() != null && p.upper() != null) {
                calibrator.outcome(h - 1, actual >= lo && actual <= hi, scoredSeries);
            }
            if (p.network() != null && p.base() != null) {
                gate.observe(Math.abs(actual - p.network()[h - 1]) / scale, Math.abs(actual - p.base()[h - 1]) / scale);
            }
        }
    }
}
