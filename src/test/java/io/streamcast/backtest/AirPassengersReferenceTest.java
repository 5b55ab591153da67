package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scorer against the published reference (data/README.md, R forecast 8.20): on AirPassengers
 * with period 12, H = 12 and holdout 0.2 (K = 28 origins), MASE naive 2.81, seasonal naive 1.60.
 */
class AirPassengersReferenceTest {
    static Map<String, List<SeriesPoint>> airPassengers() throws URISyntaxException {
        return SeriesCsv.read(Path.of(AirPassengersReferenceTest.class
                .getResource("/data/AirPassengers.csv")
                .toURI()));
    }

    @Test
    void baselinesReproduceTheReferenceMase() throws Exception {
        BacktestScore score = Scorer.score(airPassengers(), List.of(), 12, 12, 0.2);

        assertEquals(2.81, score.naive().overall().mase(), 0.005);
        assertEquals(1.60, score.seasonalNaive().overall().mase(), 0.005);
        SeriesScore series = score.series().get(0);
        assertEquals(144, series.points());
        assertEquals(28, series.origins());
        // 28 origins x 12 horizons minus the pairs that run past the end (11 + 10 + ... + 1).
        assertEquals(28 * 12 - 66, score.scorablePairs());
        assertEquals(score.scorablePairs(), score.missingForecasts());
    }

    @Test
    void aModelThatForecastsLikeSeasonalNaiveScoresLikeIt() throws Exception {
        Map<String, List<SeriesPoint>> actuals = airPassengers();
        List<ForecastRow> rows = seasonalNaiveRows(actuals.get("AirPassengers"), 12, 12);

        BacktestScore score = Scorer.score(actuals, rows, 12, 12, 0.2);

        assertEquals(0, score.missingForecasts());
        assertEquals(0, score.targetTsMismatches());
        assertEquals(
                score.seasonalNaive().overall().mase(), score.model().overall().mase(), 1e-12);
        assertTrue(
                BacktestReport.verdict(score).startsWith("model MASE 1.60 vs seasonal naive 1.60 (same)"),
                BacktestReport.verdict(score));
    }

    /** Seasonal naive forecasts with a +-10% band from every origin, as a forecaster would emit them. */
    static List<ForecastRow> seasonalNaiveRows(List<SeriesPoint> points, int period, int horizon) {
        List<ForecastRow> rows = new ArrayList<>();
        for (int t = period; t < points.size() - 1; t++) {
            for (int h = 1; h <= horizon && t + h < points.size(); h++) {
                double f =
                        points.get(t + h - period * ((h + period - 1) / period)).value();
                rows.add(new ForecastRow(
                        "AirPassengers",
                        points.get(t).ts(),
                        h,
                        points.get(t + h).ts(),
                        f,
                        0.9 * f,
                        1.1 * f));
            }
        }
        return rows;
    }
}
