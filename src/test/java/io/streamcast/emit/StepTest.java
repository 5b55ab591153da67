package io.streamcast.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Target timestamps: h steps after an origin, in UTC, for clock and calendar steps. */
class StepTest {

    @Test
    void clockStepsAreTheDurationTimesH() {
        Instant origin = Instant.parse("2024-02-28T23:30:00Z");
        for (String text : new String[] {"PT1H", "PT15M", "PT0.25S", "PT36H0.5S", "P2DT3H"}) {
            Step step = Step.parse(text);
            Duration d = Duration.parse(text);
            for (int h = -50; h <= 50; h++) {
                assertEquals(origin.plus(d.multipliedBy(h)), step.after(origin, h), text + " x " + h);
            }
        }
    }

    @Test
    void calendarStepsFollowTheCalendar() {
        Step monthly = Step.parse("P1M");
        Instant origin = Instant.parse("2024-01-31T00:00:00Z");
        assertEquals(Instant.parse("2024-02-29T00:00:00Z"), monthly.after(origin, 1));
        assertEquals(origin.atOffset(ZoneOffset.UTC).plusMonths(12).toInstant(), monthly.after(origin, 12));
        assertEquals(Instant.parse("2023-12-31T00:00:00Z"), monthly.before(origin, 1));
    }

    @Test
    void monthEndsStepToMonthEnds() {
        Step monthly = Step.parse("P1M");
        assertEquals(Instant.parse("2024-05-31T00:00:00Z"), monthly.after(Instant.parse("2024-04-30T00:00:00Z"), 1));
        assertEquals(Instant.parse("2024-03-31T00:00:00Z"), monthly.after(Instant.parse("2024-02-29T00:00:00Z"), 1));
        assertEquals(Instant.parse("2024-08-31T00:00:00Z"), monthly.before(Instant.parse("2024-09-30T00:00:00Z"), 1));
        assertEquals(Instant.parse("2023-11-30T12:00:00Z"), monthly.before(Instant.parse("2024-02-29T12:00:00Z"), 3));
        Step quarterly = Step.parse("P3M");
        assertEquals(Instant.parse("2024-12-31T00:00:00Z"), quarterly.after(Instant.parse("2024-09-30T00:00:00Z"), 1));
        Step yearly = Step.parse("P1Y");
        assertEquals(Instant.parse("2025-02-28T00:00:00Z"), yearly.after(Instant.parse("2024-02-29T00:00:00Z"), 1));
        assertEquals(Instant.parse("2028-02-29T00:00:00Z"), yearly.after(Instant.parse("2025-02-28T00:00:00Z"), 3));

        // Ten years of month ends, one step at a time and h steps at once: always the month's last day.
        Instant monthEnd = Instant.parse("2019-06-30T00:00:00Z");
        Instant walked = monthEnd;
        for (int h = 1; h <= 120; h++) {
            walked = monthly.after(walked, 1);
            LocalDate day = walked.atOffset(ZoneOffset.UTC).toLocalDate();
            assertEquals(day.lengthOfMonth(), day.getDayOfMonth(), walked.toString());
            assertEquals(walked, monthly.after(monthEnd, h), "h = " + h);
            assertEquals(monthEnd, monthly.before(walked, h), "h = " + h);
            assertEquals(h, monthly.stepsBetween(monthEnd, walked, 200), "h = " + h);
        }
    }

    @Test
    void otherDaysKeepTheirDayOfMonth() {
        Step monthly = Step.parse("P1M");
        Instant fifteenth = Instant.parse("2024-01-15T06:00:00Z");
        for (int h = 1; h <= 24; h++) {
            assertEquals(
                    15, monthly.after(fifteenth, h).atOffset(ZoneOffset.UTC).getDayOfMonth());
        }
        // The 30th: clamped in February, the 30th again after it (counted from the origin, no drift).
        Instant thirtieth = Instant.parse("2023-01-30T00:00:00Z");
        assertEquals(Instant.parse("2023-02-28T00:00:00Z"), monthly.after(thirtieth, 1));
        assertEquals(Instant.parse("2023-03-30T00:00:00Z"), monthly.after(thirtieth, 2));
        // Steps of days know no month ends.
        assertEquals(
                Instant.parse("2024-05-01T00:00:00Z"),
                Step.parse("P1D").after(Instant.parse("2024-04-30T00:00:00Z"), 1));
        assertEquals(
                Instant.parse("2024-05-07T00:00:00Z"),
                Step.parse("P1W").after(Instant.parse("2024-04-30T00:00:00Z"), 1));
    }

    @Test
    void businessDaysSkipTheWeekend() {
        Step days = Step.parse("P1D", EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
        Instant friday = Instant.parse("2024-01-05T00:00:00Z");
        Instant monday = Instant.parse("2024-01-08T00:00:00Z");
        assertEquals(monday, days.after(friday, 1));
        assertEquals(Instant.parse("2024-01-12T00:00:00Z"), days.after(friday, 5), "a week of business days");
        assertEquals(friday, days.before(monday, 1));
        assertEquals(Instant.parse("2023-12-29T00:00:00Z"), days.before(friday, 5));
        // Friday to Monday is one step, not three; a reading a few hours off still lands on its day.
        assertEquals(1, days.stepsBetween(friday, monday, 10));
        assertEquals(1, days.stepsBetween(friday, monday.plus(Duration.ofHours(5)), 10));
        assertEquals(6, days.stepsBetween(friday, Instant.parse("2024-01-15T00:00:00Z"), 10));
        assertTrue(days.skips(Instant.parse("2024-01-06T12:00:00Z")));
        assertFalse(days.skips(monday));
        assertFalse(Step.parse("P1D").skips(Instant.parse("2024-01-06T12:00:00Z")));
        long[] window = days.ending(monday.toEpochMilli(), 3);
        assertEquals(
                List.of(Instant.parse("2024-01-04T00:00:00Z"), friday, monday),
                List.of(
                        Instant.ofEpochMilli(window[0]),
                        Instant.ofEpochMilli(window[1]),
                        Instant.ofEpochMilli(window[2])));
    }

    @Test
    void onlyADailyStepOrOneThatDividesADaySkipsDaysAndNotAllOfThem() {
        IllegalArgumentException sevenHours =
                assertThrows(IllegalArgumentException.class, () -> Step.parse("PT7H", EnumSet.of(DayOfWeek.SUNDAY)));
        assertEquals(
                "skipDays needs a step that divides a day (PT1H, PT15M) or P1D, not PT7H", sevenHours.getMessage());
        assertEquals(
                "skipDays needs step P1D or a clock step that divides a day (PT1H, PT15M), not P1M",
                assertThrows(IllegalArgumentException.class, () -> Step.parse("P1M", EnumSet.of(DayOfWeek.SUNDAY)))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Step.parse("P1D", EnumSet.allOf(DayOfWeek.class)));
        assertEquals(
                Step.parse("P1D").after(Instant.EPOCH, 3),
                Step.parse("P1D", Set.of()).after(Instant.EPOCH, 3));
        assertEquals(
                "hours needs a clock step (PT1H, PT15M), not P1D",
                assertThrows(IllegalArgumentException.class, () -> Step.parse("P1D", Set.of(), null, "09:00-17:00"))
                        .getMessage());
        assertEquals(
                "hours: '9-17' is not FIRST-LAST, the first and last reading's time of day (09:30-15:30; 22:00-06:00"
                        + " runs across midnight)",
                assertThrows(IllegalArgumentException.class, () -> Step.parse("PT1H", Set.of(), null, "9-17"))
                        .getMessage());
    }

    /**
     * Hourly bars of a New York trading day, 09:30 to 15:30 on weekdays: Friday's last bar is
     * followed by Monday's first, across the change to summer time (8 March 2024 is EST, the 11th
     * EDT), and a day has seven steps.
     */
    @Test
    void aClockStepWithHoursHasStepsOnlyInThem() {
        java.time.ZoneId ny = java.time.ZoneId.of("America/New_York");
        Step bars = Step.parse("PT1H", EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), ny, "09:30-15:30");
        Instant fridayClose = Instant.parse("2024-03-08T20:30:00Z"); // 15:30 EST
        Instant mondayOpen = Instant.parse("2024-03-11T13:30:00Z"); // 09:30 EDT
        assertEquals(mondayOpen, bars.after(fridayClose, 1));
        assertEquals(fridayClose, bars.before(mondayOpen, 1));
        assertEquals(Instant.parse("2024-03-12T13:30:00Z"), bars.after(mondayOpen, 7), "seven bars a day");
        assertEquals(Instant.parse("2024-03-08T14:30:00Z"), bars.before(mondayOpen, 7), "Friday's first bar");
        assertEquals(1, bars.stepsBetween(fridayClose, mondayOpen, 100));
        assertEquals(2, bars.stepsBetween(fridayClose, mondayOpen.plusSeconds(3600 + 120), 100), "two minutes late");
        assertEquals(1, bars.stepsBetween(fridayClose, mondayOpen.minusSeconds(600), 100), "ten minutes early");
        assertEquals(0, bars.stepsBetween(fridayClose, fridayClose.plusSeconds(900), 100));
        assertEquals(8, bars.stepsBetween(fridayClose, Instant.parse("2024-03-12T13:30:00Z"), 100));
        assertEquals(3, bars.stepsBetween(fridayClose, Instant.parse("2024-03-13T13:30:00Z"), 3), "at most the limit");
        long[] window = bars.ending(mondayOpen.toEpochMilli(), 3);
        assertEquals(
                List.of(Instant.parse("2024-03-08T19:30:00Z"), fridayClose, mondayOpen),
                List.of(
                        Instant.ofEpochMilli(window[0]),
                        Instant.ofEpochMilli(window[1]),
                        Instant.ofEpochMilli(window[2])));
        for (int n = 1; n <= 20; n++) {
            long[] w = bars.ending(mondayOpen.toEpochMilli(), n);
            assertEquals(bars.before(mondayOpen, n - 1).toEpochMilli(), w[0], "window of " + n);
        }
        assertTrue(bars.skips(Instant.parse("2024-03-09T17:00:00Z")), "Saturday");
        assertFalse(bars.outsideHours(Instant.parse("2024-03-09T17:00:00Z")), "a skipped day, not hours");
        assertTrue(bars.outsideHours(Instant.parse("2024-03-11T12:00:00Z")), "08:00 EDT");
        assertTrue(bars.outsideHours(Instant.parse("2024-03-11T21:30:00Z")), "17:30 EDT");
        assertFalse(bars.skips(Instant.parse("2024-03-11T13:10:00Z")), "09:10, twenty minutes before the first bar");
        assertEquals("09:30-15:30", bars.hours());
        assertTrue(bars.walks());
        assertFalse(Step.parse("PT1H").walks());
        for (Step step : List.of(bars, Step.parse("PT1H"), Step.parse("P1M"))) {
            Instant[] targets = step.targets(fridayClose, 30);
            for (int h = 1; h <= 30; h++) {
                assertEquals(step.after(fridayClose, h), targets[h - 1], step + " h=" + h);
            }
        }

        // Without hours a day keeps the phase of its steps: readings at half past every hour.
        Step weekdays = Step.parse("PT1H", EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
        Instant fridayLate = Instant.parse("2024-01-05T23:30:00Z");
        assertEquals(Instant.parse("2024-01-08T00:30:00Z"), weekdays.after(fridayLate, 1));
        assertEquals(fridayLate, weekdays.before(Instant.parse("2024-01-08T00:30:00Z"), 1));
        assertEquals(Instant.parse("2024-01-05T22:30:00Z"), weekdays.before(fridayLate, 1));
        assertEquals(24 * 5, weekdays.stepsBetween(fridayLate, fridayLate.plus(Duration.ofDays(7)), 1000));
    }

    /**
     * Days, months and years in the topology's zone: Berlin's days are 23 hours long on the last
     * Sunday of March and 25 on the last of October, its midnights 23:00 UTC in winter and 22:00 in
     * summer; its month ends and its days of the week are its own.
     */
    @Test
    void calendarStepsCountTheZonesDays() {
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        Step daily = Step.parse("P1D", Set.of(), berlin);
        Instant march30 = Instant.parse("2024-03-29T23:00:00Z"); // Saturday 30 March, midnight in Berlin
        assertEquals(Instant.parse("2024-03-30T23:00:00Z"), daily.after(march30, 1));
        assertEquals(Instant.parse("2024-03-31T22:00:00Z"), daily.after(march30, 2), "23 hours on the 31st");
        assertEquals(2, daily.stepsBetween(march30, Instant.parse("2024-03-31T22:00:00Z"), 10));
        assertEquals(
                Instant.parse("2024-10-27T23:00:00Z"),
                daily.after(Instant.parse("2024-10-26T22:00:00Z"), 1),
                "25 hours on 27 October");
        assertEquals(Instant.parse("2024-03-28T23:00:00Z"), daily.before(Instant.parse("2024-04-01T22:00:00Z"), 4));

        Step monthly = Step.parse("P1M", Set.of(), berlin);
        Instant endOfApril = Instant.parse("2024-04-29T22:00:00Z"); // 30 April, midnight in Berlin
        assertEquals(Instant.parse("2024-05-30T22:00:00Z"), monthly.after(endOfApril, 1), "31 May there");
        Instant firstOfFebruary = Instant.parse("2024-01-31T23:00:00Z"); // the 31st in UTC, not a month end there
        assertEquals(Instant.parse("2024-02-29T23:00:00Z"), monthly.after(firstOfFebruary, 1), "1 March there");
        assertEquals(Instant.parse("2024-03-31T22:00:00Z"), monthly.after(firstOfFebruary, 2), "1 April, summer time");

        Step weekdays = Step.parse("P1D", EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), berlin);
        Instant mondayThere = Instant.parse("2024-03-03T23:00:00Z"); // a Sunday in UTC
        assertFalse(weekdays.skips(mondayThere));
        assertTrue(weekdays.skips(Instant.parse("2024-03-02T23:00:00Z")));
        assertEquals(DayOfWeek.MONDAY, weekdays.dayOfWeek(mondayThere));
        assertEquals(mondayThere, weekdays.after(Instant.parse("2024-02-29T23:00:00Z"), 1), "Friday 1 March's next");
        assertEquals("Europe/Berlin", weekdays.zoneName());
        assertEquals("UTC", Step.parse("P1D", Set.of(), null).zoneName());

        Step hourly = Step.parse("PT1H", Set.of(), berlin);
        assertEquals(Instant.parse("2024-03-31T01:00:00Z"), hourly.after(Instant.parse("2024-03-31T00:00:00Z"), 1));
    }

    /** Where readings faster than the step are aggregated, each goes to the step that contains it: from its start to the next's. */
    @Test
    void aggregationPutsAReadingInTheStepThatContainsIt() {
        Step hourly = Step.parse("PT1H");
        assertEquals(
                Instant.parse("2024-01-01T10:00:00Z"), hourly.stepContaining(Instant.parse("2024-01-01T10:00:00Z")));
        assertEquals(
                Instant.parse("2024-01-01T09:00:00Z"),
                hourly.stepContaining(Instant.parse("2024-01-01T10:00:00Z"), true),
                "stamped at the end of what it describes");
        assertEquals(
                Instant.parse("2024-01-01T10:00:00Z"),
                hourly.stepContaining(Instant.parse("2024-01-01T10:00:00.001Z"), true));
        assertEquals(
                Instant.parse("2024-01-01T10:00:00Z"),
                hourly.stepContaining(Instant.parse("2024-01-01T10:59:59.999Z")));
        assertEquals(
                Instant.parse("1969-12-31T23:00:00Z"), hourly.stepContaining(Instant.parse("1969-12-31T23:30:00Z")));
        // Quarter hours on the quarter in Berlin, summer and winter.
        Step quarters = Step.parse("PT15M", Set.of(), ZoneId.of("Europe/Berlin"));
        assertEquals(
                Instant.parse("2024-07-01T10:15:00Z"), quarters.stepContaining(Instant.parse("2024-07-01T10:29:00Z")));
        // Hours of India's clock start at half past UTC's.
        Step india = Step.parse("PT1H", Set.of(), ZoneId.of("Asia/Kolkata"));
        assertEquals(
                Instant.parse("2024-01-01T09:30:00Z"), india.stepContaining(Instant.parse("2024-01-01T10:10:00Z")));
        // Six hours from Berlin's standard midnight, as the grid of a duration runs, summer too.
        Step sixHours = Step.parse("PT6H", Set.of(), ZoneId.of("Europe/Berlin"));
        assertEquals(
                Instant.parse("2024-07-01T05:00:00Z"), sixHours.stepContaining(Instant.parse("2024-07-01T10:59:00Z")));

        Step days = Step.parse("P1D", Set.of(), ZoneId.of("Europe/Berlin"));
        assertEquals(Instant.parse("2024-07-01T22:00:00Z"), days.stepContaining(Instant.parse("2024-07-02T21:59:00Z")));
        assertEquals(Instant.parse("2024-07-01T22:00:00Z"), days.stepContaining(Instant.parse("2024-07-01T22:00:00Z")));
        Step weeks = Step.parse("P1W");
        assertEquals(
                Instant.parse("2024-07-01T00:00:00Z"),
                weeks.stepContaining(Instant.parse("2024-07-07T23:00:00Z")),
                "from Monday");
        Step months = Step.parse("P1M");
        assertEquals(
                Instant.parse("2024-02-01T00:00:00Z"), months.stepContaining(Instant.parse("2024-02-29T12:00:00Z")));
        Step quartersOfYear = Step.parse("P3M");
        assertEquals(
                Instant.parse("2024-04-01T00:00:00Z"),
                quartersOfYear.stepContaining(Instant.parse("2024-06-30T12:00:00Z")));
        assertEquals(
                Instant.parse("2024-01-01T00:00:00Z"),
                Step.parse("P1Y").stepContaining(Instant.parse("2024-12-31T23:59:59Z")));

        // Trading hours: a minute just before the open is the first bar's, one after the last bar's start the last
        // bar's.
        Step bars = Step.parse(
                "PT1H", Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), ZoneId.of("America/New_York"), "09:30-15:30");
        assertEquals(Instant.parse("2024-03-11T13:30:00Z"), bars.stepContaining(Instant.parse("2024-03-11T13:20:00Z")));
        assertEquals(Instant.parse("2024-03-11T14:30:00Z"), bars.stepContaining(Instant.parse("2024-03-11T15:29:00Z")));
        assertEquals(Instant.parse("2024-03-11T19:30:00Z"), bars.stepContaining(Instant.parse("2024-03-11T19:59:00Z")));
        assertEquals(Instant.parse("2024-03-11T19:30:00Z"), bars.stepContaining(Instant.parse("2024-03-11T20:00:00Z")));
        for (Instant bar : bars.targets(Instant.parse("2024-03-08T19:30:00Z"), 30)) {
            assertEquals(bar, bars.stepContaining(bar.plusSeconds(1799)), "every bar contains its half hour");
        }

        for (String ok :
                new String[] {"PT1H", "PT15M", "PT24H", "P1D", "P1W", "P7D", "P1M", "P2M", "P3M", "P6M", "P1Y"}) {
            assertEquals(null, Step.parse(ok).aggregationRefusal(), ok);
        }
        for (String refused : new String[] {"PT7H", "PT36H", "P2D", "P5M", "P2Y", "P1M2D"}) {
            assertTrue(Step.parse(refused).aggregationRefusal().startsWith("aggregate needs"), refused);
        }
    }

    /**
     * A night shift, 22:00 to 06:00 on the nights from Monday to Friday (Friday's ends on Saturday
     * morning): each night has nine hourly steps, the morning's last is followed by the evening's
     * first, Friday night's by Monday night's, and every step, its neighbours and the step a
     * reading falls in agree.
     */
    @Test
    void hoursAcrossMidnightAreOneSessionEndingTheNextMorning() {
        Step nights =
                Step.parse("PT1H", EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), ZoneOffset.UTC, "22:00-06:00");
        Instant monday = Instant.parse("2024-01-01T22:00:00Z");
        List<Instant> walk = new java.util.ArrayList<>(List.of(monday));
        for (int i = 0; i < 60; i++) {
            walk.add(nights.after(walk.get(walk.size() - 1), 1));
        }
        assertEquals(Instant.parse("2024-01-02T06:00:00Z"), walk.get(8), "the night's ninth and last step");
        assertEquals(Instant.parse("2024-01-02T22:00:00Z"), walk.get(9), "then Tuesday night's first");
        // Friday night (the fifth) ends on Saturday at 06:00, and Monday night follows.
        assertEquals(Instant.parse("2024-01-06T06:00:00Z"), walk.get(44));
        assertEquals(Instant.parse("2024-01-08T22:00:00Z"), walk.get(45));
        for (int i = 1; i < walk.size(); i++) {
            assertEquals(walk.get(i - 1), nights.before(walk.get(i), 1), "back from " + walk.get(i));
            assertEquals(1, nights.stepsBetween(walk.get(i - 1), walk.get(i), 10));
            assertEquals(walk.get(i), nights.stepContaining(walk.get(i).plusSeconds(1799)));
        }
        assertEquals(
                walk.get(0), nights.stepContaining(Instant.parse("2024-01-01T21:50:00Z")), "just before the shift");
        assertFalse(nights.skips(Instant.parse("2024-01-06T03:00:00Z")), "Saturday 03:00 ends Friday's night");
        assertEquals(DayOfWeek.FRIDAY, nights.dayOfWeek(Instant.parse("2024-01-06T03:00:00Z")));
        assertTrue(nights.skips(Instant.parse("2024-01-06T23:00:00Z")), "Saturday night has no shift");
        assertTrue(nights.outsideHours(Instant.parse("2024-01-02T12:00:00Z")), "noon");
        assertFalse(nights.outsideHours(Instant.parse("2024-01-02T06:20:00Z")), "within half a step of the last");
    }

    /**
     * A night shift in Berlin on the night summer time begins (02:00 becomes 03:00 on 31 March
     * 2024): the night has six hourly steps, not seven, its last is 04:00 by the clock, and the
     * walk back from the next evening comes to it.
     */
    @Test
    void aNightAcrossTheChangeToSummerTimeIsAnHourShorter() {
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        Step nights = Step.parse("PT1H", Set.of(), berlin, "22:00-04:00");
        Instant saturday =
                java.time.ZonedDateTime.of(2024, 3, 30, 22, 0, 0, 0, berlin).toInstant();
        List<Instant> walk = new java.util.ArrayList<>(List.of(saturday));
        for (int i = 0; i < 6; i++) {
            walk.add(nights.after(walk.get(walk.size() - 1), 1));
        }
        Instant fourOClock =
                java.time.ZonedDateTime.of(2024, 3, 31, 4, 0, 0, 0, berlin).toInstant();
        assertEquals(fourOClock, walk.get(5), "22, 23, 0, 1, 3 and 4 o'clock");
        assertEquals(
                java.time.ZonedDateTime.of(2024, 3, 31, 22, 0, 0, 0, berlin).toInstant(), walk.get(6));
        assertEquals(fourOClock, nights.before(walk.get(6), 1));
        assertEquals(
                fourOClock, nights.stepContaining(fourOClock.plusSeconds(1500)), "within half a step after the last");
    }
}
