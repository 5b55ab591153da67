package io.streamcast.testing;

import java.util.List;

/**
 * Field values the observation parser must refuse, by the reason it gives. One list per reason
 * serves both the parser's unit test ({@code ObservationParserTest}, every value) and the fuzzer
 * that sends them through a real broker ({@link HostileInput}, a random pick each), so a case
 * found by one is checked by the other.
 */
public final class BadFields {
    private BadFields() {}

    /** Values that are not finite numbers: NOT_FINITE. */
    public static final List<String> NOT_FINITE_VALUES =
            List.of("NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e99999", "-9" + "9".repeat(400) + ".0e9999");

    /**
     * Finite values beyond the default validation.maxAbsValue (1e30): OUT_OF_RANGE. Found by
     * FuzzIT: values near Double.MAX_VALUE were accepted and the series then forecast NaN.
     */
    public static final List<String> OUT_OF_RANGE_VALUES = List.of(
            "1e300",
            "-1e300",
            "1.7976931348623157E308",
            "-1.7976931348623157E308",
            "1.0000001e30",
            "-2e30",
            "1" + "0".repeat(40),
            "4.9e307");

    /**
     * Timestamps that are neither an ISO-8601 instant nor whole epoch milliseconds in a long:
     * BAD_TS. Found by FuzzIT among them: instants outside epoch milliseconds in a long stopped
     * the stream (long overflow), and an integer beyond a long was wrapped into another instant.
     */
    public static final List<String> BAD_TS = List.of(
            "\"yesterday\"",
            "\"\"",
            "\" \"",
            "\"2024-13-01T00:00:00Z\"",
            "\"2024-01-01T00:00:00\"",
            "\"2024-01-01 00:00:00\"",
            "\"2024-02-30\"",
            "\"2024-13\"",
            "\"2024-1-1\"",
            "\"2024-02-30T00:00:00Z\"",
            "\"2024-01-01T25:00:00Z\"",
            "1.7040672e12",
            "1704067200000.5",
            "true",
            "[]",
            "{}",
            "[1704067200000]",
            "\"1e12\"",
            "\"0x1F\"",
            "99999999999999999999999",
            "-99999999999999999999999",
            "\"12345678901234567890\"",
            "\"-999999999-01-01T00:00:00Z\"",
            "\"+999999999-12-31T23:59:59Z\"",
            "\"-300000000-01-01T00:00:00Z\"",
            "\"+1000000000-01-01T00:00:00Z\"",
            "9223372036854775808");

    /** Features that are not an object of finite numbers: BAD_FEATURES. */
    public static final List<String> BAD_FEATURES = List.of(
            "[]",
            "[1,2]",
            "\"temp\"",
            "42",
            "true",
            "{\"a\":\"1\"}",
            "{\"a\":null}",
            "{\"a\":NaN}",
            "{\"a\":Infinity}",
            "{\"a\":1e400}",
            "{\"a\":{\"b\":1}}",
            "{\"a\":[1]}",
            "{\"ok\":1,\"bad\":false}");
}
