package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.emit.Step;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When a backtest names {@code period: 168}: hourly data whose days differ by weekday, as schedules do. */
class WeeklySeasonHintTest {
    private static final Instant MONDAY = Instant.parse("2024-01-01T00:00:00Z");

    /** Four weeks of hourly values: a daily shape, quieter at weekends when {@code weekends} (departures, calls). */
    private static List<SeriesPoint> hourly(boolean weekends, long seed) {
        Random noise = new Random(seed);
        List<SeriesPoint> points = new ArrayList<>();
        for (int h = 0; h < 4 * 168; h++) {
            Instant ts = MONDAY.plusSeconds(3600L * h);
            DayOfWeek day = ts.atZone(ZoneOffset.UTC).getDayOfWeek();
            double shape = 20 + 15 * Math.sin(2 * Math.PI * (h % 24) / 24);
            double weekend = weekends && (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) ? 0.5 : 1;
            points.add(new SeriesPoint(ts, shape * weekend + noise.nextGaussian()));
        }
        return points;
    }

    @Test
    void hourlyDataThatRepeatsByTheWeekNamesTheWeeksPeriod() {
        String hint =
                WeeklySeasonHint.of(Map.of("ATL", hourly(true, 1), "ORD", hourly(true, 2)), Step.parse("PT1H"), 24);
        assertTrue(
                hint.startsWith("the data repeats by the week more than by the day: seasonal naive a week back erred"),
                hint);
        assertTrue(hint.contains("(mean absolute error over 1008 steps)"), hint);
        assertTrue(
                hint.endsWith("`period: 168` (with `window: 168`) lets the base and the network learn each"
                        + " weekday's shape"),
                hint);
        assertTrue(
                WeeklySeasonHint.of(Map.of("half", half(hourly(true, 3))), Step.parse("PT30M"), 48)
                        .contains("`period: 336`"),
                "half-hourly steps: a week is 336");
    }

    @Test
    void dataThatRepeatsByTheDayOrTopologiesWhoseSeasonIsNoDayHaveNoLine() {
        for (long seed = 1; seed <= 20; seed++) {
            assertEquals(
                    "",
                    WeeklySeasonHint.of(Map.of("temps", hourly(false, seed)), Step.parse("PT1H"), 24),
                    "noise around a daily shape, seed " + seed);
        }
        assertEquals(
                "", WeeklySeasonHint.of(Map.of("ATL", hourly(true, 1)), Step.parse("PT1H"), 168), "already weekly");
        assertEquals("", WeeklySeasonHint.of(Map.of("ATL", hourly(true, 1)), Step.parse("PT1H"), 12));
        assertEquals(
                "",
                WeeklySeasonHint.of(
                        Map.of("ATL", hourly(true, 1)),
                        Step.parse("PT1H", Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)),
                        24),
                "with weekends skipped a week is not seven days of steps");
        assertEquals(
                "",
                WeeklySeasonHint.of(Map.of("ATL", hourly(true, 1).subList(0, 200)), Step.parse("PT1H"), 24),
                "under two weeks say nothing");
    }

    /** The hourly values at every half hour: each hour's value twice. */
    private static List<SeriesPoint> half(List<SeriesPoint> hourly) {
        List<SeriesPoint> points = new ArrayList<>();
        for (SeriesPoint p : hourly) {
            points.add(p);
            points.add(new SeriesPoint(p.ts().plusSeconds(1800), p.value()));
        }
        return points;
    }
}
