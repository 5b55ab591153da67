package io.streamcast.backtest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;

/**
 * A file's own way of writing its timestamps, as a {@link DateTimeFormatter} pattern ({@code
 * MM/dd/yyyy HH:mm} as US spreadsheets export, {@code dd.MM.yyyy} as German ones do): with an
 * offset in the pattern the instant it names; without one a local date and time in the file's
 * zone (none: refused, as a local time is everywhere else); a date alone its midnight there, or in
 * UTC. Timestamps the pattern does not fit are read as any series file's are (ISO-8601, epoch
 * numbers).
 */
public final class TsFormat {
    private final String pattern;
    private final DateTimeFormatter formatter;

    private TsFormat(String pattern, DateTimeFormatter formatter) {
        this.pattern = pattern;
        this.formatter = formatter;
    }

    /**
     * @throws IllegalArgumentException in one line, naming the option, when {@code pattern} is not one
     */
    public static TsFormat of(String pattern) {
        try {
            return new TsFormat(pattern, DateTimeFormatter.ofPattern(pattern, Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--ts-format: '" + pattern + "' is not a date-time pattern ("
                    + e.getMessage() + "); e.g. 'MM/dd/yyyy HH:mm' or 'dd.MM.yyyy'");
        }
    }

    /**
     * Patterns of the ways spreadsheets, databases and data packages commonly write times, tried in
     * this order by {@link #guess}: the month first before the day (US exports), so a date that
     * both read names the US one, and the message says how to read it the other way.
     */
    private static final List<String> COMMON = List.of(
            "MM/dd/yyyy HH:mm:ss",
            "MM/dd/yyyy HH:mm",
            "MM/dd/yyyy",
            "dd/MM/yyyy HH:mm:ss",
            "dd/MM/yyyy HH:mm",
            "dd/MM/yyyy",
            "M/d/yyyy H:mm",
            "M/d/yyyy",
            "dd.MM.yyyy HH:mm:ss",
            "dd.MM.yyyy HH:mm",
            "dd.MM.yyyy",
            "d.M.yyyy",
            "yyyy/MM/dd HH:mm:ss",
            "yyyy/MM/dd HH:mm",
            "yyyy/MM/dd",
            "MMM d yyyy",
            "MMM d, yyyy",
            "MMMM d yyyy",
            "MMMM d, yyyy",
            "d MMM yyyy",
            "d MMMM yyyy",
            "dd-MMM-yyyy",
            "dd-MMM-yy");

    /**
     * A pattern of {@link #COMMON} that reads {@code text} (null: none does), for the refusal of a
     * timestamp written another way: {@code Jan 1 2000} (vega-datasets' stocks.csv) names {@code
     * MMM d yyyy} instead of leaving a user to compose one.
     */
    public static String guess(String text) {
        String t = text.strip();
        for (String pattern : COMMON) {
            if (of(pattern).fits(t)) {
                return pattern;
            }
        }
        return null;
    }

    /**
     * How a refusal offers {@code pattern} from {@link #guess}: with the other order beside it
     * where a month-first date would also read day-first.
     */
    public static String offer(String pattern) {
        return "--ts-format '" + pattern + "' reads it"
                + (pattern.startsWith("MM/dd")
                        ? " (or '" + pattern.replace("MM/dd", "dd/MM") + "' if the day comes first)"
                        : "");
    }

    /** The pattern as given, for messages. */
    public String pattern() {
        return pattern;
    }

    /** True when the pattern fits {@code text} (whether or not a zone is known to place it). */
    boolean fits(String text) {
        try {
            formatter.parse(text.strip());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** {@code text} as a date and time without an offset under the pattern; null when it is not one. */
    LocalDateTime localDateTime(String text) {
        return parsed(text) instanceof LocalDateTime local ? local : null;
    }

    /** What the pattern reads in {@code text}: a zoned, offset or local date and time, or a date; null when it does not fit. */
    private TemporalAccessor parsed(String text) {
        try {
            return formatter.parseBest(
                    text.strip(), ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The instant {@code text} names under the pattern; null when the pattern does not fit it or it
     * is a local date and time with no {@code zone} to place it. The autumn hour that occurs twice
     * is its earlier instant, or its later one with {@code laterAtOverlap}.
     */
    Instant parse(String text, ZoneId zone, boolean laterAtOverlap) {
        TemporalAccessor t = parsed(text);
        if (t == null) {
            return null;
        }
        try {
            if (t instanceof ZonedDateTime z) {
                return z.toInstant();
            }
            if (t instanceof OffsetDateTime o) {
                return o.toInstant();
            }
            if (t instanceof LocalDate d) {
                return d.atStartOfDay(zone == null ? java.time.ZoneOffset.UTC : zone)
                        .toInstant();
            }
            if (zone == null) {
                return null;
            }
            ZonedDateTime at = ZonedDateTime.ofLocal((LocalDateTime) t, zone, null);
            return (laterAtOverlap ? at.withLaterOffsetAtOverlap() : at.withEarlierOffsetAtOverlap()).toInstant();
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }
}
