package io.streamcast.emit;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;

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

    private Step(Duration duration, Period period, String text) {
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

    /** The timestamp {@code h} steps before {@code ts}. */
    public Instant before(Instant ts, int h) {
        return after(ts, -h);
    }

    /** The timestamp {@code h} steps after {@code origin}. */
    public Instant after(Instant origin, int h) {
        if (duration != null) {
            return origin.plusSeconds(Math.multiplyExact(seconds, (long) h)).plusNanos(nanos * h);
        }
        OffsetDateTime from = origin.atOffset(ZoneOffset.UTC);
        OffsetDateTime target = from.plus(period.multipliedBy(h));
        if (keepsMonthEnds && from.getDayOfMonth() == from.toLocalDate().lengthOfMonth()) {
            target = target.with(TemporalAdjusters.lastDayOfMonth());
        }
        return target.toInstant();
    }

    /** Epoch millis of the {@code n} steps ending at {@code lastMillis}, oldest first: a window's timestamps. */
    public long[] ending(long lastMillis, int n) {
        Instant last = Instant.ofEpochMilli(lastMillis);
        long[] times = new long[n];
        for (int k = 0; k < n; k++) {
            times[k] = before(last, n - 1 - k).toEpochMilli();
        }
        return times;
    }

    /**
     * How many steps lie from {@code from} to {@code to}: the k >= 1 whose {@link #after} is
     * nearest to {@code to} (so a slightly early or late clock still lands on its step), at most
     * {@code limit}. 1 means {@code to} is the next step; more means steps are missing between.
     */
    public int stepsBetween(Instant from, Instant to, int limit) {
        if (duration != null) {
            double k = (double) Duration.between(from, to).toMillis() / duration.toMillis();
            return (int) Math.max(1, Math.min(limit, Math.round(k)));
        }
        int k = 1;
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
