package io.streamcast.topology;

import io.streamcast.config.TopologySpec;
import io.streamcast.series.SeriesState;
import io.streamcast.series.Smoothing;
import io.streamcast.series.SmoothingParams;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The smoothing base of one task: the topology's constants and, when the base adapts online
 * ({@code base.adaptive}), its alternative constants, each run by every series, with a
 * {@link BaseSelector} choosing the set that forecasts. Without alternatives it is the topology's
 * constants alone, exactly the base as it was before it could adapt.
 *
 * <p>The network is not touched: its inputs and its correction stay those of the topology's own
 * constants (what it was trained on), and the correction gate judges it against that base, the
 * one it corrects; only what serves where the correction has not proved itself follows the choice.
 */
final class AdaptiveBase {
    private static final Logger LOG = LoggerFactory.getLogger(AdaptiveBase.class);

    private final String who;
    private final SmoothingParams own;
    private final SmoothingParams[] alternatives;
    /** Null when the base does not adapt. */
    private final BaseSelector selector;
    /** The candidates' errors of the observation at hand, reused: {@link #observe} runs per record. */
    private final double[] errors;
    /** The candidates' recent forecasts for a sample of the task's series; null when the base does not adapt. */
    private final CandidateForecasts recent;
    /** The candidates' forecasts from the newest value, reused: {@link #remember} runs per record. */
    private final double[][] forecasts;

    private final int horizon;

    /** The candidate that served at the last {@link #logChange} call. */
    private int reported;

    AdaptiveBase(TopologySpec spec) {
        this.who = spec.name;
        this.own = spec.base.params();
        this.alternatives = spec.base.alternativeParams(own, spec.baseAdapts());
        this.selector = alternatives.length == 0
                ? null
                : new BaseSelector(1 + alternatives.length, spec.baseAdaptiveMemory(), spec.training.promotionMargin);
        this.errors = new double[1 + alternatives.length];
        this.horizon = spec.horizon;
        this.recent = selector == null ? null : new CandidateForecasts(1 + alternatives.length, spec.horizon);
        this.forecasts = new double[1 + alternatives.length][];
    }

    /** The topology's own constants: what the network's inputs and training examples are built with. */
    SmoothingParams own() {
        return own;
    }

    /** The alternatives' constants, for the series state to run (empty when the base does not adapt). */
    SmoothingParams[] alternatives() {
        return alternatives;
    }

    /**
     * Scores every candidate's forecasts made for {@code y}, a value of {@code series} about to be
     * appended to {@code state}, for the {@link BaseSelector}: series in the sample only (see
     * {@link CandidateForecasts} for the sample and the error).
     */
    void observe(String series, SeriesState state, double y, long seriesInTask) {
        if (selector == null || !recent.tracks(series, seriesInTask)) {
            return;
        }
        if (recent.errors(series, state.count(), y, state.seasonalScale(), errors)) {
            // A step of memory is an observation of each series that feeds the comparison.
            selector.observe(errors, Math.min(seriesInTask, recent.tracked()));
        }
    }

    /**
     * Remembers every candidate's forecast from {@code state}'s newest value, for a series in the
     * sample ({@link #observe} admitted it), once every candidate is ready (until then the series'
     * values are not compared).
     */
    void remember(String series, SeriesState state) {
        if (selector == null || !recent.contains(series) || !ready(state)) {
            return;
        }
        forecasts[0] = state.smoothing().forecast(horizon, own);
        for (int c = 1; c <= alternatives.length; c++) {
            Smoothing candidate = state.candidate(c);
            if (candidate == state.smoothing()) {
                return; // that alternative is not ready yet: candidate() stood in the own one
            }
            forecasts[c] = candidate.forecast(horizon, alternatives[c - 1]);
        }
        recent.remember(series, state.count() - 1, forecasts);
    }

    /** True when the serving candidate is ready for {@code state}: its forecast is defined. */
    boolean ready(SeriesState state) {
        Smoothing s = state.smoothing();
        return s != null && s.ready();
    }

    /** The serving candidate's forecast for {@code state}, in the series' units; call only when {@link #ready}. */
    double[] forecast(SeriesState state, int horizon) {
        int chosen = chosen();
        Smoothing s = state.candidate(chosen);
        return s.forecast(horizon, s == state.smoothing() ? own : alternatives[chosen - 1]);
    }

    /** 0 for the topology's own constants, i for alternative i - 1. */
    int chosen() {
        return selector == null ? 0 : selector.chosen();
    }

    /**
     * Logs once, at DEBUG, when the serving constants changed since the last call: an operator
     * should be able to tell why a topology's base forecasts moved. Not INFO: while series warm up a
     * task can switch dozens of times (62 lines in the two-minute demo).
     */
    void logChange() {
        int now = chosen();
        if (!LOG.isDebugEnabled()) {
            reported = now;
            return;
        }
        if (now == reported) {
            return;
        }
        LOG.debug(String.format(
                Locale.ROOT,
                "%s: the base now forecasts with %s (mean error %.3f of the series' scale, %.3f with %s)",
                who,
                describe(now),
                selector.error(now),
                selector.error(reported),
                describe(reported)));
        reported = now;
    }

    private String describe(int candidate) {
        return candidate == 0
                ? "its own constants " + own
                : "alternative " + candidate + " " + alternatives[candidate - 1];
    }

    /** The selector's state when it changed since last saved, else null. */
    byte[] stateToSave() {
        return selector != null && selector.dirty() ? selector.toBytes() : null;
    }

    void restore(byte[] state) {
        if (selector != null) {
            selector.restore(state);
            reported = selector.chosen();
        }
    }
}
