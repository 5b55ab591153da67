package io.streamcast.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every reason the parser gives, each on a record that is good but for that one thing. TOO_OLD and
 * DUPLICATE_TS need the series' history, FUTURE_TS the service clock: ForecastTopologyTest covers
 * them. The cases marked "found by FuzzIT" were accepted, or stopped the stream, before.
 */
class ObservationParserTest {
    private static final int LIMIT = 1000;
    private static final String GOOD = "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":12.5}";
    private final ObservationParser parser = new ObservationParser(LIMIT);

    @Test
    void theFastTimestampPathAgreesWithTheFormatterOnEveryShape() {
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 200_000; i++) {
            // Mostly well-formed, with out-of-range fields (month 13, day 31 of February, hour 24, second 60) and
            // stray characters mixed in.
            char[] c = String.format(
                            java.util.Locale.ROOT,
                            "%04d-%02d-%02dT%02d:%02d:%02dZ",
                            random.nextInt(10_000),
                            random.nextInt(14),
                            random.nextInt(33),
                            random.nextInt(26),
                            random.nextInt(61),
                            random.nextInt(62))
                    .toCharArray();
            if (random.nextInt(10) == 0) {
                c[random.nextInt(c.length)] = "x-:TZ+ 9".charAt(random.nextInt(8));
            }
            String s = new String(c);
            Instant expected;
            try {
                expected = java.time.OffsetDateTime.parse(s).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                expected = null;
            }
            Instant fast = Timestamps.parseWholeSecondUtc(s);
            if (fast != null) {
                assertEquals(expected, fast, s);
            } else if (expected != null) {
                fail("the fast path refused " + s + ", which the formatter reads as " + expected);
            }
            assertEquals(slowParse(s), ObservationParser.parseTs(textNode(s)), s);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode textNode(String s) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(s);
    }

    /**
     * The parse before the fast path: the formatter, then {@link Instant#parse} (which reads leap
     * seconds), with a space taken for the T between date and time.
     */
    private static Instant slowParse(String text) {
        String s =
                text.length() > 11 && text.charAt(10) == ' ' ? text.substring(0, 10) + "T" + text.substring(11) : text;
        try {
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (java.time.format.DateTimeParseException e2) {
                return null;
            }
        }
    }

    @Test
    void aGoodRecordIsAcceptedWithItsSeriesTsAndValue() {
        Observation o = accepted("s1", GOOD);
        assertEquals(new Observation("s1", Instant.parse("2024-01-01T00:00:00Z"), 12.5), o);
    }

    @Test
    void tsMayBeEpochMillisAsNumberOrStringOrIsoWithAnOffset() {
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        assertEquals(t, accepted("s", "{\"ts\":1704067200000,\"value\":1}").ts());
        assertEquals(t, accepted("s", "{\"ts\":\"1704067200000\",\"value\":1}").ts());
        assertEquals(
                t,
                accepted("s", "{\"ts\":\"2024-01-01T01:00:00+01:00\",\"value\":1}")
                        .ts());
        assertEquals(
                t,
                accepted("s", "{\"ts\":\"2024-01-01 01:00:00+01:00\",\"value\":1}")
                        .ts(),
                "a space for the T, as pandas writes");
        assertEquals(
                t,
                accepted("s", "{\"ts\":\"2024-01-01 00:00:00 UTC\",\"value\":1}")
                        .ts(),
                "UTC named after the time, as BigQuery and databases export it");
        assertEquals(
                t,
                accepted("s", "{\"ts\":\"2024-01-01T01:00:00+0100\",\"value\":1}")
                        .ts(),
                "an offset without its colon, as strftime's %z writes it");
        assertEquals(
                t,
                accepted("s", "{\"ts\":\"2023-12-31 19:00:00.000-0500\",\"value\":1}")
                        .ts(),
                "with a fraction of a second too");
        assertInstanceOf(
                ParseResult.Rejected.class,
                new ObservationParser(LIMIT)
                        .parse(bytes("s"), bytes("{\"ts\":\"2024-01-01 00:00:00 CET\",\"value\":1}")),
                "a zone abbreviation other than UTC is ambiguous (CET, CST, IST) and refused");
        assertEquals(
                Instant.ofEpochMilli(-5),
                accepted("s", "{\"ts\":-5,\"value\":1}").ts(),
                "a negative ts parses; history decides");
        assertEquals(
                Instant.ofEpochMilli(Long.MAX_VALUE),
                accepted("s", "{\"ts\":" + Long.MAX_VALUE + ",\"value\":1}").ts(),
                "the far future parses; the ingest step refuses it as FUTURE_TS");
    }

    @Test
    void aDateOrAMonthAloneIsItsFirstInstantInUtc() {
        assertEquals(
                Instant.parse("2024-03-01T00:00:00Z"),
                accepted("s", "{\"ts\":\"2024-03-01\",\"value\":1}").ts());
        assertEquals(
                Instant.parse("2024-03-01T00:00:00Z"),
                accepted("s", "{\"ts\":\"2024-03\",\"value\":1}").ts());
        assertEquals(
                Instant.parse("1949-12-31T00:00:00Z"),
                accepted("s", "{\"ts\":\" 1949-12-31 \",\"value\":1}").ts());
    }

    @Test
    void aDateAndTimeWithoutAnOffsetIsRefusedWithWhatToAdd() {
        Rejection r = rejection(bytes("s"), bytes("{\"ts\":\"2024-01-01 05:00:00\",\"value\":1}"));
        assertEquals(RejectReason.BAD_TS, r.reason());
        assertEquals(
                "\"ts\" \"2024-01-01 05:00:00\" is a date and time without an offset: add Z for UTC or an offset such as"
                        + " +01:00, or name the topology's zone (zone: Europe/Berlin)",
                r.detail());
    }

    /**
     * A topology with a zone reads timestamps written without an offset as its local time, and a
     * date alone as that day's midnight there; an instant with its offset is itself.
     */
    @Test
    void aTopologysZoneGivesTimestampsWithoutAnOffsetTheirMeaning() {
        ObservationParser berlin = new ObservationParser(1 << 20, 1e30, java.time.ZoneId.of("Europe/Berlin"));
        java.util.function.Function<String, Instant> ts =
                json -> ((ParseResult.Accepted) berlin.parse(bytes("s"), bytes(json)))
                        .observation()
                        .ts();
        assertEquals(Instant.parse("2024-01-01T04:00:00Z"), ts.apply("{\"ts\":\"2024-01-01 05:00:00\",\"value\":1}"));
        assertEquals(Instant.parse("2024-07-01T03:00:00Z"), ts.apply("{\"ts\":\"2024-07-01T05:00:00\",\"value\":1}"));
        assertEquals(Instant.parse("2024-03-03T23:00:00Z"), ts.apply("{\"ts\":\"2024-03-04\",\"value\":1}"));
        assertEquals(Instant.parse("2024-05-31T22:00:00Z"), ts.apply("{\"ts\":\"2024-06\",\"value\":1}"));
        assertEquals(Instant.parse("2024-01-01T05:00:00Z"), ts.apply("{\"ts\":\"2024-01-01T05:00:00Z\",\"value\":1}"));
        assertEquals(
                Instant.parse("2024-01-01T05:00:00Z"), ts.apply("{\"ts\":\"2024-01-01T06:00:00+01:00\",\"value\":1}"));
    }

    @Test
    void withoutAKeyTheSeriesFieldNamesTheSeriesAndWithAKeyTheKeyDoes() {
        assertEquals(
                "a", accepted(null, "{\"series\":\"a\",\"ts\":0,\"value\":1}").series());
        assertEquals(
                "a", accepted("", "{\"series\":\"a\",\"ts\":0,\"value\":1}").series(), "an empty key is no key");
        assertEquals(
                "k", accepted("k", "{\"series\":\"a\",\"ts\":0,\"value\":1}").series());
        assertEquals("série-東京-😀", accepted("série-東京-😀", GOOD).series());
    }

    @Test
    void featuresOfFiniteNumbersAndUnknownFieldsAreAccepted() {
        accepted("s", "{\"ts\":0,\"value\":1,\"features\":{\"a\":1,\"b\":-2.5e3},\"other\":[1,{\"x\":null}]}");
        accepted("s", "{\"ts\":0,\"value\":1,\"features\":null}");
        accepted("s", "{\"ts\":0,\"value\":1e30}");
        accepted("s", "{\"ts\":0,\"value\":-1e30}");
        accepted("s", "{\"ts\":0,\"value\":4.9e-324}");
    }

    @Test
    void everyReasonIsEitherTheParsersOrNeedsStateTheParserDoesNotHave() {
        Set<RejectReason> parser = EnumSet.of(
                RejectReason.NOT_JSON,
                RejectReason.MISSING_SERIES,
                RejectReason.MISSING_VALUE,
                RejectReason.NON_NUMERIC_VALUE,
                RejectReason.NOT_FINITE,
                RejectReason.OUT_OF_RANGE,
                RejectReason.MISSING_TS,
                RejectReason.BAD_TS,
                RejectReason.OVERSIZED,
                RejectReason.BAD_FEATURES);
        Set<RejectReason> stateful = EnumSet.of(
                RejectReason.TOO_OLD,
                RejectReason.DUPLICATE_TS,
                RejectReason.FUTURE_TS,
                RejectReason.MISPARTITIONED,
                // The topology's step: BusinessDaySeriesTest, TradingHoursSeriesTest.
                RejectReason.SKIPPED_DAY,
                RejectReason.OUTSIDE_HOURS);
        Set<RejectReason> all = EnumSet.copyOf(parser);
        all.addAll(stateful);
        assertEquals(
                EnumSet.allOf(RejectReason.class), all, "a new reason needs a test here or in ForecastTopologyTest");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "not json",
                "{",
                "{\"ts\":}",
                "[1,2]",
                "42",
                "\"text\"",
                "null",
                "true",
                "NaN",
                "{'ts':0,'value':1}",
                "{ts:0,value:1}",
                "{\"ts\":0,\"value\":1,\"value\":2}"
            })
    void notJson(String value) {
        rejected("s", value, RejectReason.NOT_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"}", "x", " 1", ",", "{}", "{\"ts\":0,\"value\":2}", "]", "\u0000"})
    void anythingAfterTheObjectIsNotJson(String tail) {
        // Found by FuzzIT: Jackson read the first object and ignored the rest, so these were accepted.
        rejected("s", GOOD + tail, RejectReason.NOT_JSON);
    }

    @Test
    void aTombstoneIsNotJson() {
        assertEquals(
                RejectReason.NOT_JSON,
                rejection("s".getBytes(StandardCharsets.UTF_8), null).reason());
        assertEquals(RejectReason.NOT_JSON, rejection(null, null).reason());
    }

    @Test
    void deepNestingAndInvalidUtf8InsideTheJsonAreNotJson() {
        String deep = "{\"ts\":0,\"value\":1,\"deep\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertEquals(
                RejectReason.NOT_JSON,
                ((ParseResult.Rejected) new ObservationParser(1 << 20).parse(bytes("s"), bytes(deep)))
                        .rejection()
                        .reason());
        byte[] bad = "{\"series\":\"xx\",\"ts\":0,\"value\":1}".getBytes(StandardCharsets.UTF_8);
        bad[11] = (byte) 0xFE;
        bad[12] = (byte) 0x80;
        assertEquals(RejectReason.NOT_JSON, rejection(null, bad).reason());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "\"series\":null,",
                "\"series\":\"\",",
                "\"series\":\"  \",",
                "\"series\":42,",
                "\"series\":[\"a\"],",
                "\"Series\":\"a\","
            })
    void missingSeries(String seriesField) {
        rejected(null, "{" + seriesField + "\"ts\":0,\"value\":1}", RejectReason.MISSING_SERIES);
        rejected("", "{" + seriesField + "\"ts\":0,\"value\":1}", RejectReason.MISSING_SERIES);
    }

    @Test
    void aKeyThatIsNotUtf8NamesNoSeries() {
        // Found by FuzzIT: decoded leniently, keys C3 FF and C3 FE both became series "\uFFFD\uFFFD".
        Rejection r =
                rejection(new byte[] {(byte) 0xC3, (byte) 0xFF}, bytes("{\"series\":\"a\",\"ts\":0,\"value\":1}"));
        assertEquals(RejectReason.MISSING_SERIES, r.reason());
        assertEquals("record key is not valid UTF-8", r.detail());
    }

    @Test
    void aSeriesFieldWithAnUnpairedSurrogateNamesNoSeries() {
        // Found by FuzzIT: "\ud800x" would be keyed "?x" downstream, the same series as "?x".
        rejected(null, "{\"series\":\"\\ud800x\",\"ts\":0,\"value\":1}", RejectReason.MISSING_SERIES);
        assertEquals(
                "😀",
                accepted(null, "{\"series\":\"\\ud83d\\ude00\",\"ts\":0,\"value\":1}")
                        .series(),
                "a surrogate pair is fine");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"ts\":0}", "{\"ts\":0,\"value\":null}", "{\"ts\":0,\"Value\":1}"})
    void missingValue(String value) {
        rejected("s", value, RejectReason.MISSING_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"12.5\"", "\"\"", "true", "[1]", "{}", "\"NaN\""})
    void nonNumericValue(String v) {
        rejected("s", "{\"ts\":0,\"value\":" + v + "}", RejectReason.NON_NUMERIC_VALUE);
    }

    @ParameterizedTest
    @FieldSource("io.streamcast.testing.BadFields#NOT_FINITE_VALUES")
    void notFinite(String v) {
        rejected("s", "{\"ts\":0,\"value\":" + v + "}", RejectReason.NOT_FINITE);
    }

    /** Found by FuzzIT: finite values near Double.MAX_VALUE were accepted and the series then forecast NaN. */
    @ParameterizedTest
    @FieldSource("io.streamcast.testing.BadFields#OUT_OF_RANGE_VALUES")
    void outOfRange(String v) {
        rejected("s", "{\"ts\":0,\"value\":" + v + "}", RejectReason.OUT_OF_RANGE);
    }

    @Test
    void theRangeIsConfigurable() {
        ParseResult r = new ObservationParser(LIMIT, 100).parse(bytes("s"), bytes("{\"ts\":0,\"value\":-100.5}"));
        assertEquals(
                RejectReason.OUT_OF_RANGE,
                assertInstanceOf(ParseResult.Rejected.class, r).rejection().reason());
        assertInstanceOf(
                ParseResult.Accepted.class,
                new ObservationParser(LIMIT, 100).parse(bytes("s"), bytes("{\"ts\":0,\"value\":-100}")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"value\":1}",
                "{\"ts\":null,\"value\":1}",
                "{\"TS\":0,\"value\":1}",
                "{\"timestamp\":0,\"value\":1}"
            })
    void missingTs(String value) {
        rejected("s", value, RejectReason.MISSING_TS);
    }

    @ParameterizedTest
    @FieldSource("io.streamcast.testing.BadFields#BAD_TS")
    void badTs(String ts) {
        rejected("s", "{\"ts\":" + ts + ",\"value\":1}", RejectReason.BAD_TS);
    }

    /**
     * Found by FuzzIT: an ISO-8601 instant outside epoch milliseconds in a long was accepted and
     * then stopped the stream (ArithmeticException: long overflow, three times in a row); an integer
     * beyond a long was wrapped into some other instant and accepted.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"-999999999-01-01T00:00:00Z\"",
                "\"-300000000-01-01T00:00:00Z\"",
                "\"+999999999-12-31T23:59:59Z\"",
                "\"+292278994-08-17T07:12:55.808Z\"",
                "9223372036854775808",
                "-9223372036854775809",
                "99999999999999999999999"
            })
    void aTsBeyondEpochMillisecondsIsBadTs(String ts) {
        rejected("s", "{\"ts\":" + ts + ",\"value\":1}", RejectReason.BAD_TS);
    }

    @Test
    void oversizedValueOrKey() {
        rejected("s", "{\"ts\":0,\"value\":1,\"pad\":\"" + "p".repeat(LIMIT) + "\"}", RejectReason.OVERSIZED);
        rejected("k".repeat(LIMIT + 1), GOOD, RejectReason.OVERSIZED);
        accepted("k".repeat(LIMIT), GOOD);
    }

    @ParameterizedTest
    @FieldSource("io.streamcast.testing.BadFields#BAD_FEATURES")
    void badFeatures(String features) {
        rejected("s", "{\"ts\":0,\"value\":1,\"features\":" + features + "}", RejectReason.BAD_FEATURES);
    }

    @Test
    void aRejectionKeepsTheRawBytesAndSaysWhy() {
        byte[] key = bytes("s");
        byte[] value = bytes("{\"ts\":\"soon\",\"value\":1}");
        Rejection r = rejection(key, value);
        assertSame(key, r.rawKey());
        assertSame(value, r.rawValue());
        assertEquals(RejectReason.BAD_TS, r.reason());
        assertFalse(r.detail().isBlank());
    }

    @Test
    void anAcceptedRecordKeepsTheRawBytesForALaterDeadLetter() {
        byte[] value = bytes(GOOD);
        ParseResult.Accepted a = assertInstanceOf(ParseResult.Accepted.class, parser.parse(bytes("s"), value));
        assertArrayEquals(value, a.rawValue());
        assertArrayEquals(bytes("s"), a.rawKey());
    }

    private Observation accepted(String key, String value) {
        ParseResult r = parser.parse(key == null ? null : bytes(key), bytes(value));
        if (r instanceof ParseResult.Rejected rejected) {
            fail("rejected as " + rejected.rejection().reason() + " ("
                    + rejected.rejection().detail() + "): " + value);
        }
        return ((ParseResult.Accepted) r).observation();
    }

    private void rejected(String key, String value, RejectReason reason) {
        Rejection r = rejection(key == null ? null : bytes(key), bytes(value));
        assertEquals(reason, r.reason(), r.detail());
        assertFalse(r.detail().isBlank());
    }

    private Rejection rejection(byte[] key, byte[] value) {
        ParseResult r = parser.parse(key, value);
        if (r instanceof ParseResult.Accepted a) {
            fail("accepted as " + a.observation());
        }
        return ((ParseResult.Rejected) r).rejection();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
