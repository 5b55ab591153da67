package io.streamcast.topology;

import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Anomaly;
import io.streamcast.emit.Step;
import io.streamcast.emit.ValueRange;
import io.streamcast.model.SeasonalNaive;
import io.streamcast.series.RememberedForecast;
import java.time.Instant;
import java.util.List;

/**
 * Judges an arriving actual against the interval forecast for it. Of the remembered forecasts
 * with a step at the actual, only the most recent one that qualifies judges it (the smallest
 * horizon step: the forecast that knew the most), so an actual is reported at most once, not once
 * per forecast that covered it. A forecast qualifies when it has an interval, came from the base or
 * the network (a naive fallback's interval rests on a scale measured over a handful of values, so
 * every new series would start with false alarms), and was made at most {@code anomaly.maxStep}
 * steps before. Stateless: what it needs arrives with each call.
 */
final class AnomalyDetector {
    private final String topology;
    private final Step step;
    private final int maxStep;
    private final double minScore;
    /** The topology's {@code values}: an actual is judged against the bounds as published, inside it. */
    private final ValueRange range;

    AnomalyDetector(TopologySpec spec) {
        this.topology = spec.name;
        this.step = spec.stepValue();
        this.maxStep = spec.anomalyMaxStepValue();
        this.minScore = spec.anomaly.minScore;
        this.range = spec.valueRange();
    }

    /**
     * @param due the forecasts with a step at this actual ({@link io.streamcast.series.RecentForecasts#dueAt})
     * @param index the actual's observation index in its series
     * @param scale the series' seasonal scale, which scores a zero-width interval
     * @param resolution the smallest move the series' readings make ({@link io.streamcast.series.SeriesState#resolution}):
     *     the score's unit when the half-width is smaller
     * @return the anomaly, or null when the actual is inside, unjudged, or scores below {@code anomaly.minScore}
     */
    Anomaly judge(
            String series,
            List<RememberedForecast> due,
            long index,
            Instant ts,
            double actual,
            double scale,
            double resolution) {
        RememberedForecast judge = null;
        for (RememberedForecast p : due) {
            int h = (int) (index - p.originIndex());
            if (qualifies(p, h) && (judge == null || p.originIndex() > judge.originIndex())) {
                judge = p;
            }
        }
        if (judge == null) {
            return null;
        }
        int h = (int) (index - judge.originIndex());
        float lowerKept = (float) range.clamp(judge.lower()[h - 1]);
        float upperKept = (float) range.clamp(judge.upper()[h - 1]);
        double lower = lowerKept;
        double upper = upperKept;
        if (!(actual < lower || actual > upper)) {
            return null;
        }
        double distance = actual > upper ? actual - upper : lower - actual;
        // In half-widths, but never in less than one quantum of the readings: a reading cannot
        // move by less, so its smallest move past an interval narrower than that is not news.
        double unit = Math.max((upper - lower) / 2, resolution);
        double score = unit > 0 ? distance / unit : distance / scale;
        if (!Double.isFinite(score) || score < minScore) {
            return null;
        }
        Instant origin = judge.originMillis() != RememberedForecast.UNKNOWN
                ? Instant.ofEpochMilli(judge.originMillis())
                : step.before(ts, h);
        Long version = judge.version() != RememberedForecast.UNKNOWN ? judge.version() : null;
        return new Anomaly(
                series,
                ts,
                actual,
                shortest(judge.forecast()[h - 1]),
                shortest(lowerKept),
                shortest(upperKept),
                h,
                origin,
                judge.model(),
                version,
                topology,
                score);
    }

    private boolean qualifies(RememberedForecast p, int h) {
        return h >= 1
                && h <= maxStep
                && h <= p.forecast().length
                && p.lower() != null
                && p.upper() != null
                && !SeasonalNaive.isFallback(p.model())
                && Float.isFinite(p.lower()[h - 1])
                && Float.isFinite(p.upper()[h - 1]);
    }

    /**
     * The remembered single-precision value as the double its shortest decimal form names: 13.1f,
     * not 13.100000381469727, in the message (the bounds themselves are judged as stored).
     */
    private static double shortest(float f) {
        return Double.parseDouble(Float.toString(f));
    }
}
