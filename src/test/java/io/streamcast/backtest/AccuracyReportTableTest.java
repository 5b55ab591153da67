package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/accuracy-report's table (bin/accuracy_report_table.py) read from JSON reports this code
 * writes, so the table follows the report's fields: one row per run in data set and design order,
 * refused designs as "not supported" with the reason once below.
 */
class AccuracyReportTableTest {
    private static final String SETS = "airpassengers co2 unemployment hourly-temps";
    private static final String DESIGNS =
            "direct autoregressive seq2seq bidirectional attention-dot attention-additive";

    @TempDir
    Path runs;

    @Test
    void oneRowPerRunInDataSetAndDesignOrder() throws Exception {
        // co2, dot attention: hand-computed figures of ScorerTest (MASE 0.6, two of four intervals hit;
        // scaled widths 1, 0.5, 0.5, 1.5 and misses 0, 1.5, 0.5, 0: MSIS at 90% 0.875 + 20 x 0.5).
        BacktestScore small = Scorer.score(
                Map.of("s", ScorerTest.series(10, 12, 11, 14, 13)),
                List.of(
                        ScorerTest.row("s", 1, 1, 12, 10.0, 12.0),
                        ScorerTest.row("s", 1, 2, 12, 10.0, 11.0),
                        ScorerTest.row("s", 2, 1, 13, 12.0, 13.0),
                        ScorerTest.row("s", 2, 2, 15, 12.0, 15.0),
                        ScorerTest.row("s", 3, 1, 13, null, null)),
                1,
                2,
                0.2);
        ran("co2-attention-dot-lstm", small.withIntervalLevel(0.9), null);
        // AirPassengers, direct: seasonal naive served in a +-10% band, naive as its base, no network replay.
        Map<String, List<SeriesPoint>> air = AirPassengersReferenceTest.airPassengers();
        List<SeriesPoint> points = air.get("AirPassengers");
        ran(
                "airpassengers-direct-gru",
                Scorer.score(
                                air,
                                AirPassengersReferenceTest.seasonalNaiveRows(points, 12, 12),
                                AirPassengersReferenceTest.seasonalNaiveRows(points, 1, 12),
                                12,
                                12,
                                0.2)
                        .withIntervalLevel(0.8),
                "pretrain airpassengers: 150 epochs in 43s (3.5/s)\n"
                        + "pretrained airpassengers on 57 examples in 38 epochs: validation MAE 0.32\n");
        String refused = "not supported: the autoregressive and seq2seq decoders unroll gru cells only, not lstm";
        Files.writeString(runs.resolve("airpassengers-seq2seq-lstm.status"), refused + "\n");
        Files.writeString(runs.resolve("unemployment-seq2seq-lstm.status"), refused + "\n");
        Files.writeString(runs.resolve("elsewhere-direct-gru.status"), "ok\n"); // no such data set: not a run

        List<String> lines = table();

        assertEquals(
                List.of(
                        "| data set | design | cell | MASE served | MASE network | MASE base | seasonal naive | naive"
                                + " | sMAPE served | coverage served (80% intervals) | MSIS served | epochs |",
                        "|---|---|---|---|---|---|---|---|---|---|---|---|",
                        "| airpassengers | direct | gru | 1.601 | - | 2.808 | 1.601 | 2.808 | 10.98 | 33.7% | 6.45 | 38 |",
                        "| airpassengers | seq2seq | lstm | not supported | - | - | - | - | - | - | - | - |",
                        "| co2 | attention-dot | lstm | 0.600 | - | - | 0.900 | 0.900 | 9.15 | 50.0% (of 90%) | 10.88 | ? |",
                        "| unemployment | seq2seq | lstm | not supported | - | - | - | - | - | - | - | - |",
                        "",
                        "- " + refused),
                lines);
    }

    @Test
    void anEmptyDirectoryGivesTheHeaderAlone() throws Exception {
        assertEquals(2, table().size());
    }

    private void ran(String run, BacktestScore score, String log) throws IOException {
        BacktestReport.writeJson(runs.resolve(run + ".json"), score);
        Files.writeString(runs.resolve(run + ".status"), "ok\n");
        if (log != null) {
            Files.writeString(runs.resolve(run + ".log"), log);
        }
    }

    private List<String> table() throws IOException, InterruptedException {
        Process python = new ProcessBuilder(
                        "python3",
                        "bin/accuracy_report_table.py",
                        "--order",
                        SETS,
                        "--designs",
                        DESIGNS,
                        runs.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(python.getInputStream().readAllBytes());
        assertTrue(python.waitFor(1, TimeUnit.MINUTES), "the formatter did not finish");
        assertEquals(0, python.exitValue(), output);
        return output.lines().toList();
    }
}
