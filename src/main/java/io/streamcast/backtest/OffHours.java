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

    private final Step step;
    private final LocalTime earliest;
    private final LocalTime latest;
    private final Set<DayOfWeek> unread;
    private long outside;
    private long inside;

    private OffHours(Step step, LocalTime earliest, LocalTime latest, Set<DayOfWeek> unread) {
        this.step = step;
        this.earliest = earliest;
        this.latest = latest;
        this.unread = unread;
    }

    static OffHours of(Map<String, List<SeriesPoint>> data, Step step) {
        LocalTime earliest = LocalTime.MAX;
        LocalTime latest = LocalTime.MIN;
        Set<DayOfWeek> read = EnumSet.noneOf(DayOfWeek.class);
        for (List<SeriesPoint> points : data.values()) {
            for (SeriesPoint p : points) {
                ZonedDateTime there = p.ts().atZone(step.zone());
                LocalTime t = there.toLocalTime();
                earliest = t.isBefore(earliest) ? t : earliest;
                latest = t.isAfter(latest) ? t : latest;
                read.add(there.getDayOfWeek());
            }
        }
        return new OffHours(
                step,
                earliest,
                latest,
                EnumSet.complementOf(EnumSet.copyOf(read.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : read)));
    }

    /** Counts a step no row was stamped on. */
    void missing(Instant ts) {
        ZonedDateTime there = ts.atZone(step.zone());
        LocalTime t = there.toLocalTime();
        if (unread.contains(there.getDayOfWeek()) || t.isBefore(earliest) || t.isAfter(latest)) {
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
        boolean allDay = earliest.toSecondOfDay() < stepSeconds && latest.toSecondOfDay() + stepSeconds >= 86_400;
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
