package io.streamcast.backtest;

import java.util.List;

/**
 * How one quantile the served forecasts carried ({@code interval.quantiles}) fared: a quantile of
 * probability p is right when about p of the actuals fall at or below it, at every horizon step.
 *
 * @param probability           the quantile's probability, as its key in the forecast ({@code "0.05"})
 * @param count                 scored pairs that carried it
 * @param shareBelow            share of those pairs whose actual fell at or below it, over all steps
 * @param shareBelowByHorizon   the same per horizon step (index h - 1; NaN for a step without pairs)
 * @param scaledPinball         mean pinball loss, max(p (y - q), (p - 1)(y - q)), divided by the
 *                              series' MASE scale and averaged per series like MASE (lower is
 *                              better; at p = 0.5 it is half the MASE of the point): it charges a
 *                              quantile for being far from the actuals as well as for being on the
 *                              wrong side of them too often; NaN without a usable scale
 */
public record QuantileScore(
        String probability, int count, double shareBelow, List<Double> shareBelowByHorizon, double scaledPinball) {}
