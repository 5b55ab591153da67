package io.streamcast.emit;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * The precision a forecast's numbers are written at: {@link #EXTRA_DIGITS} decimal digits below the
 * leading digit of its first interval's half-width (for a half-width of 1.2, three decimals; of 20,
 * two; of 5,000, none), the same for every number of the forecast. Digits finer than a thousandth
 * of the forecast's own uncertainty say nothing, and writing each double's shortest round-trip form
 * cost as much of the stream thread as the network and doubled the message on the wire
 * (src/site/markdown/performance.md, the I/O ceiling). Without an interval (or with an empty or
 * non-finite one) every number is the exact double, as it is when rounding would leave the range a
 * double holds exactly as an integer.
 */
final class ForecastNumbers {
    /** Digits kept below the half-width's leading digit. */
    static final int EXTRA_DIGITS = 3;
    /** Full precision: the double's shortest round-trip form. */
    static final int EXACT = -1;

    private static final double[] POWERS = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12};
    /** Beyond this a scaled value no longer rounds to a long without losing the units digit. */
    private static final double LARGEST_SCALED = 1e15;

    private final char[] buffer = new char[24];

    private ForecastNumbers() {}

    /** Writers are cheap and not thread-safe: one per forecast written. */
    static ForecastNumbers writer() {
        return new ForecastNumbers();
    }

    /** Decimals for the numbers of a forecast with these points, or {@link #EXACT}. */
    static int decimals(List<ForecastPoint> points) {
        for (ForecastPoint p : points) {
            if (p.lower() != null && p.upper() != null) {
                return decimals(p.lower(), p.upper());
            }
        }
        return EXACT;
    }

    /** Decimals for the numbers of a forecast whose first interval is [lower, upper]. */
    static int decimals(double lower, double upper) {
        double half = (upper - lower) / 2;
        if (!(half > 0) || Double.isInfinite(half)) {
            return EXACT;
        }
        int d = EXTRA_DIGITS - (int) Math.floor(Math.log10(half));
        return d < 0 ? 0 : d < POWERS.length ? d : EXACT;
    }

    /** Writes {@code v} rounded to {@code decimals} (trailing zeros dropped), or exactly for {@link #EXACT}. */
    void write(JsonGenerator g, double v, int decimals) throws IOException {
        double scaled = decimals == EXACT ? Double.NaN : v * POWERS[decimals];
        if (!(Math.abs(scaled) < LARGEST_SCALED)) {
            g.writeNumber(v);
            return;
        }
        long rounded = Math.round(scaled);
        long digits = Math.abs(rounded);
        int d = decimals;
        while (d > 0 && digits % 10 == 0) {
            digits /= 10;
            d--;
        }
        int end = buffer.length;
        int i = end;
        for (int k = 0; k < d; k++) {
            buffer[--i] = (char) ('0' + digits % 10);
            digits /= 10;
        }
        if (d > 0) {
            buffer[--i] = '.';
        }
        do {
            buffer[--i] = (char) ('0' + digits % 10);
            digits /= 10;
        } while (digits > 0);
        if (rounded < 0) {
            buffer[--i] = '-';
        }
        g.writeNumber(buffer, i, end - i);
    }
}
