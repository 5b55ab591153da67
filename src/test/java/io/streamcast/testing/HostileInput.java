package io.streamcast.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of observation records, good and malformed, for the fuzz test. Every record
 * carries what the contract says must become of it: a forecast at its ts (good) or the dead-letter
 * topic with one exact reason code (bad). Each bad record is a good one with one thing wrong, so its
 * reason is known; records the series history decides on (DUPLICATE_TS, TOO_OLD) are keyed like
 * their series and sent to its partition after the observation that makes them stale.
 */
public final class HostileInput {
    /**
     * One record to produce. {@code reason} is null for a good observation and {@link #EITHER} for
     * a mutant, whose fate the generator does not know.
     */
    public record Rec(
            int id, int partition, byte[] key, byte[] value, String reason, String series, Instant ts, String kind) {
        public boolean good() {
            return reason == null;
        }

        public boolean mutant() {
            return EITHER.equals(reason);
        }

        /** Known to be bad, with a known reason. */
        public boolean bad() {
            return reason != null && !mutant();
        }
    }

    /**
     * The reason of a mutant: a good record with random bytes flipped, inserted, deleted or
     * repeated. Keyed "mut-ID", a series of its own, it must end up either in the dead-letter topic
     * (any reason) or as exactly one forecast under its key: never lost, never stopping the stream.
     */
    public static final String EITHER = "*";
    /** Key prefix of mutants. */
    public static final String MUTANT_KEY = "mut-";

    private static final String JSONISH = "{}[]\":,0123456789.eE-+ntrufalsNIy\\ \u0000\u00e9";

    /** A good series: its name, how records name it, and the next observation it sends. */
    private static final class Series {
        final String name;
        final int partition;
        /** Named by a "series" field with a null (or empty) key, instead of by the key. */
        final boolean byField;
        /** Values of extreme but finite magnitude: the contract refuses only NaN and infinities. */
        final boolean extreme;

        final List<Instant> accepted = new ArrayList<>();
        Instant next;
        int sent;
        final int total;

        Series(String name, int partition, boolean byField, Instant start, int total) {
            this.name = name;
            this.partition = partition;
            this.byField = byField;
            this.extreme = name.startsWith("extreme-");
            this.next = start;
            this.total = total;
        }
    }

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final String[] NOT_JSON_TEXTS = {
        "",
        " ",
        "null",
        "true",
        "42",
        "\"text\"",
        "[1,2,3]",
        "[]",
        "{",
        "}",
        "{]",
        "{\"ts\":}",
        "{'ts':'2024-01-01T00:00:00Z','value':1}",
        "{ts:1,value:2}",
        "\u0000",
        "<xml/>",
        "NaN"
    };

    /** Within validation.maxAbsValue (1e30). */
    private static final String[] EXTREME = {
        "1e30",
        "-1e30",
        "9.99e29",
        "4.9e-324",
        "0",
        "-0.0",
        "1e-300",
        "123456789012345678901234567890",
        "-9223372036854775808",
        "0.000000000000000000000000000001"
    };

    private final Random random;
    private final int partitions;
    private final int maxRecordBytes;
    private final Instant now;
    private final List<Series> series = new ArrayList<>();
    private final List<Rec> records = new ArrayList<>();

    /**
     * @param seriesCount good series (a few of them named by a "series" field, some with unusual but valid ids)
     * @param perSeries   good observations per series
     * @param now         the service's clock, roughly (far-future timestamps are years beyond it)
     */
    public HostileInput(long seed, int partitions, int maxRecordBytes, int seriesCount, int perSeries, Instant now) {
        this.random = new Random(seed);
        this.partitions = partitions;
        this.maxRecordBytes = maxRecordBytes;
        this.now = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (int i = 0; i < seriesCount; i++) {
            String name = switch (i % 8) {
                case 1 -> "série-ü-東京-😀-" + i;
                case 2 -> "s " + i + " with spaces, \"quotes\" and \\ backslash";
                case 3 -> "long-" + "x".repeat(2000) + "-" + i;
                case 6 -> "extreme-" + i;
                default -> "good-" + i;
            };
            series.add(new Series(
                    name, i % partitions, i % 8 == 5, T0.plus(Duration.ofHours(random.nextInt(48))), perSeries));
        }
    }

    /** Generates good observations of every series interleaved with {@code bad} malformed records, in produce order. */
    public List<Rec> generate(int bad) {
        return generate(bad, 0);
    }

    /**
     * As {@link #generate(int)} plus {@code mutants} mutated records mixed in; each input partition
     * ends with a known bad record, so once those are dead-lettered everything before them is decided.
     */
    public List<Rec> generate(int bad, int mutants) {
        int good = series.stream().mapToInt(s -> s.total).sum();
        int total = good + bad + mutants;
        int goodLeft = good;
        int badLeft = bad + mutants;
        int mutantsLeft = mutants;
        for (int i = 0; i < total; i++) {
            if (random.nextInt(goodLeft + badLeft) < goodLeft) {
                goodObservation();
                goodLeft--;
            } else {
                if (random.nextInt(badLeft) < mutantsLeft) {
                    mutant();
                    mutantsLeft--;
                } else {
                    badRecord();
                }
                badLeft--;
            }
        }
        for (int p = 0; p < partitions; p++) {
            add(p, utf8("sentinel-" + p), utf8("the end"), "NOT_JSON", null, null, "sentinel");
        }
        return Collections.unmodifiableList(records);
    }

    private void goodObservation() {
        List<Series> open = series.stream().filter(s -> s.sent < s.total).toList();
        Series s = open.get(random.nextInt(open.size()));
        Instant ts = s.next;
        s.sent++;
        // Mostly the next hour; sometimes a skipped step or two (filled), rarely a gap the series restarts after.
        int r = random.nextInt(100);
        long stepHours = r < 85 ? 1 : r < 97 ? 2 + random.nextInt(2) : 30;
        s.next = ts.plus(Duration.ofHours(stepHours));
        s.accepted.add(ts);
        double value = 20 + 10 * Math.sin(s.accepted.size() * Math.PI / 2) + random.nextGaussian();
        StringBuilder json = new StringBuilder("{");
        List<String> fields = new ArrayList<>();
        fields.add("\"ts\":" + goodTs(ts));
        fields.add("\"value\":" + (s.extreme && random.nextInt(3) > 0 ? pick(EXTREME) : goodNumber(value)));
        if (s.byField) {
            fields.add("\"series\":" + quote(s.name));
        } else if (random.nextInt(10) == 0) {
            // The key names the series; a "series" field beside it, even a different one, is ignored (contract).
            fields.add("\"series\":" + quote(random.nextBoolean() ? s.name : "some-other-series"));
        }
        int features = random.nextInt(20);
        if (features < 4) {
            fields.add("\"features\":{\"temp\":" + random.nextGaussian() + ",\"load\":" + random.nextInt(100) + "}");
        } else if (features == 4) {
            fields.add("\"features\":null");
        }
        if (random.nextInt(10) == 0) {
            // Unknown fields are ignored, however nested (within the parser's depth limit of 1000).
            int depth = 1 + random.nextInt(200);
            fields.add("\"unknown\":{\"nested\":[1,\"two\",null,{\"x\":true}],\"deep\":" + "[".repeat(depth)
                    + "]".repeat(depth) + "}");
        }
        Collections.shuffle(fields, random);
        json.append(String.join(random.nextBoolean() ? "," : " ,\n\t", fields)).append('}');
        byte[] key = s.byField ? (random.nextBoolean() ? null : new byte[0]) : utf8(s.name);
        add(s.partition, key, utf8(json.toString()), null, s.name, ts, "good");
    }

    /** ISO-8601 in UTC, with an offset, with fractions, or epoch milliseconds as a number or string. */
    private String goodTs(Instant ts) {
        return switch (random.nextInt(5)) {
            case 0 -> Long.toString(ts.toEpochMilli());
            case 1 -> "\"" + ts.toEpochMilli() + "\"";
            case 2 -> "\"" + ts.atOffset(java.time.ZoneOffset.ofHours(random.nextInt(25) - 12)) + "\"";
            case 3 -> "\"" + (ts.getNano() == 0 ? ts.toString().replace("Z", ".000Z") : ts.toString()) + "\"";
            default -> "\"" + ts + "\"";
        };
    }

    private String goodNumber(double value) {
        return switch (random.nextInt(6)) {
            case 0 -> Long.toString(Math.round(value));
            case 1 -> String.format(java.util.Locale.ROOT, "%.6e", value);
            case 2 -> String.format(java.util.Locale.ROOT, "%.2f", value);
            default -> Double.toString(value);
        };
    }

    private void badRecord() {
        int kind = random.nextInt(100);
        if (kind < 8) {
            randomBytes();
        } else if (kind < 14) {
            truncated();
        } else if (kind < 18) {
            trailing();
        } else if (kind < 22) {
            bad(randomKey(), utf8(pick(NOT_JSON_TEXTS)), "NOT_JSON", "not-an-object");
        } else if (kind < 24) {
            deeplyNested();
        } else if (kind < 27) {
            tombstone();
        } else if (kind < 31) {
            invalidUnicode();
        } else if (kind < 37) {
            missingSeries();
        } else if (kind < 43) {
            missingValue();
        } else if (kind < 51) {
            nonNumericValue();
        } else if (kind < 55) {
            notFinite();
        } else if (kind < 58) {
            outOfRange();
        } else if (kind < 63) {
            missingTs();
        } else if (kind < 73) {
            badTs();
        } else if (kind < 78) {
            futureTs();
        } else if (kind < 83) {
            badFeatures();
        } else if (kind < 85) {
            oversized();
        } else if (kind < 90) {
            duplicateJson();
        } else {
            stale();
        }
    }

    private void mutant() {
        StringBuilder b = new StringBuilder(valid(anyTs().minus(Duration.ofDays(random.nextInt(3000)))));
        if (random.nextInt(4) == 0) {
            b.insert(b.length() - 1, ",\"features\":{\"a\":1.5,\"b\":2},\"series\":\"x\"");
        }
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && b.length() > 0; i++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(4)) {
                case 0 -> b.setCharAt(at, JSONISH.charAt(random.nextInt(JSONISH.length())));
                case 1 -> b.insert(at, JSONISH.charAt(random.nextInt(JSONISH.length())));
                case 2 -> b.deleteCharAt(at);
                default -> {
                    int end = Math.min(b.length(), at + 1 + random.nextInt(10));
                    b.insert(at, b.substring(at, end));
                }
            }
        }
        add(
                random.nextInt(partitions),
                utf8(MUTANT_KEY + records.size()),
                utf8(b.toString()),
                EITHER,
                null,
                null,
                "mutant");
    }

    private void randomBytes() {
        byte[] b = new byte[random.nextInt(300)];
        random.nextBytes(b);
        if (b.length > 0 && (b[0] == '{' || Character.isWhitespace(b[0]))) {
            b[0] = 0x01;
        }
        bad(randomKey(), b, "NOT_JSON", "random-bytes");
    }

    private void truncated() {
        String json = valid(anyTs());
        bad(randomKey(), utf8(json.substring(0, random.nextInt(json.length()))), "NOT_JSON", "truncated");
    }

    /** A good record followed by anything else: the value as a whole is not one JSON object. */
    private void trailing() {
        String tail = pick(new String[] {"}", "x", " garbage", ",", "{}", valid(anyTs()), "]", "\u0000", " 1"});
        bad(randomKey(), utf8(valid(anyTs()) + tail), "NOT_JSON", "trailing");
    }

    private void deeplyNested() {
        // Jackson refuses nesting deeper than 1000 (StreamReadConstraints): a stack overflow must not be possible.
        int depth = 1001 + random.nextInt(5000);
        String json =
                "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1,\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        bad(randomKey(), utf8(json), "NOT_JSON", "deep");
    }

    private void tombstone() {
        bad(random.nextBoolean() ? null : randomKey(), null, "NOT_JSON", "tombstone");
    }

    /** Keys that are not UTF-8, series ids that are not Unicode, invalid UTF-8 inside the JSON. */
    private void invalidUnicode() {
        switch (random.nextInt(3)) {
            case 0 -> {
                byte[] key = new byte[1 + random.nextInt(20)];
                random.nextBytes(key);
                key[0] = (byte) 0xC3;
                key[key.length - 1] = (byte) 0xFF;
                bad(key, utf8(valid(anyTs())), "MISSING_SERIES", "key-not-utf8");
            }
            case 1 ->
                bad(
                        null,
                        utf8("{\"series\":\"\\ud800x\"," + body(anyTs()) + "}"),
                        "MISSING_SERIES",
                        "lone-surrogate-series");
            default -> {
                byte[] prefix = utf8("{\"series\":\"");
                byte[] suffix = utf8("\"," + body(anyTs()) + "}");
                byte[] b = new byte[prefix.length + 2 + suffix.length];
                System.arraycopy(prefix, 0, b, 0, prefix.length);
                b[prefix.length] = (byte) 0xFE;
                b[prefix.length + 1] = (byte) 0x80;
                System.arraycopy(suffix, 0, b, prefix.length + 2, suffix.length);
                bad(null, b, "NOT_JSON", "invalid-utf8-in-json");
            }
        }
    }

    private void missingSeries() {
        String field = pick(new String[] {
            "",
            "\"series\":null,",
            "\"series\":\"\",",
            "\"series\":\"   \",",
            "\"series\":42,",
            "\"series\":[\"a\"],",
            "\"series\":{},",
            "\"Series\":\"s1\","
        });
        bad(
                random.nextBoolean() ? null : new byte[0],
                utf8("{" + field + body(anyTs()) + "}"),
                "MISSING_SERIES",
                "missing-series");
    }

    private void missingValue() {
        String v = random.nextBoolean() ? "" : ",\"value\":null";
        bad(
                randomKey(),
                utf8("{\"ts\":" + goodTs(anyTs()) + v + (random.nextBoolean() ? ",\"Value\":1" : "") + "}"),
                "MISSING_VALUE",
                "missing-value");
    }

    private void nonNumericValue() {
        String v = pick(
                new String[] {"\"12.5\"", "\"\"", "true", "false", "[1]", "[]", "{}", "{\"v\":1}", "\"NaN\"", "\"1e3\""
                });
        bad(
                randomKey(),
                utf8("{\"ts\":" + goodTs(anyTs()) + ",\"value\":" + v + "}"),
                "NON_NUMERIC_VALUE",
                "non-numeric");
    }

    private void notFinite() {
        String v = pick(BadFields.NOT_FINITE_VALUES);
        bad(randomKey(), utf8("{\"ts\":" + goodTs(anyTs()) + ",\"value\":" + v + "}"), "NOT_FINITE", "not-finite");
    }

    private void outOfRange() {
        String v = pick(BadFields.OUT_OF_RANGE_VALUES);
        bad(randomKey(), utf8("{\"ts\":" + goodTs(anyTs()) + ",\"value\":" + v + "}"), "OUT_OF_RANGE", "out-of-range");
    }

    private void missingTs() {
        String t = pick(
                new String[] {"", "\"ts\":null,", "\"TS\":\"2024-01-01T00:00:00Z\",", "\"timestamp\":1704067200000,"});
        bad(
                randomKey(),
                utf8("{" + t + "\"value\":" + goodNumber(random.nextGaussian()) + "}"),
                "MISSING_TS",
                "missing-ts");
    }

    private void badTs() {
        String t = pick(BadFields.BAD_TS);
        bad(randomKey(), utf8("{\"ts\":" + t + ",\"value\":1.5}"), "BAD_TS", "bad-ts:" + t);
    }

    private void futureTs() {
        Instant far = switch (random.nextInt(4)) {
            case 0 -> Instant.parse("2999-01-01T00:00:00Z");
            case 1 -> now.plus(Duration.ofDays(30 + random.nextInt(1000)));
            case 2 -> Instant.ofEpochMilli(Long.MAX_VALUE);
            default -> Instant.parse("+10000-01-01T00:00:00Z");
        };
        String ts = far.getEpochSecond() > 253402300799L ? quote(far.toString()) : goodTs(far);
        if (far.toEpochMilli() == Long.MAX_VALUE && random.nextBoolean()) {
            ts = Long.toString(Long.MAX_VALUE);
        }
        // Sometimes to a good series, where accepting it would make every later observation TOO_OLD.
        Series s = series.get(random.nextInt(series.size()));
        byte[] key = s.byField ? randomKey() : utf8(s.name);
        bad(key, s.byField ? -1 : s.partition, utf8("{\"ts\":" + ts + ",\"value\":3}"), "FUTURE_TS", "future-ts");
    }

    private void badFeatures() {
        String f = pick(BadFields.BAD_FEATURES);
        bad(randomKey(), utf8("{" + body(anyTs()) + ",\"features\":" + f + "}"), "BAD_FEATURES", "bad-features");
    }

    /** A key or value beyond validation.maxRecordBytes, yet well within what the broker takes. */
    private void oversized() {
        int size = maxRecordBytes + 1 + random.nextInt(random.nextInt(8) == 0 ? 600_000 : 20_000);
        if (random.nextBoolean()) {
            String pad = "\"pad\":\"" + "p".repeat(size) + "\"";
            bad(randomKey(), utf8("{" + body(anyTs()) + "," + pad + "}"), "OVERSIZED", "oversized-value");
        } else {
            byte[] key = new byte[size];
            random.nextBytes(key);
            bad(key, utf8(valid(anyTs())), "OVERSIZED", "oversized-key");
        }
    }

    private void duplicateJson() {
        String json = pick(new String[] {
            "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1,\"value\":2}",
            "{\"ts\":\"2024-01-01T00:00:00Z\",\"ts\":\"2024-01-02T00:00:00Z\",\"value\":1}"
        });
        bad(randomKey(), utf8(json), "NOT_JSON", "duplicate-field");
    }

    /** A well-formed observation of a good series that the series has already moved past. */
    private void stale() {
        List<Series> started =
                series.stream().filter(s -> !s.accepted.isEmpty()).toList();
        if (started.isEmpty()) {
            randomBytes();
            return;
        }
        Series s = started.get(random.nextInt(started.size()));
        Instant last = s.accepted.get(s.accepted.size() - 1);
        String reason;
        Instant ts;
        if (random.nextBoolean()) {
            ts = last;
            reason = "DUPLICATE_TS";
        } else {
            ts = switch (random.nextInt(4)) {
                case 0 -> Instant.ofEpochMilli(-1 - random.nextInt(1_000_000_000));
                case 1 -> Instant.EPOCH;
                case 2 -> last.minusMillis(1);
                default -> s.accepted.get(random.nextInt(s.accepted.size())).minusSeconds(60);
            };
            reason = "TOO_OLD";
        }
        String json = "{\"ts\":" + goodTs(ts) + ",\"value\":" + goodNumber(random.nextGaussian())
                + (s.byField ? ",\"series\":" + quote(s.name) : "") + "}";
        bad(s.byField ? null : utf8(s.name), s.partition, utf8(json), reason, "stale");
    }

    /** A valid body (ts and value) without braces. */
    private String body(Instant ts) {
        return "\"ts\":" + goodTs(ts) + ",\"value\":" + goodNumber(10 * random.nextGaussian());
    }

    private String valid(Instant ts) {
        return "{" + body(ts) + "}";
    }

    private Instant anyTs() {
        return T0.plus(Duration.ofMinutes(random.nextInt(1_000_000)));
    }

    /** Keys of bad records: junk, empty, or a good series' key (a bad record must not touch its series). */
    private byte[] randomKey() {
        return switch (random.nextInt(6)) {
            case 0 -> utf8("junk-" + random.nextInt(1000));
            case 1 -> utf8(series.get(random.nextInt(series.size())).name);
            case 2 -> utf8("\u0000\u202e\uFFFD");
            case 3 -> utf8("k".repeat(1 + random.nextInt(5000)));
            default -> utf8("key-" + random.nextInt(50));
        };
    }

    private void bad(byte[] key, byte[] value, String reason, String kind) {
        bad(key, -1, value, reason, kind);
    }

    private void bad(byte[] key, int partition, byte[] value, String reason, String kind) {
        add(partition >= 0 ? partition : random.nextInt(partitions), key, value, reason, null, null, kind);
    }

    private void add(
            int partition, byte[] key, byte[] value, String reason, String seriesName, Instant ts, String kind) {
        records.add(new Rec(records.size(), partition, key, value, reason, seriesName, ts, kind));
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
