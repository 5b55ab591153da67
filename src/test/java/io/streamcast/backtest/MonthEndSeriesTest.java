package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monthly data stamped on the last day of each month (as pandas' month-end resampling labels it)
 * forecasts the same values as the same data stamped on the first, and every forecast point's
 * timestamp is the month end it forecasts: a consumer that joins forecasts to actuals by timestamp
 * finds every pair.
 */
class MonthEndSeriesTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dir;

    @Test
    void monthEndSeriesForecastTheirMonthEnds() throws Exception {
        Map<String, List<SeriesPoint>> monthStarts = AirPassengersReferenceTest.airPassengers();
        Path monthEnds = dir.resolve("airpassengers-month-ends.csv");
        Files.writeString(monthEnds, restampedToMonthEnds(monthStarts.get("AirPassengers")));

        BacktestScore starts = BaseOnlyBacktest.run(
                "airpassengers", Path.of("src/main/resources/data/AirPassengers.csv"), List.of(), QUIET);
        BacktestScore ends = BaseOnlyBacktest.run("airpassengers", monthEnds, List.of(), QUIET);

        assertEquals(0, starts.targetTsMismatches());
        assertEquals(0, ends.targetTsMismatches(), "forecast points whose ts is not the month end they forecast");
        assertEquals(starts.scorablePairs(), ends.scorablePairs());
        assertEquals(0, ends.missingForecasts());
        assertEquals(starts.model().overall().mase(), ends.model().overall().mase(), 1e-9);
    }

    private static String restampedToMonthEnds(List<SeriesPoint> points) throws IOException {
        return "series,ts,value\n"
                + points.stream()
                        .map(p -> {
                            LocalDate day = p.ts().atOffset(ZoneOffset.UTC).toLocalDate();
                            return "AirPassengers," + day.withDayOfMonth(day.lengthOfMonth()) + "T00:00:00Z,"
                                    + p.value();
                        })
                        .collect(Collectors.joining("\n", "", "\n"));
    }
}
