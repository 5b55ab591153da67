package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.emit.Step;
import io.streamcast.emit.StepGrid;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorerTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final double EPS = 1e-9;

    // y = 10 12 11 14 13: five points, so the protocol clamps the first origin to index 1 and
    // scores origins 1..3; with period 1 the MASE scale is |12 - 10| = 2.
    private static final Map<String, List<SeriesPoint>> SHORT = Map.of("s", series(10, 12, 11, 14, 13));

    @Test
    void modelErrorsMatchHandComputedFigures() {
        List<ForecastRow> rows = List.of(
                row("s", 1, 1, 12, 10.0, 12.0), // actual 11: |e| 1, inside [10, 12]
                row("s", 1, 2, 12, null, null), // actual 14: |e| 2
                row("s", 2, 1, 13, 12.0, 13.0), // actual 14: |e| 1, outside [12, 13]
                row("s", 2, 2, 15, null, null), // actual 13: |e| 2
                row("s", 3, 1, 13, null, null)); // actual 13: |e| 0

        BacktestScore score = Scorer.score(SHORT, rows, 1, 2, 0.2);

        ErrorStats all = score.model().overall();
        assertEquals(5, score.scorablePairs());
        assertEquals(5, all.count());
        assertEquals(6.0 / 5, all.mae(), EPS);
        assertEquals(Math.sqrt(10.0 / 5), all.rmse(), EPS);
        assertEquals((200.0 / 23 + 400.0 / 26 + 200.0 / 27 + 400.0 / 28 + 0) / 5, all.smape(), EPS);
        assertEquals(0.6, all.mase(), EPS);
        assertEquals(0.5, all.coverage(), EPS);
        // Intervals of width 2 and 1, the second missed by 1; scaled by 2.
        assertEquals(0.75, all.intervalWidth(), EPS);
        assertEquals(0.25, all.intervalMiss(), EPS);
        assertEquals(0.75 + 2 / 0.2 * 0.25, all.msis(0.8), EPS);

        assertEquals(2.0 / 3, score.model().atHorizon(1).mae(), EPS);
        assertEquals(2.0, score.model().atHorizon(2).rmse(), EPS);
        assertNull(score.model().atHorizon(2).coverage(), "no h=2 row carries bounds");
        assertNull(score.model().atHorizon(2).msis(0.8));
        assertNull(score.naive().overall().msis(0.8), "the baselines give no intervals");
        assertEquals(0, score.missingForecasts());
    }

    @Test
    void naiveBaselineRepeatsTheLastSeenValue() {
        BacktestScore score = Scorer.score(SHORT, List.of(), 1, 2, 0.2);

        // origin 1 forecasts 12 for 11 and 14, origin 2 forecasts 11 for 14 and 13, origin 3 forecasts 14 for 13
        assertEquals(9.0 / 5, score.naive().overall().mae(), EPS);
        assertEquals(0.9, score.naive().overall().mase(), EPS);
        assertEquals(2.0, score.series().get(0).scale(), EPS);
    }

    @Test
    void seasonalNaiveUsesTheSamePhaseOfTheLastFullSeasonForEveryHorizon() {
        // y = i + pattern: seasonal differences are all 4, so the in-sample scale is 4 and seasonal
        // naive is off by 4 for h = 1..4 and by 8 for h = 5..8 (it reaches back two seasons).
        double[] pattern = {0, 5, -3, 2};
        double[] y = new double[40];
        for (int i = 0; i < y.length; i++) {
            y[i] = i + pattern[i % 4];
        }
        BacktestScore score = Scorer.score(Map.of("s", series(y)), List.of(), 4, 8, 0.2);

        for (int h = 1; h <= 8; h++) {
            assertEquals(h <= 4 ? 4.0 : 8.0, score.seasonalNaive().atHorizon(h).mae(), EPS, "h=" + h);
            assertEquals(h <= 4 ? 1.0 : 2.0, score.seasonalNaive().atHorizon(h).mase(), EPS, "h=" + h);
        }
        assertEquals(4.0, score.series().get(0).scale(), EPS);
    }

    @Test
    void missingModelForecastsAreCountedPerRunAndPerSeries() {
        List<ForecastRow> rows = new ArrayList<>(List.of(
                row("s", 1, 1, 12, null, null), row("s", 2, 1, 13, null, null), row("s", 3, 1, 13, null, null)));

        BacktestScore score = Scorer.score(SHORT, rows, 1, 2, 0.2);

        assertEquals(2, score.missingForecasts(), "origins 1 and 2 have no h=2 forecast");
        assertEquals(2, score.series().get(0).missingForecasts());
        assertEquals(3, score.model().overall().count());
        assertEquals(0, score.model().atHorizon(2).count());
        assertEquals(5, score.naive().overall().count(), "baselines cover every scorable pair");
        assertTrue(BacktestReport.verdict(score).contains("incomplete: 2 of 5"), BacktestReport.verdict(score));
    }

    @Test
    void brokenForecastsAreCountedNotScored() {
        List<ForecastRow> rows = List.of(
                row("s", 1, 1, Double.NaN, null, null),
                row("s", 1, 2, 12, null, null),
                row("s", 1, 2, 99, null, null), // duplicate: the first row counts
                new ForecastRow("s", ts(2), 1, ts(4), 14, null, null), // targets the wrong ts
                row("s", 2, 2, 13, null, null),
                row("s", 3, 1, 13, null, null),
                row("s", 0, 1, 50, null, null), // warm-up origin before the first scored one: ignored
                row("s", 3, 2, 50, null, null)); // target past the end of the data: ignored

        BacktestScore score = Scorer.score(SHORT, rows, 1, 2, 0.2);

        assertEquals(1, score.nonFiniteForecasts());
        assertEquals(1, score.duplicateForecasts());
        assertEquals(1, score.targetTsMismatches());
        assertEquals(0, score.missingForecasts());
        assertEquals(4, score.model().overall().count());
        assertEquals((2 + 0 + 0 + 0) / 4.0, score.model().overall().mae(), EPS);
    }

    @Test
    void seriesTooShortForASeasonalScaleHaveNoMase() {
        BacktestScore score = Scorer.score(Map.of("s", series(1, 2, 3, 4, 5, 6)), List.of(), 12, 1, 0.2);

        assertFalse(score.series().get(0).hasScale());
        assertTrue(Double.isNaN(score.naive().overall().mase()));
        assertEquals(1.0, score.naive().overall().mae(), EPS, "the other figures are still there");
    }

    @Test
    void seriesOfTheSameShapeAtAnotherScaleHaveTheSameMase() {
        // Same shape, one series ten times larger: the MASEs agree, so their mean equals each.
        Map<String, List<SeriesPoint>> two = new LinkedHashMap<>();
        two.put("small", series(10, 12, 11, 14, 13));
        two.put("large", series(100, 120, 110, 140, 130));

        BacktestScore score = Scorer.score(two, List.of(), 1, 2, 0.2);

        assertEquals(0.9, score.naive().overall().mase(), EPS);
        assertEquals(0.9, score.series().get(1).naive().mase(), EPS);
        assertEquals((9.0 / 5 + 90.0 / 5) / 2, score.naive().overall().mae(), EPS);
        assertEquals(
                List.of("small", "large"),
                score.series().stream().map(SeriesScore::series).toList());
    }

    @Test
    void dataSetMaseIsTheMeanOfPerSeriesMasesWhileMaeIsPooledOverPairs() {
        // "short" is SHORT: 5 naive pairs, scale 2, naive MASE 0.9 (h=1: errors 1, 3, 1 -> 5/6).
        // "zigzag" has 6 points, scale 10 and 7 naive pairs: origins 1..4, every h=1 error is 10
        // and every h=2 error 0, so its MASE is 40/7/10 = 4/7 (h=1: 1). Pooling the scaled errors
        // would give (4.5 + 4) / 12 overall and (2.5 + 4) / 7 at h=1 instead.
        Map<String, List<SeriesPoint>> two = new LinkedHashMap<>();
        two.put("short", series(10, 12, 11, 14, 13));
        two.put("zigzag", series(100, 110, 100, 110, 100, 110));

        BacktestScore score = Scorer.score(two, List.of(), 1, 2, 0.2);

        assertEquals(12, score.scorablePairs());
        assertEquals(0.9, score.series().get(0).naive().mase(), EPS);
        assertEquals(4.0 / 7, score.series().get(1).naive().mase(), EPS);
        assertEquals((0.9 + 4.0 / 7) / 2, score.naive().overall().mase(), EPS);
        assertEquals((5.0 / 6 + 1) / 2, score.naive().atHorizon(1).mase(), EPS);
        assertEquals((9.0 + 40) / 12, score.naive().overall().mae(), EPS, "MAE stays pooled over pairs");
    }

    @Test
    void seriesWithoutAScaleOrWithoutScoredModelPairsStayOutOfTheMaseMean() {
        Map<String, List<SeriesPoint>> three = new LinkedHashMap<>();
        three.put("short", series(10, 12, 11, 14, 13));
        three.put("flat", series(5, 5, 5, 6, 7)); // constant before the first origin: no scale
        three.put("unforecast", series(100, 110, 100, 110, 100, 110));
        List<ForecastRow> rows = List.of(row("short", 1, 1, 12, null, null), row("flat", 1, 1, 5, null, null));

        BacktestScore score = Scorer.score(three, rows, 1, 1, 0.2);

        // Naive MASE: short 5/6 (errors 1, 3, 1 over scale 2), flat none, unforecast 1 (10 over 10).
        assertEquals((5.0 / 6 + 1) / 2, score.naive().overall().mase(), EPS);
        assertEquals(0.5, score.model().overall().mase(), EPS, "only short has a model MASE: |12 - 11| / 2");
    }

    @Test
    void seriesWithMoreThan500OriginsIsScoredAt500OriginsIncludingFirstAndLast() {
        // 3000 points, holdout 0.2: 600 origins, indices 2399..2998; H = 1 gives one pair per origin.
        double[] y = new double[3000];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 7;
        }
        Map<String, List<SeriesPoint>> actuals = Map.of("long", series(y));
        List<ForecastRow> firstAndLast =
                List.of(row("long", 2399, 1, 1, null, null), row("long", 2998, 1, 1, null, null));

        BacktestScore score = Scorer.score(actuals, firstAndLast, 1, 1, 0.2);

        assertEquals(500, score.series().get(0).origins());
        assertEquals(500, score.scorablePairs());
        assertEquals(500, score.naive().overall().count());
        assertEquals(2, score.model().overall().count(), "the first and the last origin are scored");
        assertEquals(498, score.missingForecasts(), "only scored pairs count as missing");
    }

    @Test
    void forecastsAtOriginsTheSubsamplingSkipsAreIgnored() {
        double[] y = new double[3000];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 7;
        }
        List<ForecastRow> everyOrigin = new ArrayList<>();
        for (int t = 2399; t <= 2998; t++) {
            everyOrigin.add(row("long", t, 1, y[t], null, null)); // naive
        }

        BacktestScore score = Scorer.score(Map.of("long", series(y)), everyOrigin, 1, 1, 0.2);

        assertEquals(0, score.missingForecasts());
        assertEquals(500, score.model().overall().count());
        assertEquals(score.naive().overall().mae(), score.model().overall().mae(), EPS);
    }

    @Test
    void baseIsScoredOnTheSamePairsAsTheModel() {
        List<ForecastRow> model =
                List.of(row("s", 1, 1, 12, null, null), row("s", 2, 1, 13, null, null), row("s", 3, 1, 13, null, null));
        List<ForecastRow> base = List.of(
                row("s", 0, 1, 99, null, null), // warm-up origin: ignored like the model's
                row("s", 1, 1, 10, null, null), // actual 11: |e| 1
                row("s", 2, 1, 10, null, null), // actual 14: |e| 4
                row("s", 3, 1, Double.NaN, null, null), // not scored
                row("s", 3, 2, 99, null, null)); // past the end of the data: ignored

        BacktestScore score = Scorer.score(SHORT, model, base, 1, 1, 0.2);

        assertEquals(3, score.scorablePairs());
        assertEquals(0, score.missingForecasts(), "base gaps are not the model's");
        assertEquals(2, score.base().overall().count());
        assertEquals(5.0 / 2, score.base().overall().mae(), EPS);
        assertEquals(5.0 / 2 / 2, score.base().overall().mase(), EPS);
        assertEquals(5.0 / 2 / 2, score.base().atHorizon(1).mase(), EPS);
        assertEquals(5.0 / 2 / 2, score.series().get(0).base().mase(), EPS);
        assertEquals("base", score.base().method());
    }

    @Test
    void withoutBaseForecastsThereIsNoBase() {
        BacktestScore score = Scorer.score(SHORT, List.of(), 1, 2, 0.2);

        assertNull(score.base());
        assertNull(score.series().get(0).base());
    }

    /**
     * Steps are counted by timestamp: with a day missing, readings minutes off their day's time and
     * a second reading within a day (which the topology dead-letters), a forecaster that forecasts
     * every target exactly, at the grid's times, scores 0 with no pair missing or mismatched; the
     * pairs whose target day was never observed are not scorable.
     */
    @Test
    void stepsAreCountedByTimestamp() {
        List<SeriesPoint> points = new ArrayList<>();
        List<Integer> observedDays = new ArrayList<>();
        for (int day = 0; day < 30; day++) {
            if (day == 26) {
                continue;
            }
            int minutesOff = day == 22 ? 7 : day == 24 ? -12 : 0;
            points.add(new SeriesPoint(ts(day).plus(Duration.ofMinutes(minutesOff)), 2 * day));
            observedDays.add(day);
            if (day == 25) {
                points.add(new SeriesPoint(ts(day).plus(Duration.ofMinutes(20)), 999));
            }
        }
        List<ForecastRow> exact = new ArrayList<>();
        for (int origin : observedDays) {
            for (int h = 1; h <= 3; h++) {
                exact.add(new ForecastRow("s", ts(origin), h, ts(origin + h), 2 * (origin + h), null, null));
            }
        }
        int expectedPairs = 0;
        for (int t : HoldoutProtocol.scoredOrigins(observedDays.size(), 0.2)) {
            for (int h = 1; h <= 3; h++) {
                expectedPairs += observedDays.contains(observedDays.get(t) + h) ? 1 : 0;
            }
        }

        // A clock step: the series keeps the grid's times, as the forecasts name them.
        StepGrid grid = new StepGrid(Step.parse("PT24H"), 10);
        BacktestScore score = Scorer.score(Map.of("s", points), exact, null, 1, 3, 0.2, grid);

        assertEquals(expectedPairs, score.scorablePairs());
        assertEquals(0, score.missingForecasts());
        assertEquals(0, score.targetTsMismatches());
        assertEquals(0, score.model().overall().mase(), EPS);
        assertEquals(2.0, score.naive().atHorizon(1).mae(), EPS, "naive errs by one day's rise, gap or not");
        BacktestScore byRow = Scorer.score(Map.of("s", points), exact, 1, 3, 0.2);
        assertTrue(
                byRow.model().overall().mase() > 0,
                "counted by rows, the same forecasts are scored against the wrong actuals");
    }

    static List<SeriesPoint> series(double... values) {
        List<SeriesPoint> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new SeriesPoint(ts(i), values[i]));
        }
        return points;
    }

    static Instant ts(int index) {
        return T0.plus(Duration.ofDays(index));
    }

    static ForecastRow row(String series, int origin, int h, double forecast, Double lower, Double upper) {
        return new ForecastRow(series, ts(origin), h, ts(origin + h), forecast, lower, upper);
    }
}
