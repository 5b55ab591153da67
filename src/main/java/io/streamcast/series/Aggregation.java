package io.streamcast.series;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the readings within one step make the step's value ({@code aggregate}), for feeds faster
 * than the step the topology forecasts: a sensor read every minute forecast by the hour, trades
 * summed into hourly volumes, orders counted by the hour. Each is what its name says over the
 * step's readings; {@code first} and {@code last} go by the readings' timestamps, not by when they
 * arrived; {@code count} is how many readings the step had, whatever their values; {@code
 * increase} is how much a cumulative counter rose.
 */
public enum Aggregation {
    MEAN,
    SUM,
    MIN,
    MAX,
    FIRST,
    LAST,
    COUNT,
    /** A cumulative counter's rise over the step (an energy meter's kWh total read every 15 minutes, forecast as hourly use): see {@link OpenStep}. */
    INCREASE;

    /**
     * Whether a step's value can never be below zero, whatever the readings: a count, a counter's
     * rise (a reset counts as a rise from zero). Such a topology publishes its forecasts at or above
     * 0 unless its {@code values.min} says otherwise: 7% of an hourly departures count's forecasts
     * were negative without it (accuracy.md, session 53).
     */
    public boolean neverNegative() {
        return this == COUNT || this == INCREASE;
    }

    /** The topology's {@code aggregate} as written ({@code mean}), any case; null or blank is none. */
    public static Aggregation parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("aggregate: '" + text + "' is not one of " + names());
        }
    }

    /** The names as a topology writes them: {@code mean, sum, min, max, first, last}. */
    public static String names() {
        return Arrays.stream(values()).map(Aggregation::toString).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
