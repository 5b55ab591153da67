package io.streamcast.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * An observation's {@code ts} as text, however it arrives: in a JSON record on the input topic
 * ({@link ObservationParser}) or in a CSV file the backtest or the replayer reads. One parser, so a
 * file backtests with exactly the timestamps the service would take from the same rows.
 */
public final class Timestamps {
    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{1,18}");
    /** A time ending in a named UTC ({@code 2024-01-01 00:00:00 UTC}, as BigQuery and databases write it). */
    private static final Pattern NAMED_UTC = Pattern.compile("(\\d)\\s*(?i:UTC|GMT)$");
    /** A time ending in an offset without its colon ({@code +0100}, as strftime's {@code %z} writes it). */
    private static final Pattern OFFSET_WITHOUT_COLON =
            Pattern.compile("(T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?[+-]\\d{2})(\\d{2})$");

    private Timestamps() {}

    /**
     * An ISO-8601 instant ({@code 2024-01-01T00:00:00Z}; an offset such as {@code +02:00} is
     * converted; a space may stand for the {@code T}, as RFC 3339 allows and pandas writes), an
     * ISO-8601 date ({@code 2024-01-01}) or month ({@code 2024-01}) as its first instant in UTC, or
     * epoch milliseconds, surrounding blanks ignored; null for anything else, including a date and
     * time without an offset (local to somewhere unknown) and instants beyond epoch milliseconds in
     * a long (year -999999999 parses as ISO-8601 but cannot be stored: it stopped the stream, found
     * by FuzzIT). Dates alone are how daily and monthly data is written (spreadsheets, pandas,
     * R), and read as UTC as JavaScript reads them. Two spellings of an unambiguous instant outside
     * ISO-8601's are read too: a named {@code UTC} or {@code GMT} after the time (BigQuery's and
     * many databases' exports) and an offset without its colon ({@code +0100}, Python's and C's
     * {@code %z}).
     */
    public static Instant parse(String text) {
        String s = withT(text.trim());
        // The common form first: the epoch-millis pattern's matcher, tried first, cost about 1% of a
        // stream thread on records it could never match (a JFR profile of bench --series 10000).
        Instant parsed = parseWholeSecondUtc(s);
        if (parsed != null) {
            return parsed;
        }
        if (EPOCH_MILLIS.matcher(s).matches()) {
            return Instant.ofEpochMilli(Long.parseLong(s));
        }
        try {
            parsed = OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            // Only after ISO-8601 failed: the other spellings cost a stream thread nothing otherwise.
            parsed = otherUtcSpelling(s);
        }
        if (parsed == null) {
            parsed = dateOrMonth(s, ZoneOffset.UTC);
            if (parsed == null) {
                try {
                    parsed = Instant.parse(s);
                } catch (DateTimeParseException e2) {
                    return null;
                }
            }
        }
        return inRange(parsed);
    }

    /**
     * As {@link #parse(String)}, with the timestamps written without an offset read in {@code
     * zone} (null: as {@link #parse(String)} reads them): a date and time is local time there, for
     * files whose rows a spreadsheet, a database or pandas wrote without one; a date or month alone
     * is the first instant of that day or month there, so a daily series of a topology in Berlin
     * dated {@code 2024-03-04} begins that Monday at midnight in Berlin, where its steps and skipped
     * days are counted ({@code Step}). In a daylight-saving gap the time moves forward by the gap; a
     * time that occurs twice (the autumn hour) is its earlier instant, or its later one with {@code
     * laterAtOverlap}.
     */
    public static Instant parse(String text, ZoneId zone, boolean laterAtOverlap) {
        if (zone != null && !zone.equals(ZoneOffset.UTC)) {
            Instant day = dateOrMonth(withT(text.trim()), zone);
            if (day != null) {
                return inRange(day);
            }
        }
        Instant parsed = parse(text);
        if (parsed != null || zone == null) {
            return parsed;
        }
        LocalDateTime local = localDateTime(text);
        if (local == null) {
            return null;
        }
        ZonedDateTime at = ZonedDateTime.ofLocal(local, zone, null);
        return inRange((laterAtOverlap ? at.withLaterOffsetAtOverlap() : at.withEarlierOffsetAtOverlap()).toInstant());
    }

    /** {@code s} read with a named UTC as {@code Z} or an offset without its colon given one; null when it has neither. */
    private static Instant otherUtcSpelling(String s) {
        String named = NAMED_UTC.matcher(s).replaceFirst("$1Z");
        String iso = OFFSET_WITHOUT_COLON.matcher(named).replaceFirst("$1:$2");
        if (iso.equals(s)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code instant}, or null when epoch milliseconds in a long cannot hold it. */
    private static Instant inRange(Instant instant) {
        try {
            instant.toEpochMilli();
            return instant;
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** True when {@code text} is a date and time without an offset (which {@link #parse(String)} refuses). */
    public static boolean isLocalDateTime(String text) {
        return localDateTime(text) != null;
    }

    /** {@code text} as a date and time without an offset ({@code 2024-03-31 02:30:00}); null when it is not one. */
    public static LocalDateTime localDateTime(String text) {
        try {
            return LocalDateTime.parse(withT(text.trim()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Why {@code text} is not a timestamp {@link #parse} takes: a dead letter's detail, a file's error line. */
    public static String problem(String text) {
        return isLocalDateTime(text)
                ? "is a date and time without an offset: add Z for UTC or an offset such as +01:00"
                : "is neither ISO-8601 (2024-01-01T00:00:00Z, 2024-01-01T01:00:00+01:00, a date 2024-01-01, a"
                        + " month 2024-01) nor epoch milliseconds within the range of a Java long";
    }

    /** {@code 2024-01-01 00:00:00Z} as {@code 2024-01-01T00:00:00Z}: a space for the T between date and time. */
    private static String withT(String s) {
        return s.length() > 11 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
    }

    /** {@code 2024-01-01} or {@code 2024-01} as its first instant in {@code zone}; null for anything else. */
    private static Instant dateOrMonth(String s, ZoneId zone) {
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(zone).toInstant();
            }
            if (s.length() == 7) {
                return YearMonth.parse(s).atDay(1).atStartOfDay(zone).toInstant();
            }
        } catch (DateTimeParseException e) {
            return null;
        }
        return null;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ssZ}, the form producers write most, without {@code DateTimeFormatter}
     * (parsing took a tenth of the ingest step in a JFR profile of {@code bench --series 10000}):
     * the instant, or null for any other text, and for a date or time out of range, which the
     * formatter then judges as it always did.
     */
    static Instant parseWholeSecondUtc(String s) {
        if (s.length() != 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':'
                || s.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The {@code n} ASCII digits at {@code from} as a number, or -1 if any is not one. */
    private static int digits(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
