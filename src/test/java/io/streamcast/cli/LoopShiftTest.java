package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.backtest.SeriesPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A looping replay moves each repeat's timestamps past the previous repeat's last one by exactly
 * one step: the service sees every series go on, nothing TOO_OLD or DUPLICATE_TS.
 */
class LoopShiftTest {

    private static List<SeriesPoint> series(Instant first, int n, Duration step) {
        List<SeriesPoint> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            points.add(new SeriesPoint(first.plus(step.multipliedBy(i)), i));
        }
        return points;
    }

    @Test
    void hourlyRepeatsContinueOneStepAfterThePreviousRepeatEnded() {
        Instant t0 = Instant.parse("2010-01-01T00:00:00Z");
        Map<String, List<SeriesPoint>> data = new LinkedHashMap<>();
        data.put("seattle", series(t0, 8760, Duration.ofHours(1)));
        data.put("san_francisco", series(t0, 8760, Duration.ofHours(1)));
        LoopShift shift = LoopShift.of(data);

        assertEquals(data, shift.apply(data, 0), "the first pass is the data as it is");
        for (int repeat = 1; repeat <= 3; repeat++) {
            List<SeriesPoint> previous = shift.apply(data, repeat - 1).get("seattle");
            List<SeriesPoint> next = shift.apply(data, repeat).get("seattle");
            assertEquals(
                    previous.get(previous.size() - 1).ts().plus(Duration.ofHours(1)),
                    next.get(0).ts(),
                    "repeat " + repeat);
            assertEquals(data.get("seattle").get(5).value(), next.get(5).value(), "values unchanged");
        }
        assertEquals(
                Instant.parse("2011-01-01T00:00:00Z"),
                shift.apply(data, 1).get("san_francisco").get(0).ts());
        assertEquals("PT8760H", shift.perLoop());
    }

    @Test
    void seriesOfDifferentLengthsMoveTogetherPastTheLongest() {
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        Map<String, List<SeriesPoint>> data = new LinkedHashMap<>();
        data.put("long", series(t0, 10, Duration.ofMinutes(15)));
        data.put("short", series(t0.plus(Duration.ofMinutes(30)), 3, Duration.ofMinutes(15)));
        LoopShift shift = LoopShift.of(data);
        Instant longEnd = data.get("long").get(9).ts();
        // One shift for all, so the series keep their relative timing; each starts after everything sent before.
        assertEquals(
                longEnd.plus(Duration.ofMinutes(15)),
                shift.apply(data, 1).get("long").get(0).ts());
        assertEquals(
                longEnd.plus(Duration.ofMinutes(45)),
                shift.apply(data, 1).get("short").get(0).ts());
    }

    @Test
    void monthlyDataStaysOnTheFirstOfTheMonth() {
        List<SeriesPoint> months = airPassengerMonths();
        LoopShift shift = LoopShift.of(Map.of("airpassengers", months));
        List<SeriesPoint> repeat =
                shift.apply(Map.of("airpassengers", months), 1).get("airpassengers");
        // The data ends in December 1960: the repeat starts in January 1961, and stays calendar-aligned.
        assertEquals(Instant.parse("1961-01-01T00:00:00Z"), repeat.get(0).ts());
        assertEquals(Instant.parse("1961-03-01T00:00:00Z"), repeat.get(2).ts());
        assertEquals(
                Instant.parse("1973-01-01T00:00:00Z"),
                shift.apply(Map.of("airpassengers", months), 2)
                        .get("airpassengers")
                        .get(0)
                        .ts());
        assertEquals("P144M", shift.perLoop());
    }

    /**
     * replay --continue: the fewest whole loops that put the data after what is already in the
     * topic, so the first record sent is new to the service and still on the data's hourly grid.
     */
    @Test
    void continuingMovesByTheFewestWholeLoopsPastTheNewestTimestamp() {
        Instant t0 = Instant.parse("2010-01-01T00:00:00Z");
        LoopShift shift = LoopShift.of(Map.of("seattle", series(t0, 8760, Duration.ofHours(1))));

        assertEquals(
                0, shift.loopsToStartAfter(Instant.parse("2009-12-31T23:00:00Z")), "the data already starts later");
        assertEquals(1, shift.loopsToStartAfter(t0), "equal is not after: the service would see a duplicate");
        assertEquals(1, shift.loopsToStartAfter(Instant.parse("2010-12-31T23:00:00Z")), "the first pass's last hour");
        assertEquals(2, shift.loopsToStartAfter(Instant.parse("2011-01-01T00:00:00Z")), "the second pass's first hour");
        // Stopped part way through the third pass (2012): the fourth starts on the grid, a whole span on.
        long loops = shift.loopsToStartAfter(Instant.parse("2012-03-04T05:00:00Z"));
        assertEquals(3, loops);
        assertEquals(Instant.parse("2012-12-31T00:00:00Z"), shift.shift(t0, loops), "8760 h x 3: 2012 is a leap year");
        assertEquals("1095 days", shift.describe(loops));
        // A timestamp far off the grid (another producer's) still gives a start after it, on the grid.
        Instant odd = Instant.parse("2015-06-07T08:09:10.123Z");
        Instant start = shift.shift(t0, shift.loopsToStartAfter(odd));
        assertTrue(
                start.isAfter(odd)
                        && !shift.shift(t0, shift.loopsToStartAfter(odd) - 1).isAfter(odd),
                start.toString());
        assertEquals(0, Duration.between(t0, start).toMinutes() % 60, "on the hour, like the data");
    }

    @Test
    void continuingMonthlyDataMovesByWholeCycles() {
        List<SeriesPoint> months = airPassengerMonths();
        LoopShift shift = LoopShift.of(Map.of("airpassengers", months));
        assertEquals(1, shift.loopsToStartAfter(Instant.parse("1960-12-01T00:00:00Z")));
        assertEquals(2, shift.loopsToStartAfter(Instant.parse("1961-01-01T00:00:00Z")));
        assertEquals("288 months", shift.describe(2));
    }

    @Test
    void noDataMeansNoShift() {
        assertEquals(0, LoopShift.of(Map.of()).loopsToStartAfter(Instant.parse("2030-01-01T00:00:00Z")));
    }

    /** The 144 months of the AirPassengers data, January 1949 to December 1960, valued 0..143. */
    private static List<SeriesPoint> airPassengerMonths() {
        List<SeriesPoint> months = new ArrayList<>();
        for (int i = 0; i < 144; i++) {
            months.add(new SeriesPoint(
                    Instant.parse("1949-01-01T00:00:00Z")
                            .atZone(java.time.ZoneOffset.UTC)
                            .plusMonths(i)
                            .toInstant(),
                    i));
        }
        return months;
    }

    /** Business-day rows repeat on their weekdays: no repeat puts a row on a weekend the topology skips. */
    @Test
    void businessDayRepeatsKeepTheirWeekdays() {
        List<SeriesPoint> weekdays = new ArrayList<>();
        Instant monday = Instant.parse("2024-01-01T00:00:00Z");
        for (int d = 0; d < 60; d++) {
            Instant ts = monday.plus(Duration.ofDays(d));
            if (ts.atZone(java.time.ZoneOffset.UTC).getDayOfWeek().getValue() <= 5) {
                weekdays.add(new SeriesPoint(ts, d));
            }
        }
        LoopShift shift = LoopShift.of(Map.of("store", weekdays));
        for (int repeat = 1; repeat <= 3; repeat++) {
            List<SeriesPoint> next =
                    shift.apply(Map.of("store", weekdays), repeat).get("store");
            for (int i = 0; i < next.size(); i++) {
                assertEquals(
                        weekdays.get(i).ts().atZone(java.time.ZoneOffset.UTC).getDayOfWeek(),
                        next.get(i).ts().atZone(java.time.ZoneOffset.UTC).getDayOfWeek());
            }
            assertTrue(next.get(0)
                    .ts()
                    .isAfter(shift.apply(Map.of("store", weekdays), repeat - 1)
                            .get("store")
                            .get(weekdays.size() - 1)
                            .ts()));
        }
    }

    /** Hourly bars of trading days repeat on their weekdays at their hours: none lands outside the topology's hours. */
    @Test
    void tradingHoursRepeatAtTheirHours() {
        List<SeriesPoint> bars = new ArrayList<>();
        Instant monday = Instant.parse("2024-01-01T14:30:00Z");
        for (int d = 0; d < 10; d++) {
            for (int b = 0; b < 7 && d % 7 < 5; b++) {
                bars.add(new SeriesPoint(monday.plus(Duration.ofDays(d)).plus(Duration.ofHours(b)), d * 7 + b));
            }
        }
        LoopShift shift = LoopShift.of(Map.of("SPY", bars));
        List<SeriesPoint> next = shift.apply(Map.of("SPY", bars), 1).get("SPY");
        assertEquals(
                Duration.ofDays(14),
                Duration.between(bars.get(0).ts(), next.get(0).ts()),
                "whole weeks");
        assertTrue(next.get(0).ts().isAfter(bars.get(bars.size() - 1).ts()));
        // Around the clock the repeat follows one step after the data's end, as before.
        List<SeriesPoint> hourly = new ArrayList<>();
        for (int h = 0; h < 100; h++) {
            hourly.add(new SeriesPoint(monday.plus(Duration.ofHours(h)), h));
        }
        assertEquals(
                Duration.ofHours(100),
                Duration.between(
                        hourly.get(0).ts(),
                        LoopShift.of(Map.of("s", hourly))
                                .apply(Map.of("s", hourly), 1)
                                .get("s")
                                .get(0)
                                .ts()));
    }
}
