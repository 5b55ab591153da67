package io.streamcast.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.testing.BadFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The parser reads a plain record token by token and hands everything else to its JSON-tree path,
 * which decides every rejection: both must give the same verdict on any input, the same
 * observation when they accept and the same reason and wording when they refuse. Checked on every
 * bad field value the fuzzer knows, in every field, and on thousands of mutations of good records.
 */
class ObservationParserPathsTest {
    private final ObservationParser parser = new ObservationParser(1 << 16);

    private static final List<String> GOOD = List.of(
            "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":12.5}",
            "{\"series\":\"pump-7\",\"ts\":1704067200000,\"value\":-3}",
            "{\"value\":1e3,\"ts\":\"1704067200000\",\"series\":\"é ☃\",\"features\":{\"temp\":20.5,\"load\":3}}",
            "{\"ts\":\"2024-01-01T01:00:00+01:00\",\"value\":0.0,\"features\":null,\"note\":[1,{\"a\":\"b\"},null,true]}",
            " { \"series\" : \"s\" , \"ts\" : 0 , \"value\" : 12345678901234567890 } ",
            "{\"series\":\"s\",\"ts\":\"2024-02-29T23:59:59.999Z\",\"value\":1.7976931348623157E-308,\"x\":\"\\u00e9\\n\"}");

    @Test
    void bothPathsJudgeEveryKnownBadFieldAlike() {
        List<String> values = new ArrayList<>();
        values.addAll(BadFields.NOT_FINITE_VALUES);
        values.addAll(BadFields.OUT_OF_RANGE_VALUES);
        values.addAll(BadFields.BAD_TS);
        values.addAll(BadFields.BAD_FEATURES);
        values.addAll(List.of("null", "\"1\"", "true", "[]", "{}", "\"\"", "\" \"", "1", "-0", "\"\\ud800\""));
        int accepted = 0;
        for (String v : values) {
            for (String field : List.of("series", "value", "ts", "features", "other")) {
                java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
                fields.put("series", "\"s\"");
                fields.put("ts", "0");
                fields.put("value", "1");
                fields.put("features", "{}");
                fields.put(field, v);
                StringBuilder json = new StringBuilder("{");
                fields.forEach((name, text) -> json.append(json.length() > 1 ? "," : "")
                        .append('"')
                        .append(name)
                        .append("\":")
                        .append(text));
                String record = json.append('}').toString();
                for (String key : new String[] {null, "", "k"}) {
                    ParseResult r = same(
                            key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                            record.getBytes(StandardCharsets.UTF_8));
                    accepted += r instanceof ParseResult.Accepted ? 1 : 0;
                }
            }
        }
        // Some of these are fine where they stand (a bad ts in "other"): the token path's own accepting is checked too.
        assertTrue(accepted > 100, "accepted: " + accepted);
    }

    @Test
    void bothPathsJudgeMutationsOfGoodRecordsAlike() {
        Random random = new Random(2026);
        int accepted = 0;
        int rejected = 0;
        byte[] specials = "{}[]\",:\\ \t0123456789.eE+-nulltruefalseNaNInfinity\u00e9".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 20_000; round++) {
            byte[] good = GOOD.get(round % GOOD.size()).getBytes(StandardCharsets.UTF_8);
            byte[] b = mutate(good, random, specials);
            byte[] key = round % 3 == 0
                    ? null
                    : round % 3 == 1 ? new byte[0] : new byte[] {'k', (byte) (round % 5 == 0 ? 0xFE : 'y')};
            if (same(key, b) instanceof ParseResult.Accepted) {
                accepted++;
            } else {
                rejected++;
            }
        }
        // Both kinds of verdict are exercised, not just one.
        assertTrue(accepted > 1000 && rejected > 1000, accepted + " accepted, " + rejected + " rejected");
        for (String g : GOOD) {
            assertTrue(same(new byte[] {'k'}, g.getBytes(StandardCharsets.UTF_8)) instanceof ParseResult.Accepted, g);
        }
    }

    @Test
    void deepNestingTruncationAndInvalidUtf8AreJudgedAlike() {
        same(
                null,
                ("{\"series\":\"s\",\"ts\":0,\"value\":1,\"deep\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
                        .getBytes(StandardCharsets.UTF_8));
        byte[] bad = "{\"series\":\"s\",\"ts\":0,\"value\":1,\"x\":\"ab\"}".getBytes(StandardCharsets.UTF_8);
        bad[bad.length - 4] = (byte) 0xFE;
        assertTrue(same(null, bad) instanceof ParseResult.Rejected, "invalid UTF-8 in a skipped field");
        byte[] good = GOOD.get(3).getBytes(StandardCharsets.UTF_8);
        for (int n = 0; n < good.length; n++) {
            same(null, java.util.Arrays.copyOf(good, n));
        }
    }

    private static byte[] mutate(byte[] good, Random random, byte[] specials) {
        byte[] b = good.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && b.length > 1; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(4)) {
                case 0 -> b[at] = specials[random.nextInt(specials.length)];
                case 1 -> {
                    byte[] shorter = new byte[b.length - 1];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
                    b = shorter;
                }
                case 2 -> {
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = specials[random.nextInt(specials.length)];
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
                default -> b[at] = (byte) random.nextInt(256);
            }
        }
        return b;
    }

    /** The parser's verdict, checked equal to the tree path's; returned. */
    private ParseResult same(byte[] key, byte[] value) {
        ParseResult fast = parser.parse(key, value);
        ParseResult tree = parser.parseTree(key, value);
        String input = new String(value, StandardCharsets.UTF_8);
        if (tree instanceof ParseResult.Accepted a) {
            assertTrue(fast instanceof ParseResult.Accepted, "accepted by the tree only: " + input);
            assertEquals(a.observation(), ((ParseResult.Accepted) fast).observation(), input);
        } else {
            Rejection r = ((ParseResult.Rejected) tree).rejection();
            assertTrue(fast instanceof ParseResult.Rejected, "accepted by the token path only: " + input);
            Rejection f = ((ParseResult.Rejected) fast).rejection();
            assertEquals(r.reason(), f.reason(), input);
            assertEquals(r.detail(), f.detail(), input);
        }
        return fast;
    }
}
