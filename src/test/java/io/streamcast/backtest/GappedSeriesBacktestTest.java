package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backtest of a series with a missing month scores each forecast against the actual of the month
 * it forecasts: AirPassengers without June 1959 (in its test part) scores as the whole series does,
 * within what the missing month's pairs and its fill change. Scored by rows, every pair across the
 * gap was compared with the month after its target: MASE 0.71 against 0.41, seasonal naive 1.77
 * against 1.60.
 */
class GappedSeriesBacktestTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static final Path AIR_PASSENGERS = Path.of("src/main/resources/data/AirPassengers.csv");

    @TempDir
    Path dir;

    @Test
    void aMissingMonthIsScoredByTimestamp() throws Exception {
        Path gapped = dir.resolve("airpassengers-without-june-1959.csv");
        Files.writeString(
                gapped,
                Files.readAllLines(AIR_PASSENGERS).stream()
                        .filter(line -> !line.contains("1959-06-01"))
                        .collect(Collectors.joining("\n", "", "\n")));

        BacktestScore whole = BaseOnlyBacktest.run("airpassengers", AIR_PASSENGERS, List.of(), QUIET);
        BacktestScore withGap = BaseOnlyBacktest.run("airpassengers", gapped, List.of(), QUIET);

        assertEquals(0, withGap.targetTsMismatches(), "every forecast scored against the month it targets");
        assertEquals(0, withGap.missingForecasts());
        double wholeMase = whole.model().overall().mase();
        assertEquals(wholeMase, withGap.model().overall().mase(), 0.05 * wholeMase);
        double wholeSnaive = whole.seasonalNaive().overall().mase();
        assertEquals(wholeSnaive, withGap.seasonalNaive().overall().mase(), 0.05 * wholeSnaive);
    }

    /**
     * Thirty months missing (1955-01 to 1957-06, a sensor or a feed down for years): the base
     * bridges them with its own forecasts and comes back with the seasonal shape it had learnt.
     * With the default of sessions before 50 (twice the season, 24 months) the series restarted,
     * forgot its season and scored MASE 1.17 against 0.56 bridged (0.41 without the gap).
     */
    @Test
    void aLongOutageIsBridgedByTheBaseNotForgotten() throws Exception {
        Path gapped = dir.resolve("airpassengers-without-1955-to-mid-1957.csv");
        Files.writeString(
                gapped,
                Files.readAllLines(AIR_PASSENGERS).stream()
                        .filter(line -> !line.matches(".*,(1955|1956|1957-0[1-6]).*"))
                        .collect(Collectors.joining("\n", "", "\n")));

        BacktestScore bridged = BaseOnlyBacktest.run("airpassengers", gapped, List.of(), QUIET);
        BacktestScore restarted = BaseOnlyBacktest.run("airpassengers", gapped, List.of("gaps.maxFill=24"), QUIET);

        assertEquals(0, bridged.targetTsMismatches());
        double bridgedMase = bridged.model().overall().mase();
        double restartedMase = restarted.model().overall().mase();
        assertTrue(bridgedMase < 0.6 * restartedMase, bridgedMase + " bridged, " + restartedMase + " restarted");
        assertTrue(
                bridgedMase < 0.5 * bridged.seasonalNaive().overall().mase(),
                bridgedMase + " against seasonal naive "
                        + bridged.seasonalNaive().overall().mase());
    }
}
