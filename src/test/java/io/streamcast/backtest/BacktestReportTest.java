package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestReportTest {
    @TempDir
    Path dir;

    private static BacktestScore airPassengersWithSeasonalNaiveModel(int dropped) throws Exception {
        Map<String, List<SeriesPoint>> actuals = AirPassengersReferenceTest.airPassengers();
        List<ForecastRow> rows = AirPassengersReferenceTest.seasonalNaiveRows(actuals.get("AirPassengers"), 12, 12);
        return Scorer.score(actuals, rows.subList(0, rows.size() - dropped), 12, 12, 0.2);
    }

    @Test
    void tableHasARowPerHorizonPlusAllAlignedInColumns() throws Exception {
        String table = BacktestReport.table(airPassengersWithSeasonalNaiveModel(0));

        List<String> lines = Arrays.asList(table.split("\\R"));
        int header = 1;
        assertTrue(
                lines.get(header)
                        .matches("h\\s+MAE\\s+RMSE\\s+sMAPE%\\s+MASE\\s+naive MASE\\s+snaive MASE\\s+coverage"),
                lines.get(header));
        List<String> body = lines.subList(header + 1, header + 14);
        for (int h = 1; h <= 12; h++) {
            assertTrue(body.get(h - 1).startsWith(h + " "), body.get(h - 1));
        }
        assertTrue(body.get(12).startsWith("all "), body.get(12));
        assertTrue(
                body.get(12).matches("all\\s+\\S+\\s+\\S+\\s+\\S+\\s+1\\.60\\s+2\\.81\\s+1\\.60\\s+\\S+%"),
                body.get(12));
        lines.subList(header, header + 14)
                .forEach(line -> assertEquals(lines.get(header).length(), line.length(), "right-aligned: " + line));
        assertEquals("model MASE 1.60 vs seasonal naive 1.60 (same)", lines.get(lines.size() - 1));
    }

    @Test
    void missingForecastsAreShoutedInTheTable() throws Exception {
        String table = BacktestReport.table(airPassengersWithSeasonalNaiveModel(5));

        assertTrue(table.contains("MISSING: 5 of 270 scorable pairs have no model forecast"), table);
        assertTrue(table.contains("incomplete: 5 of 270"), table);
    }

    @Test
    void verdictSaysWhetherTheModelBeatsSeasonalNaive() {
        BacktestScore score = Scorer.score(
                Map.of("s", ScorerTest.series(10, 12, 11, 14, 13)),
                List.of(ScorerTest.row("s", 1, 1, 11, null, null)),
                1,
                1,
                0.2);

        assertEquals(
                "model MASE 0.00 vs seasonal naive 0.83 (better); incomplete: 2 of 3 pairs have no usable model forecast",
                BacktestReport.verdict(score));
        assertFalse(BacktestReport.table(score).contains("coverage"), "no bounds, no coverage column");
    }

    /** Model: seasonal naive rows; base: naive rows, the last {@code droppedBase} of them left out. */
    private static BacktestScore airPassengersWithNaiveBase(int droppedBase) throws Exception {
        Map<String, List<SeriesPoint>> actuals = AirPassengersReferenceTest.airPassengers();
        List<SeriesPoint> points = actuals.get("AirPassengers");
        List<ForecastRow> model = AirPassengersReferenceTest.seasonalNaiveRows(points, 12, 12);
        List<ForecastRow> base = AirPassengersReferenceTest.seasonalNaiveRows(points, 1, 12); // period 1: naive
        return Scorer.score(actuals, model, base.subList(0, base.size() - droppedBase), 12, 12, 0.2);
    }

    @Test
    void baseMaseShowsInTheTableAfterTheModelsAndInTheVerdict() throws Exception {
        BacktestScore score = airPassengersWithNaiveBase(0);
        String table = BacktestReport.table(score);

        List<String> lines = Arrays.asList(table.split("\\R"));
        assertTrue(
                lines.get(1)
                        .matches(
                                "h\\s+MAE\\s+RMSE\\s+sMAPE%\\s+MASE\\s+base MASE\\s+naive MASE\\s+snaive MASE\\s+coverage"),
                lines.get(1));
        assertTrue(
                lines.get(14).matches("all\\s+\\S+\\s+\\S+\\s+\\S+\\s+1\\.60\\s+2\\.81\\s+2\\.81\\s+1\\.60\\s+\\S+%"),
                lines.get(14));
        lines.subList(1, 15)
                .forEach(line -> assertEquals(lines.get(1).length(), line.length(), "right-aligned: " + line));
        assertFalse(table.contains("BASE MISSING"), table);
        assertEquals(
                "model MASE 1.60 vs base 2.81 (better), seasonal naive 1.60, naive 2.81", lines.get(lines.size() - 1));
        assertEquals(
                "model MASE 1.60 vs base 2.81 (better), seasonal naive 1.60, naive 2.81",
                BacktestReport.verdict(score));
    }

    @Test
    void withoutBaseThereIsNoBaseColumn() throws Exception {
        BacktestScore score = airPassengersWithSeasonalNaiveModel(0);

        assertFalse(BacktestReport.table(score).contains("base"), BacktestReport.table(score));
    }

    @Test
    void missingBaseForecastsAreNotedButDoNotCountAsTheModels() throws Exception {
        BacktestScore score = airPassengersWithNaiveBase(5);
        String table = BacktestReport.table(score);

        assertEquals(265, score.base().overall().count());
        assertTrue(table.contains("BASE MISSING: 5 of 270 scorable pairs have no usable base forecast"), table);
        assertFalse(table.contains("incomplete"), table);
    }

    @Test
    void jsonCarriesEveryFigureForMachines() throws Exception {
        Path json = dir.resolve("score.json");
        BacktestReport.writeJson(json, airPassengersWithSeasonalNaiveModel(0));

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(
                1.60, root.path("seasonalNaive").path("overall").path("mase").asDouble(), 0.005);
        assertEquals(2.81, root.path("naive").path("overall").path("mase").asDouble(), 0.005);
        assertEquals(12, root.path("model").path("byHorizon").size());
        assertEquals(270, root.path("scorablePairs").asInt());
        assertEquals("AirPassengers", root.path("series").get(0).path("series").asText());
        assertTrue(root.path("base").isNull(), "no base given");
    }

    @Test
    void jsonCarriesTheBase() throws Exception {
        Path json = dir.resolve("score.json");
        BacktestReport.writeJson(json, airPassengersWithNaiveBase(0));

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(2.81, root.path("base").path("overall").path("mase").asDouble(), 0.005);
        assertEquals(12, root.path("base").path("byHorizon").size());
        assertEquals(2.81, root.path("series").get(0).path("base").path("mase").asDouble(), 0.005);
    }

    @Test
    void jsonCarriesTheServedIntervalsCoverageBesideTheLevelTheyAimAt() throws Exception {
        BacktestScore score = Scorer.score(
                        Map.of("s", ScorerTest.series(10, 12, 11, 14, 13)),
                        List.of(
                                ScorerTest.row("s", 1, 1, 12, 10.0, 12.0), // actual 11: inside
                                ScorerTest.row("s", 2, 1, 13, 12.0, 13.0), // actual 14: outside
                                ScorerTest.row("s", 3, 1, 13, 12.0, 14.0)), // actual 13: inside
                        1,
                        1,
                        0.2)
                .withIntervalLevel(0.8);
        Path json = dir.resolve("score.json");
        BacktestReport.writeJson(json, score);

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(0.8, root.path("intervalLevel").asDouble());
        assertEquals(
                2.0 / 3, root.path("model").path("overall").path("coverage").asDouble(), 1e-12);
        assertTrue(root.path("naive").path("overall").path("coverage").isNull(), "baselines give no intervals");
    }

    @Test
    void jsonSaysNoIntervalLevelWhenNoneWasGiven() throws Exception {
        Path json = dir.resolve("score.json");
        BacktestReport.writeJson(json, airPassengersWithSeasonalNaiveModel(0));

        assertTrue(
                new ObjectMapper().readTree(json.toFile()).path("intervalLevel").isNull());
    }
}
