package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.model.WindowEncoder;
import io.streamcast.series.SmoothingParams;
import io.streamcast.training.ExampleSet;
import io.streamcast.training.History;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What pretraining (`train`, a backtest's part before its first origin) takes from a file whose
 * series miss a step: the values on the topology's grid, the missing step filled on the line and
 * marked, never an origin, masked as a target. Taken row after row, every season after a gap was out of phase.
 */
class HistoriesTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final int HOURS = 120;
    private static final int MISSING = 50;
    private static final TopologySpec SPEC = YamlConfig.parseTopology("""
            name: gaps
            step: PT1H
            period: 4
            window: 8
            horizon: 3
            gaps: { maxFill: 8 }
            """, List.of());

    /** A wave a season of 4 long on a rise; hour 50 missing, hour 60 read 10 minutes late, a second reading 20 minutes into hour 70. */
    private static List<SeriesPoint> readings() {
        List<SeriesPoint> points = new ArrayList<>();
        for (int hour = 0; hour < HOURS; hour++) {
            if (hour == MISSING) {
                continue;
            }
            int minutesOff = hour == 60 ? 10 : 0;
            points.add(
                    new SeriesPoint(T0.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minutesOff)), value(hour)));
            if (hour == 70) {
                points.add(new SeriesPoint(T0.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(20)), 999));
            }
        }
        return points;
    }

    private static double value(int hour) {
        return 100 + hour + 10 * ((hour % 4) - 1.5);
    }

    @Test
    void aMissingStepIsFilledOnTheGridAndMarked() {
        History history = Histories.of(readings(), SPEC);

        assertEquals(HOURS, history.values().length, "one value per hour of the grid");
        assertArrayEquals(
                IntStream.range(0, HOURS)
                        .mapToLong(h -> T0.plus(Duration.ofHours(h)).toEpochMilli())
                        .toArray(),
                history.times(),
                "every step at the grid's time, the late reading's too");
        for (int hour = 0; hour < HOURS; hour++) {
            if (hour != MISSING) {
                assertEquals(value(hour), history.values()[hour], 0, "hour " + hour + " in phase");
            }
            assertEquals(hour == MISSING, history.filled()[hour], "hour " + hour);
        }
        assertEquals((value(MISSING - 1) + value(MISSING + 1)) / 2, history.values()[MISSING], 1e-9, "on the line");
    }

    @Test
    void theFilledStepIsNoOriginAndAMaskedTargetButAWindowsInput() {
        WindowEncoder encoder = new WindowEncoder(SPEC.window, SPEC.period, SPEC.horizon, 20);
        SmoothingParams params = SmoothingParams.DEFAULT;
        History gapped = Histories.of(readings(), SPEC);
        History whole = new History(gapped.values(), gapped.times(), null);

        ExampleSet all = ExampleSet.fromHistories(java.util.Map.of("s", whole), encoder, params);
        ExampleSet kept = ExampleSet.fromHistories(java.util.Map.of("s", gapped), encoder, params);

        // Every origin but hour 50's: windows that hold its fill are what the stream serves after the gap.
        assertEquals(all.size() - 1, kept.size());
        List<float[]> masks = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            float[] mask = kept.mask(i);
            if (mask == null) {
                continue;
            }
            masks.add(mask);
            // Origins 47 to 49 lie before the gap: their windows are as without it.
            assertArrayEquals(all.window(i), kept.window(i), "example " + i);
            for (int k = 0; k < SPEC.horizon; k++) {
                assertEquals(
                        mask[k] == 1 ? all.targets(i)[k] : 0f, kept.targets(i)[k], "example " + i + " h=" + (k + 1));
            }
        }
        // The origins whose targets hold hour 50, at h = 3, 2 and 1: masked there alone.
        assertEquals(3, masks.size());
        assertArrayEquals(new float[] {1, 1, 0}, masks.get(0));
        assertArrayEquals(new float[] {1, 0, 1}, masks.get(1));
        assertArrayEquals(new float[] {0, 1, 1}, masks.get(2));
    }

    @Test
    void theBacktestSaysWhatTheGridFound() {
        List<SeriesPoint> points = new ArrayList<>(readings());
        // Then nothing for 40 hours, more than this topology fills (gaps.maxFill 8).
        points.add(new SeriesPoint(T0.plus(Duration.ofHours(HOURS + 40)), 1));
        GridSummary summary = GridSummary.of(java.util.Map.of("s", points), SPEC.stepGrid());

        assertEquals(1, summary.missingSteps());
        assertEquals(1, summary.restarts());
        assertEquals(1, summary.sameStepRows());
        assertEquals(
                "data on the step grid (PT1H): 1 missing step filled (never scored or learnt as a target), 1 gap longer than gaps.maxFill 8"
                        + " (the series restarts there), 1 row on a step that already had one (left out, as"
                        + " the topology dead-letters them: DUPLICATE_TS)",
                summary.describe("PT1H"));
        assertEquals(
                "",
                GridSummary.of(java.util.Map.of("s", readings().subList(0, 40)), SPEC.stepGrid())
                        .describe("PT1H"));
    }

    /**
     * Commits counted by the hour and written only for hours that had some (as the vega-datasets'
     * github.csv is): the hours without a row were zeros, which the grid would fill with the base's
     * forecast. The backtest says so and names the settings that make them 0. An outage in a
     * series of whole numbers (AirPassengers without some months) is not taken for that.
     */
    @Test
    void countsWrittenOnlyWhereSomethingHappenedSuggestZerosForTheRest() {
        List<SeriesPoint> commits = new ArrayList<>();
        for (int hour = 0; hour < 200; hour++) {
            if (hour % 3 == 0 || hour % 7 == 0) {
                commits.add(new SeriesPoint(T0.plus(Duration.ofHours(hour)), 1 + hour % 4));
            }
        }
        String line = GridSummary.of(java.util.Map.of("github", commits), SPEC.stepGrid())
                .describe("PT1H");
        assertTrue(
                line.endsWith("; every value is a whole number of at least 1: if the rows are counts that leave out"
                        + " the steps where none happened, `aggregate: sum` with `emptySteps: zero` makes those"
                        + " steps 0 (forecast, scored and trained on) instead of filling them with the base's"
                        + " forecast"),
                line);

        // Four outages of seven hours: 14% of the steps missing, but in four gaps.
        List<SeriesPoint> outages = new ArrayList<>();
        for (int hour = 0; hour < 200; hour++) {
            if (hour % 50 >= 7) {
                outages.add(new SeriesPoint(T0.plus(Duration.ofHours(hour)), 100 + hour));
            }
        }
        String outageLine =
                GridSummary.of(java.util.Map.of("s", outages), SPEC.stepGrid()).describe("PT1H");
        assertTrue(outageLine.startsWith("data on the step grid (PT1H): 21 missing steps filled"), outageLine);
        assertFalse(outageLine.contains("whole number"), outageLine);
    }

    @Test
    void dailyRowsInAnHourlyTopologyAreCalledOut() {
        List<SeriesPoint> daily = IntStream.range(0, 30)
                .mapToObj(d -> new SeriesPoint(T0.plus(Duration.ofDays(d)), d))
                .toList();
        String line =
                GridSummary.of(java.util.Map.of("s", daily), SPEC.stepGrid()).describe("PT1H");
        assertEquals(
                "data on the step grid (PT1H): 0 missing steps filled (never scored or learnt as a target), 29 gaps longer than gaps.maxFill 8"
                        + " (the series restarts there), 0 rows on a step that already had one (left out, as"
                        + " the topology dead-letters them: DUPLICATE_TS); the rows are typically P1D apart: is `step: PT1H` the data's spacing?",
                line);
    }

    /**
     * Business-day rows on a plain daily grid: the backtest names the days every missing step fell
     * on and the setting that makes them no step; with it, nothing is missing, nothing is filled,
     * and a row on a skipped day is counted as the topology dead-letters it.
     */
    @Test
    void businessDayRowsOnADailyGridSuggestSkippingTheirWeekends() {
        Instant monday = Instant.parse("2024-01-01T00:00:00Z");
        List<SeriesPoint> weekdays = new ArrayList<>();
        for (int d = 0; d < 28; d++) {
            Instant ts = monday.plus(Duration.ofDays(d));
            if (ts.atOffset(java.time.ZoneOffset.UTC).getDayOfWeek().getValue() <= 5) {
                weekdays.add(new SeriesPoint(ts, 100 + d));
            }
        }
        String daily = "name: d\nstep: P1D\nperiod: 5\nwindow: 10\nhorizon: 5\n";
        TopologySpec everyDay = YamlConfig.parseTopology(daily, List.of());
        assertEquals(
                "data on the step grid (P1D): 6 missing steps filled (never scored or learnt as a target), 0 gaps longer than"
                        + " gaps.maxFill 50 (the series restarts there), 0 rows on a step that already had one (left out,"
                        + " as the topology dead-letters them: DUPLICATE_TS); every missing step is a saturday or sunday:"
                        + " if the data has no rows on those days, `skipDays: [saturday, sunday]` makes them no step at"
                        + " all, so windows across them are observed and train",
                GridSummary.of(java.util.Map.of("s", weekdays), everyDay.stepGrid())
                        .describe("P1D"));

        TopologySpec businessDays = YamlConfig.parseTopology(daily + "skipDays: [saturday, sunday]\n", List.of());
        assertEquals(
                "",
                GridSummary.of(java.util.Map.of("s", weekdays), businessDays.stepGrid())
                        .describe("P1D"));
        History history = Histories.of(weekdays, businessDays);
        assertEquals(null, history.filled(), "no step filled");
        assertEquals(weekdays.size(), history.values().length);

        List<SeriesPoint> withSaturday = new ArrayList<>(weekdays);
        withSaturday.add(5, new SeriesPoint(monday.plus(Duration.ofDays(5)), 999));
        GridSummary summary = GridSummary.of(java.util.Map.of("s", withSaturday), businessDays.stepGrid());
        assertEquals(1, summary.skippedDayRows());
        assertEquals(0, summary.sameStepRows());
        assertArrayEquals(
                history.values(), Histories.of(withSaturday, businessDays).values());
    }

    /**
     * Business days stamped at midnight in Berlin, read in a topology that counts days in UTC:
     * every Monday is a Sunday there, the missing step of each week falls on a Friday, and the
     * backtest says why and names the setting; with {@code zone} the same rows place cleanly.
     */
    @Test
    void rowsLateInTheUtcDaySuggestTheTopologysZone() {
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        List<SeriesPoint> weekdays = new ArrayList<>();
        for (int d = 0; d < 70; d++) {
            java.time.LocalDate date = java.time.LocalDate.of(2024, 3, 4).plusDays(d);
            if (date.getDayOfWeek().getValue() <= 5) {
                weekdays.add(new SeriesPoint(date.atStartOfDay(berlin).toInstant(), 100 + d));
            }
        }
        String daily = "name: d\nstep: P1D\nperiod: 5\nwindow: 10\nhorizon: 5\nskipDays: [saturday, sunday]\n";
        String line = GridSummary.of(
                        java.util.Map.of("s", weekdays),
                        YamlConfig.parseTopology(daily, List.of()).stepGrid())
                .describe("P1D");
        assertTrue(
                line.contains(", 10 rows on a day the step skips (left out: SKIPPED_DAY); every missing step is a"
                        + " friday"),
                line);
        assertTrue(
                line.endsWith("; every row is stamped at 22:00 or 23:00 UTC: if these are midnights in a time zone"
                        + " east of Greenwich, UTC counts each on the day before (its day of the week, its month);"
                        + " name the series' zone (`zone: Europe/Berlin`) to count days there"),
                line);
        TopologySpec inBerlin = YamlConfig.parseTopology(daily + "zone: Europe/Berlin\n", List.of());
        assertEquals(
                "",
                GridSummary.of(java.util.Map.of("s", weekdays), inBerlin.stepGrid())
                        .describe("P1D"));
        assertEquals(weekdays.size(), Histories.of(weekdays, inBerlin).values().length);
        assertEquals(null, Histories.of(weekdays, inBerlin).filled(), "no step filled");
    }

    /**
     * Hourly bars of a trading day on a grid read around the clock: every night and weekend is
     * missing steps; the backtest names the hours and days the rows have and the settings that
     * make the rest no step. With them nothing is missing and a bar outside the hours is counted as
     * the topology dead-letters it.
     */
    /**
     * A night shift's readings, 22:00 to 04:00 on the nights from Monday to Friday: the longest
     * stretch without rows runs from 04:00 to 22:00, so the hours suggested run across midnight,
     * and Saturday morning's rows are Friday night's, so the days suggested are the weekend's.
     */
    @Test
    void aNightShiftOnAnHourlyGridSuggestsHoursAcrossMidnight() {
        List<SeriesPoint> rows = new ArrayList<>();
        for (int d = 0; d < 21; d++) {
            java.time.LocalDate night = java.time.LocalDate.of(2024, 1, 1).plusDays(d);
            for (int h = 0; night.getDayOfWeek().getValue() <= 5 && h < 7; h++) {
                rows.add(new SeriesPoint(
                        night.atTime(22, 0).plusHours(h).toInstant(java.time.ZoneOffset.UTC), 50 + rows.size()));
            }
        }
        String hourly = "name: shift\nstep: PT1H\nperiod: 7\nwindow: 14\nhorizon: 7\n";
        String line = GridSummary.of(
                        java.util.Map.of("s", rows),
                        YamlConfig.parseTopology(hourly, List.of()).stepGrid())
                .describe("PT1H");
        assertTrue(
                line.endsWith("; every missing step is outside 22:00-04:00 or on a saturday or sunday: if the data"
                        + " has no rows then, `hours: '22:00-04:00'` and `skipDays: [saturday, sunday]` make them no"
                        + " step at all, so windows across them are observed and train"),
                line);
        TopologySpec sessions =
                YamlConfig.parseTopology(hourly + "hours: '22:00-04:00'\nskipDays: [saturday, sunday]\n", List.of());
        assertEquals(
                "",
                GridSummary.of(java.util.Map.of("s", rows), sessions.stepGrid()).describe("PT1H"));
        assertEquals(null, Histories.of(rows, sessions).filled(), "no step filled");
    }

    @Test
    void tradingHoursOnAnHourlyGridSuggestHoursAndSkippedDays() {
        java.time.ZoneId ny = java.time.ZoneId.of("America/New_York");
        List<SeriesPoint> bars = new ArrayList<>();
        for (int d = 0; d < 21; d++) {
            java.time.LocalDate day = java.time.LocalDate.of(2024, 3, 4).plusDays(d);
            for (int b = 0; day.getDayOfWeek().getValue() <= 5 && b < 7; b++) {
                bars.add(new SeriesPoint(
                        java.time.ZonedDateTime.of(
                                        day, java.time.LocalTime.of(9, 30).plusHours(b), ny)
                                .toInstant(),
                        100 + bars.size()));
            }
        }
        String hourly = "name: bars\nstep: PT1H\nperiod: 7\nwindow: 14\nhorizon: 7\nzone: America/New_York\n";
        String line = GridSummary.of(
                        java.util.Map.of("s", bars),
                        YamlConfig.parseTopology(hourly, List.of()).stepGrid())
                .describe("PT1H");
        assertTrue(
                line.endsWith("; every missing step is outside 09:30-15:30 or on a saturday or sunday: if the data"
                        + " has no rows then, `hours: '09:30-15:30'` and `skipDays: [saturday, sunday]` make them no"
                        + " step at all, so windows across them are observed and train"),
                line);
        TopologySpec sessions =
                YamlConfig.parseTopology(hourly + "hours: '09:30-15:30'\nskipDays: [saturday, sunday]\n", List.of());
        assertEquals(
                "",
                GridSummary.of(java.util.Map.of("s", bars), sessions.stepGrid()).describe("PT1H"));
        assertEquals(null, Histories.of(bars, sessions).filled(), "no step filled");
        List<SeriesPoint> withAfterHours = new ArrayList<>(bars);
        withAfterHours.add(7, new SeriesPoint(Instant.parse("2024-03-04T23:00:00Z"), 999));
        String afterHours = GridSummary.of(java.util.Map.of("s", withAfterHours), sessions.stepGrid())
                .describe("PT1H");
        assertTrue(
                afterHours.endsWith(
                        ", 1 row on a day the step skips or outside its hours (left out: SKIPPED_DAY, OUTSIDE_HOURS)"),
                "and no word of the rows' spacing, an hour as the step: " + afterHours);
        assertArrayEquals(
                Histories.of(bars, sessions).values(),
                Histories.of(withAfterHours, sessions).values());

        // Rows at every hour of the weekdays: the days alone.
        List<SeriesPoint> weekdays = new ArrayList<>();
        for (int h = 0; h < 21 * 24; h++) {
            Instant ts = Instant.parse("2024-03-04T00:00:00Z").plusSeconds(3600L * h);
            if (ts.atOffset(java.time.ZoneOffset.UTC).getDayOfWeek().getValue() <= 5) {
                weekdays.add(new SeriesPoint(ts, h));
            }
        }
        String utcHourly = "name: h\nstep: PT1H\nperiod: 24\nwindow: 48\nhorizon: 24\n";
        assertTrue(GridSummary.of(
                        java.util.Map.of("s", weekdays),
                        YamlConfig.parseTopology(utcHourly, List.of()).stepGrid())
                .describe("PT1H")
                .endsWith("; every missing step is on a saturday or sunday: if the data has no rows then, `skipDays:"
                        + " [saturday, sunday]` makes them no step at all, so windows across them are observed and"
                        + " train"));
    }
}
