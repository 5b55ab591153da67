package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * interval.quantiles on real data: the further quantiles the served forecasts carry are in order,
 * and the central intervals between pairs of them cover about their share of actuals, on the two
 * bundled sets whose 80% intervals BacktestAccuracyTest holds to 70-90% (base alone, as served
 * there). The band is that test's, 10 points around 80%, scaled to other levels as a binomial share's
 * spread scales, by sqrt(c (1 - c)) / 0.4: 12.5 points around 50%, 7.5 around 90%.
 */
class QuantileCalibrationTest {
    private static final List<String> QUANTILES = List.of("interval.quantiles=[0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]");

    private static double band(double coverage) {
        return 0.1 * Math.sqrt(coverage * (1 - coverage)) / 0.4;
    }

    @ParameterizedTest
    @ValueSource(strings = {"co2", "hourly-temps"})
    void centralIntervalsBetweenQuantilesCoverAboutTheirShare(String set) {
        Path data = Path.of("src/main/resources/data/" + (set.equals("co2") ? "co2.csv" : "vega_hourly_temps.csv"));
        BacktestScore score = BaseOnlyBacktest.run(set, data, QUANTILES, System.err);
        List<QuantileScore> q = score.quantiles();
        assertNotNull(q, "the served forecasts carried quantiles");
        assertEquals(
                List.of("0.05", "0.1", "0.25", "0.5", "0.75", "0.9", "0.95"),
                q.stream().map(QuantileScore::probability).toList());
        BacktestReport.quantileLines(score).forEach(System.err::println);
        for (int i = 1; i < q.size(); i++) {
            assertTrue(q.get(i - 1).shareBelow() <= q.get(i).shareBelow(), "in order: " + q);
        }
        for (int i = 0; i < 3; i++) {
            QuantileScore low = q.get(i);
            QuantileScore high = q.get(q.size() - 1 - i);
            double coverage = 1 - 2 * Double.parseDouble(low.probability());
            double covered = high.shareBelow() - low.shareBelow();
            assertEquals(
                    coverage,
                    covered,
                    band(coverage),
                    String.format(
                            Locale.ROOT, "%s: %.0f%% interval covers %.1f%%", set, 100 * coverage, 100 * covered));
        }
        QuantileScore median = q.get(3);
        assertEquals(0.5, median.shareBelow(), band(0.5), set + ": actuals at or below the median");
        // At p = 0.5 the pinball loss is half the absolute error: half the point's MASE.
        assertEquals(score.model().overall().mase() / 2, median.scaledPinball(), 1e-9);
    }

    @Test
    void aTopologyWithoutQuantilesScoresNone() {
        BacktestScore score =
                BaseOnlyBacktest.run("co2", Path.of("src/main/resources/data/co2.csv"), List.of(), System.err);
        assertEquals(null, score.quantiles());
        assertTrue(BacktestReport.quantileLines(score).isEmpty());
    }
}
