package io.streamcast.topology;

import io.streamcast.config.TopologySpec;
import io.streamcast.series.BaseConstants;
import io.streamcast.series.SeriesState;
import io.streamcast.series.Smoothing;
import io.streamcast.series.SmoothingParams;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The smoothing base of one task: each series' own constants (the topology's, or those fitting
 * gave the series) and, when the base adapts online ({@code base.adaptive}), the alternatives over
 * them, each run by every series, with a {@link BaseSelector} choosing the candidate that forecasts
 * (own or alternative i, for every series of the task alike). Without alternatives it is the own
 * constants alone, exactly the base as it was before it could adapt.
 *
 * <p>The network is not touched: its inputs and its correction stay those of each series' own
 * constants (what it was trained on), and the correction gate judges it against that base, the
 * one it corrects; only what serves where the correction has not proved itself follows the choice.
 */
final class AdaptiveBase {
    private static final Logger LOG = LoggerFactory.getLogger(AdaptiveBase.class);

    private final String who;
    private final BaseConstants constants;
    private final TopologySpec.Base spec;
    private final boolean adapts;
    /** The alternatives over each distinct set of own constants (few: a grid's points), built once each. */
    private final Map<SmoothingParams, SmoothingParams[]> alternatives = new HashMap<>();

    private static final SmoothingParams[] NONE = new SmoothingParams[0];
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
        this.spec = spec.base;
        this.adapts = spec.baseAdapts();
        this.constants = spec.base.constants();
        int candidates = 1 + alternatives(constants.topology()).length;
        this.selector = candidates == 1
                ? null
                : new BaseSelector(candidates, spec.baseAdaptiveMemory(), spec.training.promotionMargin);
        this.errors = new double[candidates];
        this.horizon = spec.horizon;
        this.recent = selector == null ? null : new CandidateForecasts(candidates, spec.horizon);
        this.forecasts = new double[candidates][];
    }

    /** The series' own constants: what its network inputs and training examples are built with. */
    SmoothingParams own(String series) {
        return constants.of(series);
    }

    /** The alternatives' constants over {@code own}, for the series state to run (empty when the base does not adapt). */
    SmoothingParams[] alternatives(SmoothingParams own) {
        // Per record: without adapting there is nothing to look up.
        return adapts ? alternatives.computeIfAbsent(own, o -> spec.alternativeParams(o, true)) : NONE;
    }

    /**
     * Scores every candidate's forecasts made for {@code y}, a value of {@code series} about to be
     * appended to {@code state} of that {@code scale} ({@link SeriesState#scale}), for the {@link
     * BaseSelector}: series in the sample only (see {@link CandidateForecasts} for the sample and
     * the error).
     */
    void observe(String series, SeriesState state, double scale, double y, long seriesInTask) {
        if (selector == null || !recent.tracks(series, seriesInTask)) {
            return;
        }
        if (recent.errors(series, state.count(), y, scale, errors)) {
            // A step of memory is an observation of each series that feeds the comparison.
            selector.observe(errors, Math.min(seriesInTask, recent.tracked()));
        }
    }

    /**
     * Remembers every candidate's forecast from {@code state}'s newest value, for a series in the
     * sample ({@link #observe} admitted it), once every candidate is ready (until then the series'
     * values are not compared). {@code own} are the series' own constants.
     */
    void remember(String series, SeriesState state, SmoothingParams own) {
        if (selector == null || !recent.contains(series) || !ready(state)) {
            return;
        }
        SmoothingParams[] alternatives = alternatives(own);
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

    /**
     * The serving candidate's forecast for a series' {@code state}, in its units, {@code own} being
     * the series' own constants; call only when {@link #ready}.
     */
    double[] forecast(SeriesState state, SmoothingParams own, int horizon) {
        int chosen = chosen();
        Smoothing s = state.candidate(chosen);
        return s.forecast(horizon, s == state.smoothing() ? own : alternatives(own)[chosen - 1]);
    }

    /** 0 for each series' own constants, i for alternative i - 1. */
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
        String ownCount = constants.bySeries().isEmpty()
                ? ""
                : " (" + constants.bySeries().size() + " series with constants of their own)";
        return candidate == 0
                ? "its own constants " + constants.topology() + ownCount
                : "alternative " + candidate + " " + alternatives(constants.topology())[candidate - 1] + ownCount;
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
