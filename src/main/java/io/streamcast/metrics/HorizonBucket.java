package io.streamcast.metrics;

import java.util.List;

/**
 * Groups forecast horizons into a few buckets so the {@code horizon} tag stays bounded whatever
 * horizon a topology forecasts: {@code "1"}, {@code "2-3"}, {@code "4-6"}, {@code "7-12"},
 * {@code "13-24"}, {@code "25+"}. Errors grow with the horizon, so the buckets are narrow near
 * the origin and wide far from it.
 */
public final class HorizonBucket {

    /** Every bucket label, nearest horizon first. */
    public static final List<String> ALL = List.of("1", "2-3", "4-6", "7-12", "13-24", "25+");

    private HorizonBucket() {}

    /**
     * @param h forecast horizon in steps, 1-based (h = 1 is the step right after the origin)
     * @return the bucket label h belongs to
     * @throws IllegalArgumentException if h &lt; 1
     */
    public static String of(int h) {
        if (h < 1) {
            throw new IllegalArgumentException("horizon must be >= 1 (1-based), got " + h);
        }
        if (h == 1) {
            return "1";
        }
        if (h <= 3) {
            return "2-3";
        }
        if (h <= 6) {
            return "4-6";
        }
        if (h <= 12) {
            return "7-12";
        }
        if (h <= 24) {
            return "13-24";
        }
        return "25+";
    }
}
