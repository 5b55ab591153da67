package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastCsvTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2024-01-01T01:00:00Z");
    private static final Instant T2 = Instant.parse("2024-01-01T02:00:00Z");

    @Test
    void writesSortedRowsWithIsoTimestampsAndEmptyCellsForMissingBounds() throws Exception {
        List<ForecastRow> rows = List.of(
                new ForecastRow("s2", T0, 1, T1, 5.0, null, null),
                new ForecastRow("s1", T1, 1, T2, 2.5, 2.0, 3.0),
                new ForecastRow("s1", T0, 2, T2, 1.25, 1.0, 1.5),
                new ForecastRow("s1", T0, 1, T1, -3.0, -4.0, -2.0));
        Path out = dir.resolve("forecasts.csv");

        ForecastCsv.write(out, rows);

        assertEquals(
                List.of(
                        "series,origin,h,ts,forecast,lower,upper",
                        "s1,2024-01-01T00:00:00Z,1,2024-01-01T01:00:00Z,-3.0,-4.0,-2.0",
                        "s1,2024-01-01T00:00:00Z,2,2024-01-01T02:00:00Z,1.25,1.0,1.5",
                        "s1,2024-01-01T01:00:00Z,1,2024-01-01T02:00:00Z,2.5,2.0,3.0",
                        "s2,2024-01-01T00:00:00Z,1,2024-01-01T01:00:00Z,5.0,,"),
                Files.readAllLines(out));
    }

    @Test
    void readGivesBackWhatWriteWrote() {
        List<ForecastRow> rows = List.of(
                new ForecastRow("a,b \"quoted\"", T0, 1, T1, 0.1 + 0.2, null, 7.0),
                new ForecastRow("plain", T0, 1, T1, Double.NaN, 1e-300, 1e300));
        Path out = dir.resolve("forecasts.csv");

        ForecastCsv.write(out, rows);
        List<ForecastRow> back = ForecastCsv.read(out);

        assertEquals(rows, back);
    }

    @Test
    void readNamesTheLineOfABadRow() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(
                csv,
                "series,origin,h,ts,forecast,lower,upper\n" + "s,2024-01-01T00:00:00Z,one,2024-01-01T01:00:00Z,1,,\n");
        BacktestInputException e = assertThrows(BacktestInputException.class, () -> ForecastCsv.read(csv));
        assertTrue(e.getMessage().startsWith(csv + ":2: bad h 'one'"), e.getMessage());
    }

    /** interval.quantiles: a file of their own, one line per point and quantile; none without them. */
    @Test
    void quantilesGoToAFileOfTheirOwnOneLinePerPointAndQuantile() throws Exception {
        Instant o = Instant.parse("2024-01-01T00:00:00Z");
        java.util.Map<String, Double> q = new java.util.LinkedHashMap<>();
        q.put("0.05", 9.5);
        q.put("0.95", 12.25);
        List<ForecastRow> rows = List.of(
                new ForecastRow("s2", o, 1, o.plusSeconds(3600), 11.0, 10.0, 12.0, q),
                new ForecastRow("s1", o, 2, o.plusSeconds(7200), 11.0, 10.0, 12.0, q),
                new ForecastRow("s1", o, 1, o.plusSeconds(3600), 10.5, null, null, null));
        Path csv = dir.resolve("out-quantiles.csv");
        assertTrue(ForecastCsv.writeQuantiles(csv, rows));
        assertEquals(
                List.of(
                        "series,origin,h,ts,quantile,value",
                        "s1,2024-01-01T00:00:00Z,2,2024-01-01T02:00:00Z,0.05,9.5",
                        "s1,2024-01-01T00:00:00Z,2,2024-01-01T02:00:00Z,0.95,12.25",
                        "s2,2024-01-01T00:00:00Z,1,2024-01-01T01:00:00Z,0.05,9.5",
                        "s2,2024-01-01T00:00:00Z,1,2024-01-01T01:00:00Z,0.95,12.25"),
                Files.readAllLines(csv));
        Path none = dir.resolve("none.csv");
        assertTrue(!ForecastCsv.writeQuantiles(none, List.of(rows.get(2))));
        assertTrue(!Files.exists(none));
    }
}
