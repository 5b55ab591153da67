package io.streamcast.backtest;

import io.streamcast.emit.Step;
import io.streamcast.emit.StepGrid;
import io.streamcast.series.Aggregation;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What placing a data set's series on the topology's step grid found, for the backtest to say
 * before its figures: steps no row was stamped on (filled, never scored), gaps too long to fill
 * (the series restarts there), rows on a step that already had one and rows on a day the step
 * skips (both dead-lettered), and, when the rows' typical spacing is far from the step (daily data
 * in an hourly topology), or every missing day is the same few days of the week (business-day data
 * on a P1D grid without {@code skipDays}), that too.
 *
 * @param typicalSpacing the median time between a series' consecutive rows; null without two rows
 * @param stepLength     the step's length (a calendar step's first one from 2001-01-01: 31 days for P1M)
 * @param missingDays    the days of the week the missing steps fell on, for a daily step; empty otherwise
 * @param lateInTheDay   for a step of days or longer counted in UTC, the one or two times of day (UTC)
 *     every row is stamped at when they are past noon: midnights east of Greenwich, whose days UTC
 *     counts as the day before (see {@link Step}); empty otherwise
 * @param sessionsHint   for a clock step read around the clock, the settings that would make its
 *     missing steps no step at all when every one falls outside the hours or on the days its rows
 *     have ({@code hours: '09:30-15:30'}, {@code skipDays: [saturday, sunday]}); empty otherwise
 * @param hasHours       whether the step has {@code hours}, so rows outside them are left out too
 * @param zerosLeftOut   every value is a whole number of at least 1, at least a tenth of the
 *     steps have no row, and the gaps are many (one for every ten rows or more), not an outage or
 *     two: counts written only where something happened (commits, sales, calls per hour), whose
 *     missing steps are zeros the base would fill with its forecast
 */
public record GridSummary(
        long missingSteps,
        int restarts,
        int sameStepRows,
        int skippedDayRows,
        int maxFill,
        Duration typicalSpacing,
        Duration stepLength,
        Set<DayOfWeek> missingDays,
        Set<LocalTime> lateInTheDay,
        String sessionsHint,
        boolean hasHours,
        boolean zerosLeftOut) {
    /** Fewer missing days than this say nothing about which days a series never has. */
    private static final int DAYS_TO_SUGGEST_SKIPPING = 4;

    public static GridSummary of(Map<String, List<SeriesPoint>> data, StepGrid grid) {
        Step step = grid.step();
        Duration stepLength = step.nominalLength();
        boolean daily = stepLength.equals(Duration.ofDays(1));
        long missing = 0;
        int restarts = 0;
        int sameStep = 0;
        int skippedDay = 0;
        long observed = 0;
        long gaps = 0;
        boolean wholeFromOne = true;
        Set<DayOfWeek> missingDays = EnumSet.noneOf(DayOfWeek.class);
        List<Duration> spacings = new ArrayList<>();
        OffHours offHours = stepLength.compareTo(Duration.ofDays(1)) < 0
                        && step.hours() == null
                        && step.skippedDays().isEmpty()
                ? OffHours.of(data, step)
                : null;
        for (List<SeriesPoint> points : data.values()) {
            GriddedSeries placed = GriddedSeries.of(points, grid);
            observed += placed.size();
            for (SeriesPoint p : points) {
                wholeFromOne &= p.value() >= 1 && p.value() == Math.rint(p.value());
            }
            int onSkippedDays =
                    (int) points.stream().filter(p -> step.skips(p.ts())).count();
            skippedDay += onSkippedDays;
            sameStep += points.size() - onSkippedDays - placed.size();
            for (int i = 1; i < placed.size(); i++) {
                int steps = Math.toIntExact(placed.step()[i] - placed.step()[i - 1]);
                if (grid.restarts(steps)) {
                    restarts++;
                } else {
                    missing += steps - 1;
                    gaps += steps > 1 ? 1 : 0;
                    for (int k = 1; daily && k < steps; k++) {
                        missingDays.add(step.dayOfWeek(step.after(placed.ts()[i - 1], k)));
                    }
                    for (int k = 1; offHours != null && k < steps; k++) {
                        offHours.missing(step.after(placed.ts()[i - 1], k));
                    }
                }
            }
            for (int i = 1; i < points.size(); i++) {
                spacings.add(
                        Duration.between(points.get(i - 1).ts(), points.get(i).ts()));
            }
        }
        Set<LocalTime> late =
                stepLength.compareTo(Duration.ofDays(1)) >= 0 && step.zone().equals(ZoneOffset.UTC)
                        ? lateInTheDay(data)
                        : Set.of();
        Collections.sort(spacings);
        Duration typical = spacings.isEmpty() ? null : spacings.get(spacings.size() / 2);
        return new GridSummary(
                missing,
                restarts,
                sameStep,
                skippedDay,
                grid.maxFill(),
                typical,
                stepLength,
                missingDays,
                late,
                offHours == null ? "" : offHours.hint(),
                step.hours() != null,
                wholeFromOne && missing > 0 && missing * 10 >= observed + missing && gaps * 10 >= observed);
    }

    /** The rows' one or two times of day in UTC when all are past noon (two: summer and winter time); else none. */
    private static Set<LocalTime> lateInTheDay(Map<String, List<SeriesPoint>> data) {
        Set<LocalTime> times = new TreeSet<>();
        for (List<SeriesPoint> points : data.values()) {
            for (SeriesPoint p : points) {
                LocalTime t = p.ts().atOffset(ZoneOffset.UTC).toLocalTime();
                times.add(t);
                if (t.isBefore(LocalTime.NOON) || times.size() > 2) {
                    return Set.of();
                }
            }
        }
        return times;
    }

    /** What the hint on readings faster than the step names besides {@code mean}. */
    private static final String AGGREGATIONS_BESIDES_MEAN = Arrays.stream(Aggregation.values())
            .filter(a -> a != Aggregation.MEAN)
            .map(Aggregation::toString)
            .collect(Collectors.joining(", "));

    /** Whether the rows are typically less than half a step or more than two steps apart. */
    public boolean spacingDiffersFromStep() {
        if (typicalSpacing == null) {
            return false;
        }
        double ratio = (double) typicalSpacing.toMillis() / stepLength.toMillis();
        return ratio < 0.5 || ratio > 2;
    }

    /**
     * The days to skip when a daily series' missing steps all fell on a few days of the week
     * (weekends, a closing day): empty unless there were enough of them to say so.
     */
    public Set<DayOfWeek> daysNeverObserved() {
        return missingSteps >= DAYS_TO_SUGGEST_SKIPPING && !missingDays.isEmpty() && missingDays.size() <= 3
                ? missingDays
                : Set.of();
    }

    /** One line for the backtest's output; empty when every row lies on its own step and none is missing. */
    public String describe(String step) {
        if (missingSteps == 0 && restarts == 0 && sameStepRows == 0 && skippedDayRows == 0 && lateInTheDay.isEmpty()) {
            return "";
        }
        if (missingSteps == 0 && restarts == 0 && sameStepRows == 0 && skippedDayRows == 0) {
            return "data on the step grid (" + step + ")" + zoneHint();
        }
        String line = String.format(
                "data on the step grid (%s): %d missing step%s filled (never scored or learnt as a target), %d gap%s longer than gaps.maxFill %d"
                        + " (the series restarts there), %d row%s on a step that already had one (left out, as"
                        + " the topology dead-letters them: DUPLICATE_TS)",
                step,
                missingSteps,
                missingSteps == 1 ? "" : "s",
                restarts,
                restarts == 1 ? "" : "s",
                maxFill,
                sameStepRows,
                sameStepRows == 1 ? "" : "s");
        if (skippedDayRows > 0) {
            line += String.format(
                    hasHours
                            ? ", %d row%s on a day the step skips or outside its hours (left out: SKIPPED_DAY,"
                                    + " OUTSIDE_HOURS)"
                            : ", %d row%s on a day the step skips (left out: SKIPPED_DAY)",
                    skippedDayRows,
                    skippedDayRows == 1 ? "" : "s");
        }
        line += sessionsHint;
        if (!daysNeverObserved().isEmpty()) {
            String days = daysNeverObserved().stream()
                    .map(d -> d.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            line += "; every missing step is a " + days.replace(", ", " or ")
                    + ": if the data has no rows on those days, `skipDays: [" + days
                    + "]` makes them no step at all, so windows across them are observed and train";
        }
        boolean zerosHint = zerosLeftOut && daysNeverObserved().isEmpty() && sessionsHint.isEmpty();
        if (zerosHint) {
            // Weekends or nights never read explain the gaps better, with the hint above.
            line += "; every value is a whole number of at least 1: if the rows are counts that leave out the"
                    + " steps where none happened, `aggregate: sum` with `emptySteps: zero` makes those steps 0"
                    + " (forecast, scored and trained on) instead of filling them with the base's forecast";
        }
        line += zoneHint();
        if (!spacingDiffersFromStep() || zerosHint && typicalSpacing.compareTo(stepLength) > 0) {
            // Counts without their zeros are sparse rows on the right step: asking for another misleads.
            return line;
        }
        line += "; the rows are typically " + text(typicalSpacing) + " apart: is `step: " + step
                + "` the data's spacing?";
        return typicalSpacing.compareTo(stepLength) < 0
                ? line + " If they are readings within each step, `aggregate: mean` (or " + AGGREGATIONS_BESIDES_MEAN
                        + ") makes each step's value from them"
                : line;
    }

    /** Why rows stamped late in the UTC day want the topology's zone; empty when they are not. */
    private String zoneHint() {
        if (lateInTheDay.isEmpty()) {
            return "";
        }
        String times = lateInTheDay.stream().map(LocalTime::toString).collect(Collectors.joining(" or "));
        return "; every row is stamped at " + times + " UTC: if these are midnights in a time zone east of"
                + " Greenwich, UTC counts each on the day before (its day of the week, its month); name the"
                + " series' zone (`zone: Europe/Berlin`) to count days there";
    }

    /** P1D for whole days, else the duration's ISO form (PT1H, PT15M). */
    public static String text(Duration d) {
        return !d.isZero() && d.toSeconds() % 86_400 == 0 ? "P" + d.toDays() + "D" : d.toString();
    }
}
