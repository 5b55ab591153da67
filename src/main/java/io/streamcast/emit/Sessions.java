package io.streamcast.emit;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * The steps a clock step (PT1H, PT15M) has when its series is only read part of the week: on the
 * days the topology does not skip ({@code skipDays}) and, with {@code hours}, from the first to
 * the last reading's time of day there ({@code 09:30-15:30} for hourly bars of a New York trading
 * day), in the topology's zone. Between one day's last step and the next open day's first there
 * is no step, so a night and a weekend are not a gap of seventeen or sixty-five missing hours:
 * before, every window of a day or more held steps nobody observed, filled in by the base, and
 * neither pretraining nor online learning had a single example.
 *
 * <p>Without {@code hours} a day's steps keep the phase of the step they continue from (readings
 * at half past every hour stay at half past); with them, each day's first step is the first
 * reading's time and the steps follow it by the step. Hours may run across midnight ({@code
 * 22:00-06:00}, a night shift; {@code 18:00-16:00}, a futures market's session): a day's session
 * then ends on the next day, and the day a step belongs to, for {@code skipDays} too, is the one
 * whose session it is in (Friday night's 02:00 is Friday's).
 */
final class Sessions {
    private static final long SECONDS_PER_DAY = 86_400;

    private final long stepSeconds;
    private final Set<DayOfWeek> skipped;
    private final ZoneId zone;
    /** The first and last step's time of day; both null for every hour of the open days. */
    private final LocalTime first;

    private final LocalTime last;
    /** Hours across midnight ({@code 22:00-06:00}): a day's session ends on the next day. */
    private final boolean overnight;

    /**
     * @param step    a clock step that divides a day
     * @param skipped days of the week without a step, in {@code zone}
     * @param first   the time of day of a day's first step, or null for every step of the day
     * @param last    the time of day of a day's last step (with {@code first}), not before it
     */
    Sessions(Duration step, Set<DayOfWeek> skipped, ZoneId zone, LocalTime first, LocalTime last) {
        this.stepSeconds = step.getSeconds();
        this.skipped = skipped;
        this.zone = zone;
        this.first = first;
        this.overnight = first != null && last.isBefore(first);
        this.last = first == null
                ? null
                : first.plusSeconds(Math.floorMod(secondOfDay(last) - secondOfDay(first), SECONDS_PER_DAY)
                        / stepSeconds
                        * stepSeconds);
    }

    /**
     * The day whose session {@code t} belongs to: its own date, or for hours across midnight
     * ({@code 22:00-06:00}) a time before the day's first step (less half a step) the day before,
     * whose session it ends.
     */
    private LocalDate sessionDay(ZonedDateTime t) {
        LocalDate date = t.toLocalDate();
        if (!overnight) {
            return date;
        }
        return secondOfDay(t.toLocalTime()) >= secondOfDay(first) - stepSeconds / 2 ? date : date.minusDays(1);
    }

    /** True when {@code ts} falls on a day of the week without steps (for hours across midnight: the day whose session it would end). */
    boolean skipsDay(Instant ts) {
        return skipped.contains(dayOfWeek(ts));
    }

    /** The day of the week whose session {@code ts} belongs to. */
    DayOfWeek dayOfWeek(Instant ts) {
        return sessionDay(ts.atZone(zone)).getDayOfWeek();
    }

    /**
     * True when {@code ts} lies more than half a step before a day's first step or after its last:
     * no step is near it (a reading a few minutes off its step still lands on it).
     */
    boolean outsideHours(Instant ts) {
        if (first == null) {
            return false;
        }
        long at = secondOfDay(ts.atZone(zone).toLocalTime());
        boolean beforeFirst = at < secondOfDay(first) - stepSeconds / 2;
        boolean afterLast = at > secondOfDay(last) + stepSeconds / 2;
        return overnight ? beforeFirst && afterLast : beforeFirst || afterLast;
    }

    /**
     * The step {@code ts} falls in when readings are aggregated: the day's latest step at or before
     * it, or the day's first for a reading just before it ({@code ts} is no skipped day and not
     * {@link #outsideHours}); the last step runs to the end of the hours' half step after it.
     */
    Instant containing(Instant ts) {
        LocalDate day = sessionDay(ts.atZone(zone));
        // As next() walks a day: from its first step by elapsed time.
        Instant dayStart = first == null
                ? day.atStartOfDay(zone).toInstant()
                : ZonedDateTime.of(day, first, zone).toInstant();
        long k = Math.max(0, Math.floorDiv(Duration.between(dayStart, ts).getSeconds(), stepSeconds));
        Instant start = dayStart.plusSeconds(k * stepSeconds);
        if (first != null) {
            // No later than the session's last step, by the clock (a night across a change to summer time is an hour
            // shorter).
            Instant lastStep = lastOfSession(day);
            return start.isAfter(lastStep) ? lastStep : start;
        }
        return start;
    }

    /** The last step of the session that begins on {@code day}: the next morning's for hours across midnight. */
    private Instant lastOfSession(LocalDate day) {
        return ZonedDateTime.of(overnight ? day.plusDays(1) : day, last, zone).toInstant();
    }

    /** The step after {@code step}, which is one: the next, or the first of the next open day's session. */
    Instant next(Instant step) {
        ZonedDateTime candidate = step.plusSeconds(stepSeconds).atZone(zone);
        if (has(candidate)) {
            return candidate.toInstant();
        }
        LocalDate day = sessionDay(step.atZone(zone));
        do {
            day = day.plusDays(1);
        } while (skipped.contains(day.getDayOfWeek()));
        return firstOf(day, step);
    }

    /** The step before {@code step}, which is one: the one before, or the last of the previous open day's session. */
    Instant previous(Instant step) {
        ZonedDateTime candidate = step.minusSeconds(stepSeconds).atZone(zone);
        if (has(candidate)) {
            return candidate.toInstant();
        }
        LocalDate day = sessionDay(step.atZone(zone));
        do {
            day = day.minusDays(1);
        } while (skipped.contains(day.getDayOfWeek()));
        return lastOf(day, step);
    }

    private boolean has(ZonedDateTime t) {
        if (skipped.contains(sessionDay(t).getDayOfWeek())) {
            return false;
        }
        if (first == null) {
            return true;
        }
        LocalTime time = t.toLocalTime();
        boolean fromFirst = !time.isBefore(first);
        boolean toLast = !time.isAfter(last);
        return overnight ? fromFirst || toLast : fromFirst && toLast;
    }

    /** The first step of {@code day}: the first reading's time, or midnight plus the phase of {@code step}. */
    private Instant firstOf(LocalDate day, Instant step) {
        if (first != null) {
            return ZonedDateTime.of(day, first, zone).toInstant();
        }
        return day.atStartOfDay(zone).plusSeconds(phase(step)).toInstant();
    }

    /** The last step of {@code day}'s session: the last reading's time (the next morning's, across midnight), or the last of the day with the phase of {@code step}. */
    private Instant lastOf(LocalDate day, Instant step) {
        if (first != null) {
            return lastOfSession(day);
        }
        long phase = phase(step);
        long lastSecond = phase + (SECONDS_PER_DAY - 1 - phase) / stepSeconds * stepSeconds;
        return day.atStartOfDay(zone).plusSeconds(lastSecond).toInstant();
    }

    /** Where in its step {@code step}'s time of day falls: 1,800 for readings at half past each hour. */
    private long phase(Instant step) {
        return secondOfDay(step.atZone(zone).toLocalTime()) % stepSeconds;
    }

    private static long secondOfDay(LocalTime t) {
        return t.toSecondOfDay();
    }
}
