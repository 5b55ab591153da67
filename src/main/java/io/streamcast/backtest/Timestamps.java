package io.streamcast.backtest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Timestamps as the contract allows them in files: ISO-8601 UTC instants or epoch milliseconds. */
final class Timestamps {
    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{1,19}");

    private Timestamps() {}

    /** Parses {@code 2024-01-01T00:00:00Z} (an offset such as {@code +00:00} is accepted too) or epoch ms. */
    static Instant parse(String text) {
        if (EPOCH_MILLIS.matcher(text).matches()) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("epoch milliseconds out of range");
            }
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 instant or epoch milliseconds");
        }
    }
}
