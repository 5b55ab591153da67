package io.streamcast.backtest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Everything a backtest measured: the model, the two baselines and, when given, a base method on
 * the same scorable (origin, h) pairs, per horizon, overall and per series, plus every way the
 * model's forecasts fell short of the product's promise of a forecast for every origin.
 *
 * @param scorablePairs        (origin, h) pairs the protocol scores; the baselines cover all of them
 * @param missingForecasts     scorable pairs without a model forecast
 * @param nonFiniteForecasts   scorable pairs whose model forecast was NaN or infinite (not scored)
 * @param duplicateForecasts   extra rows for a (series, origin, h) already seen (the first is used)
 * @param targetTsMismatches   model rows whose {@code ts} differs from the actual's ts h steps on
 *                             (scored all the same; a sign of a wrong step or calendar)
 * @param base                 the base method's forecasts on the same pairs (e.g. the model
 *                             without online learning), {@code null} when none was given; pairs
 *                             without a usable base forecast are not in its count
 * @param network              the network's own forecasts on the same pairs (its correction served
 *                             whatever the correction gate would have said), {@code null} when not replayed:
 *                             whether the network beats the base it corrects, apart from what was served
 * @param intervalLevel        the coverage the served intervals aim at (the topology's
 *                             {@code interval.coverage}, e.g. 0.8), beside which {@code model}'s
 *                             coverage is read; {@code null} when not given
 * @param quantiles            the served forecasts' further quantiles ({@code interval.quantiles})
 *                             scored, in ascending probability; {@code null} when they carried none
 * @param anomalies            how many actuals the served intervals flagged as anomalies during
 *                             the replay; {@code null} when not counted
 */
public record BacktestScore(
        int period,
        int horizon,
        double holdout,
        int scorablePairs,
        int missingForecasts,
        int nonFiniteForecasts,
        int duplicateForecasts,
        int targetTsMismatches,
        MethodScore model,
        MethodScore naive,
        MethodScore seasonalNaive,
        MethodScore base,
        List<SeriesScore> series,
        MethodScore network,
        Double intervalLevel,
        List<QuantileScore> quantiles,
        AnomalyTally anomalies) {
    public BacktestScore {
        series = List.copyOf(series);
        quantiles = quantiles == null ? null : List.copyOf(quantiles);
    }

    public BacktestScore(
            int period,
            int horizon,
            double holdout,
            int scorablePairs,
            int missingForecasts,
            int nonFiniteForecasts,
            int duplicateForecasts,
            int targetTsMismatches,
            MethodScore model,
            MethodScore naive,
            MethodScore seasonalNaive,
            MethodScore base,
            List<SeriesScore> series) {
        this(
                period,
                horizon,
                holdout,
                scorablePairs,
                missingForecasts,
                nonFiniteForecasts,
                duplicateForecasts,
                targetTsMismatches,
                model,
                naive,
                seasonalNaive,
                base,
                series,
                null,
                null,
                null,
                null);
    }

    /**
     * The served intervals' mean scaled interval score over all horizons, at {@link #intervalLevel};
     * null without intervals or a level. In the JSON report as {@code msis}, so the tables read it
     * rather than compute it again.
     */
    @JsonProperty("msis")
    public Double msis() {
        return intervalLevel == null ? null : model.overall().msis(intervalLevel);
    }

    /** This score with the network's own figures beside it. */
    public BacktestScore withNetwork(MethodScore network) {
        return with(network, intervalLevel, quantiles, anomalies);
    }

    /** This score with the nominal coverage of the served intervals beside it. */
    public BacktestScore withIntervalLevel(double level) {
        return with(network, level, quantiles, anomalies);
    }

    /** This score with the served quantiles' figures beside it (null: none). */
    public BacktestScore withQuantiles(List<QuantileScore> scored) {
        return with(network, intervalLevel, scored, anomalies);
    }

    /** This score with the anomaly events of the served replay counted beside it. */
    public BacktestScore withAnomalies(AnomalyTally tally) {
        return with(network, intervalLevel, quantiles, tally);
    }

    /** The figures a backtest adds after scoring; everything scored stays. */
    private BacktestScore with(
            MethodScore otherNetwork,
            Double otherLevel,
            List<QuantileScore> otherQuantiles,
            AnomalyTally otherAnomalies) {
        return new BacktestScore(
                period,
                horizon,
                holdout,
                scorablePairs,
                missingForecasts,
                nonFiniteForecasts,
                duplicateForecasts,
                targetTsMismatches,
                model,
                naive,
                seasonalNaive,
                base,
                series,
                otherNetwork,
                otherLevel,
                otherQuantiles,
                otherAnomalies);
    }
}
