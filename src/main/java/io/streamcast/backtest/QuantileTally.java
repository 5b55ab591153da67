package io.streamcast.backtest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The served forecasts' further quantiles, scored series by series: per probability, how many
 * actuals fell at or below the quantile (pooled over pairs, per horizon step and overall) and the
 * scaled pinball loss (per series, then the mean over series, as MASE is).
 */
final class QuantileTally {
    private final int horizon;
    /** By probability's key; put in numeric order only for {@link #scores}. */
    private final Map<String, Quantile> quantiles = new HashMap<>();

    QuantileTally(int horizon) {
        this.horizon = horizon;
    }

    /** One scored pair at step {@code h} (1-based) whose forecast carried {@code values}, keyed by probability. */
    void add(int h, Map<String, Double> values, double actual, double scale) {
        if (values == null) {
            return;
        }
        values.forEach((key, value) -> {
            if (value != null && Double.isFinite(value)) {
                quantiles
                        .computeIfAbsent(key, k -> new Quantile(Double.parseDouble(k), horizon))
                        .add(h, value, actual, scale);
            }
        });
    }

    /** Closes the current series: its mean scaled pinball loss enters the per-series mean. */
    void endSeries() {
        quantiles.values().forEach(Quantile::endSeries);
    }

    /** The scores, in ascending probability; null when no forecast carried a quantile. */
    List<QuantileScore> scores() {
        if (quantiles.isEmpty()) {
            return null;
        }
        return quantiles.entrySet().stream()
                .sorted(Comparator.comparingDouble(e -> e.getValue().p))
                .map(e -> e.getValue().score(e.getKey()))
                .toList();
    }

    private static final class Quantile {
        private final double p;
        private final int[] count;
        private final int[] below;
        private double seriesLoss;
        private int seriesPairs;
        private double lossSum;
        private int seriesWithLoss;

        Quantile(double p, int horizon) {
            this.p = p;
            this.count = new int[horizon];
            this.below = new int[horizon];
        }

        void add(int h, double value, double actual, double scale) {
            count[h - 1]++;
            below[h - 1] += actual <= value ? 1 : 0;
            if (Double.isFinite(scale) && scale > 0) {
                double e = actual - value;
                seriesLoss += Math.max(p * e, (p - 1) * e) / scale;
                seriesPairs++;
            }
        }

        void endSeries() {
            if (seriesPairs > 0) {
                lossSum += seriesLoss / seriesPairs;
                seriesWithLoss++;
            }
            seriesLoss = 0;
            seriesPairs = 0;
        }

        QuantileScore score(String key) {
            int n = 0;
            int b = 0;
            List<Double> byHorizon = new ArrayList<>(count.length);
            for (int i = 0; i < count.length; i++) {
                n += count[i];
                b += below[i];
                byHorizon.add(count[i] == 0 ? Double.NaN : below[i] / (double) count[i]);
            }
            return new QuantileScore(
                    key,
                    n,
                    n == 0 ? Double.NaN : b / (double) n,
                    byHorizon,
                    seriesWithLoss == 0 ? Double.NaN : lossSum / seriesWithLoss);
        }
    }
}
