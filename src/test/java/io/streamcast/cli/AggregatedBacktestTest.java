package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file of readings faster than the topology's step is backtested as the topology would make its
 * steps live: AirPassengers' monthly totals written as daily counts (as a booking system exports
 * them) and summed by {@code aggregate: sum} forecast exactly what the monthly file does. Without
 * it every day after a month's first was left out as a duplicate step.
 */
class AggregatedBacktestTest {
    private static final Path AIR_PASSENGERS = Path.of("src/main/resources/data/AirPassengers.csv");

    private static final String TOPOLOGY = """
            name: air
            step: P1M
            period: 12
            window: 24
            horizon: 12
            model: { cell: lstm, hidden: 4, layers: 1 }
            training: { online: false, epochs: 0 }
            """;

    /** Each month's total as whole passengers a day, the remainder on the month's first days. */
    private static Path daily(Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of("series,ts,value"));
        for (String row : Files.readAllLines(AIR_PASSENGERS).subList(1, 145)) {
            String[] f = row.split(",");
            LocalDate month = LocalDate.parse(f[1].substring(0, 10));
            int total = Integer.parseInt(f[2]);
            int days = month.lengthOfMonth();
            for (int d = 0; d < days; d++) {
                int count = total / days + (d < total % days ? 1 : 0);
                lines.add(f[0] + "," + month.plusDays(d).atTime(8, 0).toInstant(ZoneOffset.UTC) + "," + count);
            }
        }
        Path csv = dir.resolve("daily.csv");
        Files.write(csv, lines);
        return csv;
    }

    private static CliRun backtest(Path topology, Path data, Path out) {
        return CliRun.ofProcess(
                "backtest", "--topology", topology.toString(), "--data", data.toString(), "--out", out.toString());
    }

    @Test
    void dailyCountsSummedIntoMonthsForecastAsTheMonthlyTotalsDo(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("air.yaml");
        Files.writeString(plain, TOPOLOGY);
        Path summing = dir.resolve("air-sum.yaml");
        Files.writeString(summing, TOPOLOGY + "aggregate: sum\n");
        Path daily = daily(dir);

        CliRun monthly = backtest(plain, AIR_PASSENGERS, dir.resolve("monthly/air.csv"));
        assertEquals(0, monthly.status(), monthly.err());
        CliRun summed = backtest(summing, daily, dir.resolve("summed/air.csv"));
        assertEquals(0, summed.status(), summed.err());
        assertTrue(summed.err().contains("aggregate sum: 4,383 readings into 144 steps of P1M"), summed.err());
        // Epochs 0 is asked for (the base alone), not a lack of windows.
        assertTrue(
                summed.err()
                        .contains("pretrain air: training.epochs is 0, so the network stays untrained and forecasts"
                                + " its smoothing base"),
                summed.err());
        assertEquals(
                Files.readString(dir.resolve("monthly/air.csv")),
                Files.readString(dir.resolve("summed/air.csv")),
                "the same forecasts, row for row");

        CliRun unsummed = backtest(plain, daily, dir.resolve("unsummed/air.csv"));
        assertEquals(0, unsummed.status(), unsummed.err());
        assertTrue(unsummed.out().contains("4107 rows on a step that already had one"), unsummed.out());
        assertTrue(
                unsummed.out()
                        .contains("the rows are typically P1D apart: is `step: P1M` the data's spacing? If they are"
                                + " readings within each step, `aggregate: mean` (or sum, min, max, first, last, count, increase) makes"
                                + " each step's value from them"),
                unsummed.out());
    }

    /**
     * Every passenger a row of its own, all of a day's at the same instant (an event log: many rows
     * share a ts): {@code aggregate: count} counts them into the monthly totals, and the backtest
     * forecasts exactly what the monthly file does. A topology that takes one value per step
     * refuses the file at its first repeated ts, naming {@code aggregate}.
     */
    @Test
    void passengersLoggedOneRowEachAtSharedTimestampsCountIntoTheMonthlyTotals(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of("series,ts,value"));
        for (String row : Files.readAllLines(daily(dir)).subList(1, 4384)) {
            String[] f = row.split(",");
            for (int passenger = 0; passenger < Integer.parseInt(f[2]); passenger++) {
                // The value is the booking's fare; a count ignores it.
                lines.add(f[0] + "," + f[1] + "," + (100 + passenger % 7));
            }
        }
        Path events = dir.resolve("events.csv");
        Files.write(events, lines);
        Path plain = dir.resolve("air.yaml");
        Files.writeString(plain, TOPOLOGY);
        Path counting = dir.resolve("air-count.yaml");
        Files.writeString(counting, TOPOLOGY + "aggregate: count\n");

        CliRun monthly = backtest(plain, AIR_PASSENGERS, dir.resolve("monthly/air.csv"));
        assertEquals(0, monthly.status(), monthly.err());
        CliRun counted = backtest(counting, events, dir.resolve("counted/air.csv"));
        assertEquals(0, counted.status(), counted.err());
        assertTrue(counted.err().contains("aggregate count: 40,363 readings into 144 steps of P1M"), counted.err());
        assertEquals(
                Files.readString(dir.resolve("monthly/air.csv")),
                Files.readString(dir.resolve("counted/air.csv")),
                "the same forecasts, row for row");

        CliRun refused = backtest(plain, events, dir.resolve("refused/air.csv"));
        assertEquals(2, refused.status(), refused.err());
        assertTrue(
                refused.err()
                        .contains("events.csv:3: duplicate ts 1949-01-01T08:00:00Z in series 'AirPassengers' (first on"
                                + " line 2); rows that are readings or events within a step need `aggregate`"),
                refused.err());
    }

    /**
     * An event log's rare kind (one quake of a week's 1,707 in its network) is a series of one
     * step: the backtest stopped with an IndexOutOfBoundsException looking for its first origin. It
     * has none, so it is replayed and never forecast for scoring; every other series forecasts the
     * points it forecasts without it.
     */
    @Test
    void aSeriesOfOnePointHasNoOriginAndTheOthersForecastAsWithoutIt(@TempDir Path dir) throws Exception {
        Path topology = dir.resolve("air.yaml");
        Files.writeString(topology, TOPOLOGY);
        List<String> lines = new ArrayList<>(Files.readAllLines(AIR_PASSENGERS));
        lines.add("charter,1955-06-01T00:00:00Z,3");
        Path withCharter = Files.write(dir.resolve("with-charter.csv"), lines);

        CliRun alone = backtest(topology, AIR_PASSENGERS, dir.resolve("alone/air.csv"));
        CliRun beside = backtest(topology, withCharter, dir.resolve("beside/air.csv"));

        assertEquals(0, alone.status(), alone.err());
        assertEquals(0, beside.status(), beside.err());
        // The points: a task's interval calibrators adapt per time step of each of its series, so
        // a second series in the task moves the bounds a little, as it would live.
        assertEquals(points(dir.resolve("alone/air.csv")), points(dir.resolve("beside/air.csv")));
    }

    /** Each forecast row's series, origin, h, ts and forecast, the charter's left out. */
    private static List<String> points(Path forecasts) throws Exception {
        return Files.readAllLines(forecasts).stream()
                .filter(row -> !row.startsWith("charter,"))
                .map(row -> String.join(",", List.of(row.split(",")).subList(0, 5)))
                .toList();
    }
}
