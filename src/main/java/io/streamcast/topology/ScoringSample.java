package io.streamcast.topology;

import io.streamcast.series.RecentForecasts;
import io.streamcast.series.RememberedForecast;
import java.util.function.LongSupplier;

/**
 * Which of a task's forecasts are kept to be scored as their actuals arrive: every one while the
 * task has few series, every k-th origin of each series once it has many.
 *
 * <p>Why a sample: what scoring feeds keeps bounded windows. A step's interval calibrator keeps
 * its last 200 errors ({@link io.streamcast.model.IntervalCalibrator}), the accuracy gauges their
 * last 500 points per horizon bucket, the correction gate about 200 pairs per horizon step. A task
 * with n series scores n forecasts per horizon step in every time step of its series, so past a
 * few hundred series each time step's errors push the previous ones out several times over, and
 * scoring them all buys nothing those windows keep. It cost plenty: every remembered forecast is
 * decoded, scored and written again with each observation of its series, H(H+1)/2 steps per
 * record, a quarter of the stream thread's time in the performance issue's drain. With k =
 * {@code n / scoring.perStep} (by default {@value #SCORED_PER_STEP}; at least 1, at most H) a time step still scores at least
 * {@code scoring.perStep} forecasts per horizon step across the task's series, enough to turn
 * each of those windows over within a time step, and the record keeps about H/k forecasts
 * besides the newest.
 *
 * <p>Which: the origins whose index plus the series' hash is a multiple of k, so each series is
 * sampled every k steps, in phases spread over the series (a time step's sample is a cross-section
 * of the task, not the same series each time). The newest forecast is always kept, sampled or not:
 * it judges anomalies (the latest forecast of a step judges it), answers REST and tells a restarted
 * task that its origin was forecast. Outside the sample it is not scored, and it leaves the record
 * when the next forecast arrives. k moves as series arrive; a forecast's fate is decided by the k of
 * the moment (whether its first step scores, whether it stays once superseded): a change of k
 * leaves a few forecasts scored in part, which no window can tell.
 *
 * <p>Backtests and topologies of fewer than 2 x {@code scoring.perStep} series per task score
 * everything, as before: the accuracy and coverage figures of the README do not depend on this;
 * {@code scoring.perStep: 0} scores everything whatever the count.
 */
final class ScoringSample {
    /** The default of {@code scoring.perStep}: a calibrator's window of errors per horizon step. */
    static final int SCORED_PER_STEP = 200;

    private final int horizon;
    /** {@code scoring.perStep}; 0: every forecast is scored. */
    private final int perStep;

    private final LongSupplier seriesInTask;

    ScoringSample(int horizon, int perStep, LongSupplier seriesInTask) {
        this.horizon = horizon;
        this.perStep = perStep;
        this.seriesInTask = seriesInTask;
    }

    /** k: one origin in this many of each series is scored. */
    int every() {
        return every(seriesInTask.getAsLong(), horizon, perStep);
    }

    /** k for a task of {@code seriesInTask} series: 1 (all) below 2 x {@code perStep} or with {@code perStep} 0. */
    static int every(long seriesInTask, int horizon, int perStep) {
        return perStep == 0 ? 1 : (int) Math.max(1, Math.min(horizon, seriesInTask / perStep));
    }

    /** Whether the forecast of {@code series} made at {@code originIndex} is scored. */
    boolean includes(String series, long originIndex) {
        int k = every();
        return k == 1 || Math.floorMod(originIndex + series.hashCode(), k) == 0;
    }

    /**
     * The origin of a forecast in {@code recent} that is not to be scored, or -1: the newest when it
     * is outside the sample (every older one there was kept because it is in it).
     */
    long unscoredOrigin(String series, RecentForecasts recent) {
        RememberedForecast newest = recent.newest();
        return newest == null || includes(series, newest.originIndex()) ? -1 : newest.originIndex();
    }

    /** The series whose forecasts a time step scores, about: what each outcome's share of an adaptive step is. */
    long scoredSeries() {
        long n = seriesInTask.getAsLong();
        return Math.max(1, n / every(n, horizon, perStep));
    }
}
