package io.streamcast.backtest;

import io.streamcast.emit.Step;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Whether a clock step's missing steps are the hours and days its data is never read: a market
 * feed's nights and weekends, an office's closed hours. The rows give the earliest and latest
 * time of day they are stamped at and the days of the week they fall on (in the topology's zone);
 * when there are missing steps and every one lies outside those times or on those days, the
 * settings that make them no step at all ({@code hours}, {@code skipDays}) are the backtest's hint.
 */
final class OffHours {
    /** Fewer missing steps than this say nothing about when a series is never read. */
    private static final int STEPS_TO_SUGGEST = 4;

    private static final int SECONDS_PER_DAY = 86_400;

    private final Step step;
    /** The first and last time of day rows are stamped at: around the longest stretch of the day without rows. */
    private final LocalTime earliest;

    private final LocalTime latest;
    /** The rows' hours run across midnight ({@code 22:00-04:00}, a night shift). */
    private final boolean overnight;

    private final Set<DayOfWeek> unread;
    private long outside;
    private long inside;

    private OffHours(Step step, LocalTime earliest, LocalTime latest, Set<DayOfWeek> unread) {
        this.step = step;
        this.earliest = earliest;
        this.latest = latest;
        this.overnight = latest.isBefore(earliest);
        this.unread = unread;
    }

    /**
     * The rows' hours are what the longest stretch of the day without a row leaves: for a shop's
     * readings 09:00 to 17:00, 09:00-17:00; for a night shift's 22:00 to 04:00, 22:00-04:00 (the
     * stretch from 04:00 to 22:00 has none). A row after midnight in such hours belongs to the
     * night that began the day before, so that is the day of the week it reads.
     */
    static OffHours of(Map<String, List<SeriesPoint>> data, Step step) {
        TreeSet<Integer> seconds = new TreeSet<>();
        for (List<SeriesPoint> points : data.values()) {
            for (SeriesPoint p : points) {
                seconds.add(p.ts().atZone(step.zone()).toLocalTime().toSecondOfDay());
            }
        }
        if (seconds.isEmpty()) {
            return new OffHours(step, LocalTime.MIN, LocalTime.MAX, EnumSet.noneOf(DayOfWeek.class));
        }
        // The longest gap between two consecutive times of day, the one across midnight included.
        int gapEnd = seconds.first();
        int gapStart = seconds.last();
        int longest = seconds.first() + SECONDS_PER_DAY - seconds.last();
        Integer before = null;
        for (int t : seconds) {
            if (before != null && t - before > longest) {
                longest = t - before;
                gapStart = before;
                gapEnd = t;
            }
            before = t;
        }
        LocalTime earliest = LocalTime.ofSecondOfDay(gapEnd);
        LocalTime latest = LocalTime.ofSecondOfDay(gapStart);
        boolean overnight = latest.isBefore(earliest);
        Set<DayOfWeek> read = EnumSet.noneOf(DayOfWeek.class);
        for (List<SeriesPoint> points : data.values()) {
            for (SeriesPoint p : points) {
                ZonedDateTime there = p.ts().atZone(step.zone());
                boolean endsLastNight = overnight && !there.toLocalTime().isAfter(latest);
                read.add(endsLastNight ? there.getDayOfWeek().minus(1) : there.getDayOfWeek());
            }
        }
        return new OffHours(step, earliest, latest, EnumSet.complementOf(EnumSet.copyOf(read)));
    }

    /** Counts a step no row was stamped on. */
    void missing(Instant ts) {
        ZonedDateTime there = ts.atZone(step.zone());
        LocalTime t = there.toLocalTime();
        boolean outsideHours =
                overnight ? t.isAfter(latest) && t.isBefore(earliest) : t.isBefore(earliest) || t.isAfter(latest);
        DayOfWeek day = overnight && !t.isAfter(latest) ? there.getDayOfWeek().minus(1) : there.getDayOfWeek();
        if (unread.contains(day) || outsideHours) {
            outside++;
        } else {
            inside++;
        }
    }

    /** The settings' hint for the backtest's grid line; empty unless every missing step was outside. */
    String hint() {
        if (inside > 0 || outside < STEPS_TO_SUGGEST || unread.size() > 3) {
            return "";
        }
        // Rows at every time of day (the first step after midnight to the last before it): days only.
        long stepSeconds = step.nominalLength().toSeconds();
        boolean allDay = !overnight
                && earliest.toSecondOfDay() < stepSeconds
                && latest.toSecondOfDay() + stepSeconds >= SECONDS_PER_DAY;
        if (allDay && unread.isEmpty()) {
            return "";
        }
        String hours = earliest + "-" + latest;
        String days =
                unread.stream().map(d -> d.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        String when = (allDay ? "" : "outside " + hours)
                + (allDay || unread.isEmpty() ? "" : " or ")
                + (unread.isEmpty() ? "" : "on a " + days.replace(", ", " or "));
        String settings = (allDay ? "" : "`hours: '" + hours + "'`")
                + (allDay || unread.isEmpty() ? "" : " and ")
                + (unread.isEmpty() ? "" : "`skipDays: [" + days + "]`");
        return "; every missing step is " + when + ": if the data has no rows then, " + settings
                + " make" + (allDay || unread.isEmpty() ? "s" : "") + " them no step at all, so windows across them"
                + " are observed and train";
    }
}
