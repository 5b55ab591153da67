package io.streamcast.emit;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumSet;
import java.util.Set;

/**
 * The spacing between observations: an ISO-8601 duration (PT1H, PT15M) for clock steps or an
 * ISO-8601 period (P1M, P1D, P1Y) for calendar steps. Target timestamps are computed in UTC from
 * the origin: h steps ahead is origin plus h periods (not h times 30 days).
 *
 * <p>Month ends stay month ends. Monthly and quarterly data are often stamped on the last day of
 * each month (pandas' month-end resampling labels them so, as do accounting periods), and plain
 * calendar arithmetic drifts off them: P1M after 2024-04-30 is 2024-05-30, a day before the
 * observation it forecasts. So for steps of whole months or years, a timestamp on the last day of
 * its month steps to the last day of the target month (P1M after 2024-04-30 is 2024-05-31, after
 * 2024-01-31 2024-02-29); any other day keeps its day of month, clamped to short months. A series
 * stamped on the 29th or 30th of every month is thereby taken for a month-end one after origins
 * that fall on a month's last day (30 April, February): its steps still land on its observations
 * (they are matched to the nearest step), only those forecasts' target timestamps read a day or
 * two late.
 *
 * <p>A daily step may skip days of the week ({@code skipDays}): business-day data (markets, B2B
 * sales, office meters) has no weekend rows, and on a plain P1D grid every weekend was two missing
 * steps, filled in by the base, so every window of a week or more contained a step nobody observed
 * and pretraining and online learning had no example at all. With the days skipped, Friday's next
 * step is Monday, and forecasts target business days only.
 *
 * <p>Days, months and years are those of the topology's {@code zone} (UTC unless it names one):
 * a daily series stamped at midnight in Berlin ({@code 2024-03-04T00:00:00+01:00}, a Monday) lies
 * on Sunday in UTC, so judged in UTC its business days would be Sunday to Thursday and every
 * Monday's reading a skipped day. In its own zone a day step runs from local midnight to local
 * midnight (23 or 25 hours across a daylight-saving change), so forecasts target the instants the
 * series' own readings have all year, month ends are the zone's, and skipped days are its days of
 * the week. Clock steps (PT1H) are durations and need no zone, unless they skip days or keep
 * hours ({@link Sessions}: trading and opening hours), whose days and times of day are the zone's.
 */
public final class Step {
    private final Duration duration;
    private final Period period;
    /** Whole months or years: a month end steps to month ends. */
    private final boolean keepsMonthEnds;

    private final String text;
    /** The duration's parts: {@link Duration#multipliedBy} goes through BigDecimal (4% of the stream thread). */
    private final long seconds;

    private final long nanos;
    /** Days of the week without a step ({@code skipDays}: P1D, or a clock step in {@link #sessions}); mostly empty. */
    private final Set<DayOfWeek> skipped;
    /** Whose days, months and years calendar steps count. */
    private final ZoneId zone;
    /** A clock step's steps on part of the week only ({@code skipDays}, {@code hours}); null: every step. */
    private final Sessions sessions;
    /** {@code hours} as the topology wrote it; null without. */
    private final String hours;

    private Step(Duration duration, Period period, String text) {
        this(duration, period, text, EnumSet.noneOf(DayOfWeek.class), ZoneOffset.UTC, null, null);
    }

    private Step(
            Duration duration,
            Period period,
            String text,
            Set<DayOfWeek> skipped,
            ZoneId zone,
            Sessions sessions,
            String hours) {
        this.skipped = skipped;
        this.zone = zone;
        this.sessions = sessions;
        this.hours = hours;
        this.duration = duration;
        this.seconds = duration == null ? 0 : duration.getSeconds();
        this.nanos = duration == null ? 0 : duration.getNano();
        this.period = period;
        this.keepsMonthEnds = period != null && period.getDays() == 0;
        this.text = text;
    }

    public static Step parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("step must be an ISO-8601 duration or period such as PT1H or P1M");
        }
        String t = text.trim();
        try {
            if (t.contains("T")) {
                Duration d = Duration.parse(t);
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("step must be positive, got " + t);
                }
                return new Step(d, null, t);
            }
            Period p = Period.parse(t);
            if (p.isNegative() || p.isZero()) {
                throw new IllegalArgumentException("step must be positive, got " + t);
            }
            return new Step(null, p, t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + t + "' is not an ISO-8601 duration or period (PT1H, P1D, P1M)");
        }
    }

    /**
     * {@link #parse(String)} with days of the week the grid skips: business-day data skips
     * Saturday and Sunday. A step of one day or a clock step that divides a day may skip days, not
     * all seven.
     *
     * @throws IllegalArgumentException saying why, in one line
     */
    public static Step parse(String text, Set<DayOfWeek> skipDays) {
        return parse(text, skipDays, ZoneOffset.UTC);
    }

    /**
     * {@link #parse(String, Set)} counting days, months and years in {@code zone} (null: UTC).
     *
     * @throws IllegalArgumentException saying why, in one line
     */
    public static Step parse(String text, Set<DayOfWeek> skipDays, ZoneId zone) {
        return parse(text, skipDays, zone, null);
    }

    /**
     * {@link #parse(String, Set, ZoneId)} with, for a clock step, the hours of each day it has
     * steps in: {@code hours} is the first and the last reading's time of day in {@code zone},
     * {@code 09:30-15:30} (null: the whole day). A clock step that skips days or hours must divide a
     * day (PT1H, PT15M), so every day's steps fall at the same times.
     *
     * @throws IllegalArgumentException saying why, in one line
     */
    public static Step parse(String text, Set<DayOfWeek> skipDays, ZoneId zone, String hours) {
        Step parsed = parse(text);
        ZoneId in = zone == null ? ZoneOffset.UTC : zone;
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (skipDays != null) {
            days.addAll(skipDays);
        }
        if (days.size() == DayOfWeek.values().length) {
            throw new IllegalArgumentException("skipDays leaves no day of the week with a step");
        }
        LocalTime[] range = hours == null || hours.isBlank() ? null : parseHours(hours);
        if (parsed.duration != null) {
            if (days.isEmpty() && range == null) {
                return in.equals(ZoneOffset.UTC)
                        ? parsed
                        : new Step(parsed.duration, null, parsed.text, days, in, null, null);
            }
            long s = parsed.duration.getSeconds();
            if (parsed.duration.getNano() != 0 || 86_400 % s != 0) {
                throw new IllegalArgumentException((range != null ? "hours" : "skipDays")
                        + " needs a step that divides a day (PT1H, PT15M)"
                        + (range != null ? "" : " or P1D") + ", not " + parsed.text);
            }
            Sessions sessions = new Sessions(
                    parsed.duration, days, in, range == null ? null : range[0], range == null ? null : range[1]);
            return new Step(
                    parsed.duration, null, parsed.text, days, in, sessions, range == null ? null : hours.strip());
        }
        if (range != null) {
            throw new IllegalArgumentException("hours needs a clock step (PT1H, PT15M), not " + parsed.text);
        }
        if (!days.isEmpty() && !parsed.period.equals(Period.ofDays(1))) {
            throw new IllegalArgumentException(
                    "skipDays needs step P1D or a clock step that divides a day (PT1H, PT15M), not " + parsed.text);
        }
        return days.isEmpty() && in.equals(ZoneOffset.UTC)
                ? parsed
                : new Step(null, parsed.period, parsed.text, days, in, null, null);
    }

    /** {@code 09:30-15:30} as its two times of day. */
    private static LocalTime[] parseHours(String text) {
        String[] parts = text.strip().split("-");
        try {
            if (parts.length == 2) {
                LocalTime first = LocalTime.parse(parts[0].strip());
                LocalTime last = LocalTime.parse(parts[1].strip());
                // LAST before FIRST: hours across midnight (22:00-06:00), a session ending the next day.
                return new LocalTime[] {first, last};
            }
        } catch (DateTimeParseException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("hours: '" + text
                + "' is not FIRST-LAST, the first and last reading's time of day (09:30-15:30; 22:00-06:00 runs across"
                + " midnight)");
    }

    /** True when {@code ts} falls on a day of the week this step skips, or outside its hours: no reading belongs there. */
    public boolean skips(Instant ts) {
        if (sessions != null) {
            return sessions.skipsDay(ts) || sessions.outsideHours(ts);
        }
        return !skipped.isEmpty() && skipped.contains(dayOfWeek(ts));
    }

    /** True when {@code ts} lies outside the hours of a step with {@code hours} (more than half a step from them). */
    public boolean outsideHours(Instant ts) {
        return sessions != null && !sessions.skipsDay(ts) && sessions.outsideHours(ts);
    }

    /** {@code hours} as the topology wrote it ({@code 09:30-15:30}); null when it has none. */
    public String hours() {
        return hours;
    }

    /**
     * One step's length: a clock step's duration (also where sessions leave nights out), a calendar
     * step's first from 2001-01-01 (31 days for P1M).
     */
    public Duration nominalLength() {
        if (duration != null) {
            return duration;
        }
        Instant reference = Instant.parse("2001-01-01T00:00:00Z");
        return Duration.between(reference, after(reference, 1));
    }

    /**
     * The day of the week {@code ts} falls on in this step's zone, as {@code skipDays} counts it:
     * with hours across midnight, a time after midnight is the day whose session it ends.
     */
    public DayOfWeek dayOfWeek(Instant ts) {
        return sessions != null ? sessions.dayOfWeek(ts) : ts.atZone(zone).getDayOfWeek();
    }

    /** The zone whose days, months and years the step counts (UTC unless the topology names one). */
    public ZoneId zone() {
        return zone;
    }

    /** The zone as a topology names it: {@code UTC}, {@code Europe/Berlin}. */
    public String zoneName() {
        return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    /** The days of the week this step skips (empty for most steps). */
    public Set<DayOfWeek> skippedDays() {
        return skipped.isEmpty() ? Set.of() : EnumSet.copyOf(skipped);
    }

    /** The timestamp {@code h} steps before {@code ts}. */
    public Instant before(Instant ts, int h) {
        return after(ts, -h);
    }

    /** The timestamp {@code h} steps after {@code origin}. */
    public Instant after(Instant origin, int h) {
        if (sessions != null) {
            Instant at = origin;
            for (int i = 0; i < Math.abs(h); i++) {
                at = h > 0 ? sessions.next(at) : sessions.previous(at);
            }
            return at;
        }
        if (duration != null) {
            return origin.plusSeconds(Math.multiplyExact(seconds, (long) h)).plusNanos(nanos * h);
        }
        ZonedDateTime from = origin.atZone(zone);
        if (!skipped.isEmpty()) {
            // Day by day, over the skipped ones: a horizon is a few dozen days at most.
            ZonedDateTime day = from;
            int direction = h < 0 ? -1 : 1;
            for (int i = 0; i < Math.abs(h); i++) {
                do {
                    day = day.plusDays(direction);
                } while (skipped.contains(day.getDayOfWeek()));
            }
            return day.toInstant();
        }
        ZonedDateTime target = from.plus(period.multipliedBy(h));
        if (keepsMonthEnds && from.getDayOfMonth() == from.toLocalDate().lengthOfMonth()) {
            target = target.with(TemporalAdjusters.lastDayOfMonth());
        }
        return target.toInstant();
    }

    /**
     * The timestamp a series keeps for an observation stamped {@code ts} that lands {@code k}
     * steps after its newest, {@code newest}. For clock steps the grid's step: a reading a few
     * minutes early or late is judged against the grid, not against the last reading's jitter
     * (a reading 2 minutes early and the next one 29 minutes late are 1.5 hours apart, which the
     * nearest step alone would have taken for a missing hour), and forecasts target the grid's
     * times. For calendar steps {@code ts} itself: their days differ (month ends, a series on the
     * 30th) and no one stamps them minutes off.
     */
    public Instant landing(Instant newest, int k, Instant ts) {
        return duration != null ? after(newest, k) : ts;
    }

    /**
     * Why readings cannot be aggregated into this step's steps ({@code aggregate}), in one line;
     * null when they can. A step that aggregates needs fixed edges every reading can be put
     * between: a clock step that divides a day, one day, one week, or whole months that divide a
     * year (P1M, P3M, P1Y).
     */
    public String aggregationRefusal() {
        if (duration != null) {
            long s = duration.getSeconds();
            return duration.getNano() == 0 && 86_400 % s == 0
                    ? null
                    : "aggregate needs a clock step that divides a day (PT1H, PT15M, PT24H), not " + text;
        }
        boolean days = period.getYears() == 0 && period.getMonths() == 0;
        if (days && (period.getDays() == 1 || period.getDays() == 7)) {
            return null;
        }
        long months = period.toTotalMonths();
        if (period.getDays() == 0 && months > 0 && 12 % months == 0 || period.equals(Period.ofYears(1))) {
            return null;
        }
        return "aggregate needs a step of a day, a week or months dividing a year (P1D, P1W, P1M, P3M, P1Y), not "
                + text;
    }

    /**
     * The start of the step {@code ts} falls in, where readings faster than the step are
     * aggregated ({@code aggregate}; {@link #aggregationRefusal} is null): the step runs from it
     * (inclusive) to the next step (exclusive), as Kafka Streams' tumbling windows and pandas'
     * resampling label theirs. Clock steps are aligned to the zone's standard time (hours on the
     * hour, quarters on the quarter, across daylight saving changes too, as the grid of a duration
     * must be); with {@code hours} or {@code skipDays} to the sessions' own steps; days, weeks
     * (from Monday) and months in the zone. {@code stampedAtEnd}: the reading's ts is the end of
     * the interval it describes ({@code stamps: end}), so one at a step's start is the step before's.
     *
     * @throws ArithmeticException where the step's start lies beyond epoch milliseconds in a long
     */
    public Instant stepContaining(Instant ts, boolean stampedAtEnd) {
        // A reading that ends its interval at a step's start describes the step before.
        return stepContaining(stampedAtEnd ? ts.minusNanos(1) : ts);
    }

    /** {@link #stepContaining(Instant, boolean)} of a reading stamped at the start of what it describes. */
    public Instant stepContaining(Instant ts) {
        if (sessions != null) {
            return sessions.containing(ts);
        }
        if (duration != null) {
            long offset = zone.getRules().getStandardOffset(ts).getTotalSeconds() * 1000L;
            long stepMillis = duration.toMillis();
            // Exact: near the ends of epoch milliseconds a wrapped sum would put the reading in a step far away.
            long local = Math.addExact(ts.toEpochMilli(), offset);
            return Instant.ofEpochMilli(
                    Math.subtractExact(Math.multiplyExact(Math.floorDiv(local, stepMillis), stepMillis), offset));
        }
        ZonedDateTime day = ts.atZone(zone).toLocalDate().atStartOfDay(zone);
        if (period.getMonths() == 0 && period.getYears() == 0) {
            return period.getDays() == 7
                    ? ts.atZone(zone)
                            .toLocalDate()
                            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                            .atStartOfDay(zone)
                            .toInstant()
                    : day.toInstant();
        }
        long months = period.toTotalMonths();
        int month0 = day.getMonthValue() - 1;
        return day.toLocalDate()
                .withDayOfMonth(1)
                .withMonth((int) (month0 - month0 % months) + 1)
                .atStartOfDay(zone)
                .toInstant();
    }

    /**
     * True when the step walks sessions ({@code hours}, or {@code skipDays} with a clock step): a
     * timestamp {@code h} steps away then costs {@code h} steps of the walk, so a caller wanting
     * several takes {@link #targets} once.
     */
    public boolean walks() {
        return sessions != null;
    }

    /** The {@code n} timestamps 1 to {@code n} steps after {@code origin}: a forecast's targets, in one walk. */
    public Instant[] targets(Instant origin, int n) {
        Instant[] targets = new Instant[n];
        for (int h = 1; h <= n; h++) {
            targets[h - 1] = sessions != null ? sessions.next(h == 1 ? origin : targets[h - 2]) : after(origin, h);
        }
        return targets;
    }

    /** Epoch millis of the {@code n} steps ending at {@code lastMillis}, oldest first: a window's timestamps. */
    public long[] ending(long lastMillis, int n) {
        Instant last = Instant.ofEpochMilli(lastMillis);
        long[] times = new long[n];
        if (sessions != null) {
            // Step by step back: each step's position from the last would walk the sessions again.
            Instant at = last;
            for (int k = n - 1; k >= 0; k--) {
                times[k] = at.toEpochMilli();
                if (k > 0) {
                    at = sessions.previous(at);
                }
            }
            return times;
        }
        for (int k = 0; k < n; k++) {
            times[k] = before(last, n - 1 - k).toEpochMilli();
        }
        return times;
    }

    /**
     * How many steps lie from {@code from} to a later {@code to}: the k >= 0 whose {@link #after}
     * is nearest to {@code to} (so a slightly early or late clock still lands on its step; half-way
     * is the earlier step), at most {@code limit}. 0 means {@code to} falls on {@code from}'s own
     * step (less than half a step after it), 1 that it is the next step; more means steps are
     * missing between.
     */
    public int stepsBetween(Instant from, Instant to, int limit) {
        if (sessions != null) {
            int k = 0;
            Instant at = from;
            while (k < limit) {
                Instant next = sessions.next(at);
                if (next.isAfter(to)) {
                    // Nearer the next step than this one: a slightly early reading of the next.
                    return Duration.between(at, to).compareTo(Duration.between(to, next)) > 0 ? k + 1 : k;
                }
                at = next;
                k++;
            }
            return k;
        }
        if (duration != null) {
            double k = (double) Duration.between(from, to).toMillis() / duration.toMillis();
            // Half-way is the earlier step, as for calendar steps and late readings: a feed twice
            // as fast as its step keeps the readings on the grid, not those half a step after them.
            return (int) Math.max(0, Math.min(limit, Math.ceil(k - 0.5)));
        }
        int k = 0;
        while (k < limit && !after(from, k + 1).isAfter(to)) {
            k++;
        }
        if (k < limit) {
            long toNext = Duration.between(to, after(from, k + 1)).toMillis();
            long fromThis = Duration.between(after(from, k), to).toMillis();
            if (fromThis > toNext) {
                k++;
            }
        }
        return k;
    }

    @Override
    public String toString() {
        return text;
    }
}
