package io.streamcast.cli;

import io.streamcast.backtest.SeriesPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the n-th repeat of a looping replay puts its timestamps: n times (the data's span plus one
 * step) later, so every repeat continues each series one step after the previous repeat ended.
 * Sent again unchanged, the repeated timestamps were older than what the service had seen and
 * every observation was dead-lettered TOO_OLD (issue 14: the compose stack went silent after one pass).
 * Data on the first of each month (a P1M step) moves by whole calendar months, so it stays on the
 * month grid; daily data without rows on some day of the week (business days) by whole weeks, so
 * it stays on its weekdays; anything else by a fixed duration.
 */
final class LoopShift {
    private final Duration duration;
    private final long months;
    /** The data's earliest timestamp; null for no data. */
    private final Instant dataStart;

    private LoopShift(Duration duration, long months, Instant dataStart) {
        this.duration = duration;
        this.months = months;
        this.dataStart = dataStart;
    }

    static LoopShift of(Map<String, List<SeriesPoint>> series) {
        Instant first = null;
        Instant last = null;
        Duration step = null;
        boolean monthly = true;
        for (List<SeriesPoint> points : series.values()) {
            for (int i = 0; i < points.size(); i++) {
                Instant ts = points.get(i).ts();
                first = first == null || ts.isBefore(first) ? ts : first;
                last = last == null || ts.isAfter(last) ? ts : last;
                ZonedDateTime utc = ts.atZone(ZoneOffset.UTC);
                monthly &= utc.getDayOfMonth() == 1 && utc.toLocalTime().toSecondOfDay() == 0;
                if (i > 0) {
                    Duration gap = Duration.between(points.get(i - 1).ts(), ts);
                    step = !gap.isNegative() && !gap.isZero() && (step == null || gap.compareTo(step) < 0) ? gap : step;
                }
            }
        }
        if (first == null || step == null) {
            // Fewer than two points per series: no step to go by; a day keeps repeats apart.
            step = Duration.ofDays(1);
        }
        if (first == null) {
            return new LoopShift(step, 0, null);
        }
        if (monthly && step.compareTo(Duration.ofDays(28)) >= 0) {
            long stepMonths = Math.max(1, Math.round(step.toDays() / 30.44));
            long span = ChronoUnit.MONTHS.between(first.atZone(ZoneOffset.UTC), last.atZone(ZoneOffset.UTC));
            return new LoopShift(null, span + stepMonths, first);
        }
        Duration shift = Duration.between(first, last).plus(step);
        boolean twoWeeks = Duration.between(first, last).compareTo(Duration.ofDays(13)) >= 0;
        if (step.compareTo(Duration.ofDays(1)) <= 0
                && (twoWeeks && missesAWeekday(series) || missesATimeOfDay(series, step))) {
            // Business-day data (no weekend rows), trading or opening hours: a shift of whole weeks
            // keeps every row on its weekday and time of day, so no repeat lands on a day or an hour
            // the topology skips (skipDays, hours: SKIPPED_DAY, OUTSIDE_HOURS).
            shift = Duration.ofDays((shift.toDays() + 6) / 7 * 7);
        }
        return new LoopShift(shift, 0, first);
    }

    /**
     * True when a clock step shorter than a day has rows at only some of a day's times (the hours
     * of a trading day), in a data set of at least two days' steps.
     */
    private static boolean missesATimeOfDay(Map<String, List<SeriesPoint>> series, Duration step) {
        if (step.compareTo(Duration.ofDays(1)) >= 0) {
            return false;
        }
        long perDay = Duration.ofDays(1).toSeconds() / Math.max(1, step.toSeconds());
        java.util.Set<Long> times = new java.util.HashSet<>();
        long rows = 0;
        for (List<SeriesPoint> points : series.values()) {
            for (SeriesPoint p : points) {
                times.add(p.ts().getEpochSecond() % 86_400);
                rows++;
            }
        }
        return rows >= 2 * perDay && times.size() < perDay;
    }

    /** True when some day of the week has no row at all. */
    private static boolean missesAWeekday(Map<String, List<SeriesPoint>> series) {
        java.util.EnumSet<java.time.DayOfWeek> days = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
        for (List<SeriesPoint> points : series.values()) {
            for (SeriesPoint p : points) {
                days.add(p.ts().atZone(ZoneOffset.UTC).getDayOfWeek());
            }
        }
        return days.size() < 7;
    }

    /** The series with every timestamp moved for repeat {@code loop} (0: unchanged). */
    Map<String, List<SeriesPoint>> apply(Map<String, List<SeriesPoint>> series, long loop) {
        Map<String, List<SeriesPoint>> shifted = new LinkedHashMap<>();
        series.forEach((key, points) -> shifted.put(
                key,
                points.stream()
                        .map(p -> new SeriesPoint(shift(p.ts(), loop), p.value(), p.features()))
                        .toList()));
        return shifted;
    }

    Instant shift(Instant ts, long loop) {
        return duration != null
                ? ts.plus(duration.multipliedBy(loop))
                : ts.atZone(ZoneOffset.UTC).plusMonths(months * loop).toInstant();
    }

    /**
     * The fewest whole loops that put the data's first timestamp after {@code newest} (0 when it
     * already is, or there is no data). Whole loops, not the exact gap: the timestamps stay on the data's grid
     * and each series keeps its seasonal phase (hour of day, month of year), which is what
     * {@code replay --continue} needs to follow what an earlier replay left in the topic.
     */
    long loopsToStartAfter(Instant newest) {
        if (dataStart == null || dataStart.isAfter(newest)) {
            return 0;
        }
        // An estimate from the period, then corrected by at most a step or two: months vary in length.
        long loops = duration != null
                ? Duration.between(dataStart, newest).dividedBy(duration)
                : ChronoUnit.MONTHS.between(dataStart.atZone(ZoneOffset.UTC), newest.atZone(ZoneOffset.UTC))
                        / Math.max(1, months);
        while (!shift(dataStart, loops).isAfter(newest)) {
            loops++;
        }
        while (loops > 0 && shift(dataStart, loops - 1).isAfter(newest)) {
            loops--;
        }
        return loops;
    }

    /** How far {@code loops} repeats move, for people: "730 days", "PT36H", "288 months". */
    String describe(long loops) {
        if (duration == null) {
            return months * loops + " months";
        }
        Duration total = duration.multipliedBy(loops);
        return total.toSeconds() % 86_400 == 0 ? total.toDays() + " days" : total.toString();
    }

    /** How far each repeat moves, ISO-8601 (e.g. PT8760H, P145M), for the line each repeat prints. */
    String perLoop() {
        return duration != null ? duration.toString() : "P" + months + "M";
    }
}
