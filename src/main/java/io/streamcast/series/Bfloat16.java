package io.streamcast.series;

/**
 * Rounding to bfloat16: a float's sign, its 8 exponent bits and the top 7 of its 23 fraction bits
 * (the upper half of its bits), round to nearest even. The series record keeps the base's one-step
 * errors this way: they are network inputs, divided by the window's scale and clamped, for which
 * a relative error of at most 2^-8 (0.4%) is plenty, and the float's whole range
 * stays, so a series in any units fits. Values rounded in memory before they are stored, so a
 * state read back from its record forecasts exactly as the one that wrote it.
 */
final class Bfloat16 {
    private Bfloat16() {}

    /** The upper 16 bits of {@code f} rounded to nearest even; NaN stays a (quiet) NaN. */
    static short bits(float f) {
        int b = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((b >>> 16) | 0x0040);
        }
        return (short) ((b + 0x7FFF + ((b >>> 16) & 1)) >>> 16);
    }

    static float fromBits(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** {@code f} as the nearest bfloat16, back as a float. */
    static float round(float f) {
        return fromBits(bits(f));
    }
}
