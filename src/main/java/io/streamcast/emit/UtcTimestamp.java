package io.streamcast.emit;

import java.time.Instant;
import java.time.LocalDate;

/**
 * ISO-8601 text of an instant exactly as {@link Instant#toString()} (and so Jackson's
 * {@code InstantSerializer}) writes it, without {@code DateTimeFormatter}: formatting the origin and
 * H target times of every forecast through the formatter took a third of the forecast JSON's cost
 * (a JFR profile of {@code bench --series 10000}). Whole seconds of years 0000-9999, every
 * timestamp a forecast carries in practice, are written digit by digit; anything else (fractions
 * of a second, far years) goes through {@link Instant#toString()}.
 */
final class UtcTimestamp {
    /** Characters of {@code 2024-01-01T00:00:00Z}. */
    static final int LENGTH = 20;

    private static final long SECONDS_PER_DAY = 86_400;

    private UtcTimestamp() {}

    /** First and last second of years 0000-9999. */
    private static final long MIN_SECOND = -62_167_219_200L;

    private static final long MAX_SECOND = 253_402_300_799L;

    /**
     * Writes the text of {@code t} into {@code buf} from 0 and returns its length, or -1 when it is
     * not a whole second of years 0000-9999 (then use {@link Instant#toString()}).
     */
    static int write(Instant t, char[] buf) {
        long seconds = t.getEpochSecond();
        if (t.getNano() != 0 || seconds < MIN_SECOND || seconds > MAX_SECOND) {
            return -1;
        }
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(day);
        digits4(buf, 0, date.getYear());
        buf[4] = '-';
        digits2(buf, 5, date.getMonthValue());
        buf[7] = '-';
        digits2(buf, 8, date.getDayOfMonth());
        buf[10] = 'T';
        digits2(buf, 11, secondOfDay / 3600);
        buf[13] = ':';
        digits2(buf, 14, secondOfDay / 60 % 60);
        buf[16] = ':';
        digits2(buf, 17, secondOfDay % 60);
        buf[19] = 'Z';
        return LENGTH;
    }

    /** The text of {@code t}, as {@link Instant#toString()}. */
    static String format(Instant t) {
        char[] buf = new char[LENGTH];
        int n = write(t, buf);
        return n < 0 ? t.toString() : new String(buf, 0, n);
    }

    private static void digits4(char[] buf, int at, int v) {
        digits2(buf, at, v / 100);
        digits2(buf, at + 2, v % 100);
    }

    private static void digits2(char[] buf, int at, int v) {
        buf[at] = (char) ('0' + v / 10);
        buf[at + 1] = (char) ('0' + v % 10);
    }
}
