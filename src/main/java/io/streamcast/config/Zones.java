package io.streamcast.config;

import java.time.DateTimeException;
import java.time.ZoneId;

/** A time zone as a topology's {@code zone} or a command's {@code --zone} names it. */
public final class Zones {
    private Zones() {}

    /**
     * {@code text} as a zone: an IANA region ({@code Europe/Berlin}), {@code UTC} or an offset
     * ({@code +01:00}); null when it is null or blank.
     *
     * @throws IllegalArgumentException in one line, naming {@code field}, when it is not one
     */
    public static ZoneId parse(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(field + ": '" + text
                    + "' is not a time zone (a region such as Europe/Berlin, UTC or an offset such as +01:00)");
        }
    }
}
