package io.streamcast.model;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A covariate computed from a step's own timestamp (in the topology's zone: a building's load
 * follows the local clock, whose hours move against UTC's twice a year), so it is known for every step, past or
 * future, by construction. Each is a phase in [0, 1) fed as the pair sin(2 pi phase), cos(2 pi
 * phase): the last hour of a day then lies next to the first, as it does in time.
 */
public enum CalendarFeature {
    /** Hour of the day, minutes included. */
    HOUR_OF_DAY("hourOfDay"),
    /** Day of the week from Monday, the time of day included. */
    DAY_OF_WEEK("dayOfWeek"),
    /** Month of the year from January, the day of the month included. */
    MONTH_OF_YEAR("monthOfYear");

    /** Input channels per calendar feature: its sine and its cosine. */
    public static final int CHANNELS = 2;

    private final String yamlName;

    CalendarFeature(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The name a topology file uses. */
    public String yamlName() {
        return yamlName;
    }

    public static CalendarFeature parse(String name) {
        for (CalendarFeature f : values()) {
            if (f.yamlName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "unknown calendar feature '" + name + "': expected hourOfDay, dayOfWeek or monthOfYear");
    }

    /** Where {@code epochMillis} lies in this feature's cycle in UTC, in [0, 1). */
    public double phase(long epochMillis) {
        return phase(epochMillis, ZoneOffset.UTC);
    }

    /** Where {@code epochMillis} lies in this feature's cycle as a clock in {@code zone} reads it, in [0, 1). */
    public double phase(long epochMillis, ZoneId zone) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(zone);
        double dayFraction = t.toLocalTime().toSecondOfDay() / 86_400.0;
        return switch (this) {
            case HOUR_OF_DAY -> dayFraction;
            case DAY_OF_WEEK -> (t.getDayOfWeek().getValue() - 1 + dayFraction) / 7.0;
            case MONTH_OF_YEAR ->
                (t.getMonthValue()
                                - 1
                                + (t.getDayOfMonth() - 1 + dayFraction)
                                        / t.toLocalDate().lengthOfMonth())
                        / 12.0;
        };
    }
}
