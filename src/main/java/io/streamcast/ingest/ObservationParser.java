package io.streamcast.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a raw Kafka record into an {@link Observation} or a {@link Rejection} with a reason code.
 * Stateless checks only; checks against the series' history (duplicate or old timestamps) happen
 * where the series state lives.
 */
public final class ObservationParser {
    /**
     * NaN and Infinity literals are parsed so they can be rejected as NOT_FINITE instead of NOT_JSON.
     * Anything after the object (a second object, a stray brace) makes the whole value NOT_JSON: by
     * default Jackson would read the first object and ignore the rest (found by FuzzIT).
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The default of {@code validation.maxAbsValue}. */
    public static final double DEFAULT_MAX_ABS_VALUE = 1e30;
    /** A ts given as digits in a string: epoch milliseconds. */
    private final int maxRecordBytes;

    private final double maxAbsValue;
    /** The topology's zone: a date alone is its day, a local date and time its clock; null: UTC, local refused. */
    private final ZoneId zone;

    public ObservationParser(int maxRecordBytes) {
        this(maxRecordBytes, DEFAULT_MAX_ABS_VALUE);
    }

    /** @param maxAbsValue larger |value|s are OUT_OF_RANGE */
    public ObservationParser(int maxRecordBytes, double maxAbsValue) {
        this(maxRecordBytes, maxAbsValue, null);
    }

    /**
     * @param maxAbsValue larger |value|s are OUT_OF_RANGE
     * @param zone        the topology's {@code zone} (null when it names none): a ts of a date alone
     *     is that day's midnight there and a date and time without an offset its local time (the
     *     earlier instant of an autumn hour that occurs twice)
     */
    public ObservationParser(int maxRecordBytes, double maxAbsValue, ZoneId zone) {
        this.maxRecordBytes = maxRecordBytes;
        this.maxAbsValue = maxAbsValue;
        this.zone = zone;
    }

    private Instant text(String ts) {
        return zone == null ? Timestamps.parse(ts) : Timestamps.parse(ts, zone, false);
    }

    public ParseResult parse(byte[] key, byte[] value) {
        if (value == null) {
            return reject(key, null, RejectReason.NOT_JSON, "record value is null");
        }
        if (value.length > maxRecordBytes) {
            return reject(key, value, RejectReason.OVERSIZED, value.length + " bytes > limit " + maxRecordBytes);
        }
        if (key != null && key.length > maxRecordBytes) {
            return reject(
                    key, value, RejectReason.OVERSIZED, "key of " + key.length + " bytes > limit " + maxRecordBytes);
        }
        Observation fast = readPlain(key, value);
        if (fast != null) {
            return new ParseResult.Accepted(fast, key, value);
        }
        return parseTree(key, value);
    }

    /**
     * The observation of a plain, valid record read token by token, or null for anything else
     * (a rejection, an unusual field type, invalid JSON), which {@link #parseTree} then judges.
     * Why two paths: building a JSON tree per record was 4.6% of the stream thread in the
     * performance issue's drain; the tree path stays the one that decides every rejection and its
     * wording, so the streaming one only has to accept exactly what it would accept with the same
     * observation ({@code ObservationParserTest} holds both to that on every case and on mutations).
     */
    private Observation readPlain(byte[] key, byte[] value) {
        String seriesField = null;
        double x = Double.NaN;
        boolean hasValue = false;
        Instant ts = null;
        Map<String, Double> features = Map.of();
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "series" -> {
                        if (v != JsonToken.VALUE_STRING) {
                            skipValue(p);
                            seriesField = null;
                        } else {
                            seriesField = p.getText();
                        }
                    }
                    case "value" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
                            return null;
                        }
                        x = p.getDoubleValue();
                        hasValue = true;
                    }
                    case "ts" -> {
                        if (v == JsonToken.VALUE_STRING) {
                            ts = text(p.getText());
                        } else if (v == JsonToken.VALUE_NUMBER_INT
                                && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                            ts = Instant.ofEpochMilli(p.getLongValue());
                        } else {
                            return null;
                        }
                        if (ts == null) {
                            return null;
                        }
                    }
                    case "features" -> {
                        if (v == JsonToken.START_OBJECT) {
                            features = readFeatures(p);
                            if (features == null) {
                                return null;
                            }
                        } else if (v != JsonToken.VALUE_NULL) {
                            return null;
                        }
                    }
                    default -> skipValue(p);
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        if (!hasValue || ts == null || !Double.isFinite(x) || Math.abs(x) > maxAbsValue) {
            return null;
        }
        String series;
        if (key != null && key.length > 0) {
            series = utf8(key);
        } else {
            series = seriesField != null && !seriesField.isBlank() && isUnicode(seriesField) ? seriesField : null;
        }
        return series == null ? null : new Observation(series, ts, x, features);
    }

    /** An object of finite numbers, the parser after its end; null when any is not one. */
    private static Map<String, Double> readFeatures(JsonParser p) throws IOException {
        Map<String, Double> features = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
                return null;
            }
            double f = p.getDoubleValue();
            if (!Double.isFinite(f)) {
                return null;
            }
            features.put(name, f);
        }
        return features;
    }

    /**
     * Past the value whose first token is current, every string in it decoded: the tree decodes
     * them all, so a string that is not UTF-8 makes the record NOT_JSON wherever it is.
     */
    private static void skipValue(JsonParser p) throws IOException {
        int depth = 0;
        JsonToken t = p.currentToken();
        while (true) {
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                depth++;
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                depth--;
            } else if (t == JsonToken.VALUE_STRING) {
                p.getTextLength();
            }
            if (depth == 0) {
                return;
            }
            t = p.nextToken();
            if (t == null) {
                throw new EOFException("end of input inside a value");
            }
        }
    }

    /** Every record the streaming path does not accept: the tree decides, and words every rejection. */
    ParseResult parseTree(byte[] key, byte[] value) {
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (IOException e) {
            return reject(key, value, RejectReason.NOT_JSON, firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            return reject(key, value, RejectReason.NOT_JSON, "expected a JSON object");
        }
        String series;
        if (key != null && key.length > 0) {
            // A key that is not UTF-8 names no series: decoded leniently, two different keys would become one series
            // and its forecasts would carry a key nobody produced (found by FuzzIT).
            series = utf8(key);
            if (series == null) {
                return reject(key, value, RejectReason.MISSING_SERIES, "record key is not valid UTF-8");
            }
        } else {
            JsonNode s = node.get("series");
            if (s == null || !s.isTextual() || s.asText().isBlank()) {
                return reject(key, value, RejectReason.MISSING_SERIES, "record has no key and no \"series\" field");
            }
            series = s.asText();
            // "\ud800" is valid JSON but no Unicode text: as a key it would be written as "?", merging it with series
            // "?".
            if (!isUnicode(series)) {
                return reject(
                        key,
                        value,
                        RejectReason.MISSING_SERIES,
                        "\"series\" is not valid Unicode (an unpaired surrogate)");
            }
        }
        JsonNode v = node.get("value");
        if (v == null || v.isNull()) {
            return reject(key, value, RejectReason.MISSING_VALUE, "no \"value\" field");
        }
        if (!v.isNumber()) {
            return reject(
                    key,
                    value,
                    RejectReason.NON_NUMERIC_VALUE,
                    "\"value\" is " + v.getNodeType().name().toLowerCase() + ", not a number");
        }
        double x = v.doubleValue();
        if (!Double.isFinite(x)) {
            return reject(key, value, RejectReason.NOT_FINITE, "\"value\" is " + x);
        }
        if (Math.abs(x) > maxAbsValue) {
            return reject(
                    key,
                    value,
                    RejectReason.OUT_OF_RANGE,
                    "\"value\" " + x + " is beyond validation.maxAbsValue " + maxAbsValue);
        }
        JsonNode t = node.get("ts");
        if (t == null || t.isNull()) {
            return reject(key, value, RejectReason.MISSING_TS, "no \"ts\" field");
        }
        Instant ts = ts(t);
        if (ts == null) {
            return reject(
                    key,
                    value,
                    RejectReason.BAD_TS,
                    "\"ts\" " + abbreviate(t.toString()) + " "
                            + (t.isTextual()
                                    ? Timestamps.problem(t.asText())
                                            + (zone == null && Timestamps.isLocalDateTime(t.asText())
                                                    ? ", or name the topology's zone (zone: Europe/Berlin)"
                                                    : "")
                                    : "is neither ISO-8601 nor epoch milliseconds within the range of a Java long"));
        }
        JsonNode f = node.get("features");
        Map<String, Double> features = new LinkedHashMap<>();
        if (f != null && !f.isNull()) {
            if (!f.isObject()) {
                return reject(key, value, RejectReason.BAD_FEATURES, "\"features\" must be an object of numbers");
            }
            for (Map.Entry<String, JsonNode> e : f.properties()) {
                if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().doubleValue())) {
                    return reject(
                            key,
                            value,
                            RejectReason.BAD_FEATURES,
                            "feature \"" + e.getKey() + "\" is not a finite number");
                }
                features.put(e.getKey(), e.getValue().doubleValue());
            }
        }
        return new ParseResult.Accepted(new Observation(series, ts, x, features), key, value);
    }

    /**
     * ISO-8601 with offset (2024-01-01T00:00:00Z, +01:00) or integral epoch milliseconds, as number or
     * numeric string; null for anything else, including instants beyond epoch milliseconds in a long
     * (year -999999999 parses as ISO-8601 but cannot be stored: it stopped the stream; and an integer
     * beyond a long was silently wrapped by {@code longValue()}. Both found by FuzzIT).
     */
    static Instant parseTs(JsonNode t) {
        return IN_UTC.ts(t);
    }

    private static final ObservationParser IN_UTC = new ObservationParser(Integer.MAX_VALUE);

    private Instant ts(JsonNode t) {
        if (t.isIntegralNumber()) {
            return t.canConvertToLong() ? Instant.ofEpochMilli(t.longValue()) : null;
        }
        return t.isTextual() ? text(t.asText()) : null;
    }

    /**
     * Whether {@code s} is Unicode text ("\ud800" is valid JSON but none: as a key it would be written as "?"). A
     * Java string fails to encode as UTF-8 only at a surrogate without its partner, so this looks for one instead of
     * asking a new encoder, which allocated an encoder and an output buffer for every key-less record.
     */
    static boolean isUnicode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The key as a string, or null if it is not well-formed UTF-8. An ASCII key, the usual kind, is
     * a string as it stands; only another asks a strict decoder, which a record used to allocate
     * whatever its key ({@code new String(bytes, UTF_8)} would not do: it replaces malformed input).
     */
    static String utf8(byte[] key) {
        if (isAscii(key)) {
            return new String(key, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Details are headers: a 60 KB "ts" need not be repeated in full. */
    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "... (" + s.length() + " characters)";
    }

    private static ParseResult reject(byte[] key, byte[] value, RejectReason reason, String detail) {
        return new ParseResult.Rejected(new Rejection(key, value, reason, detail));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unparseable JSON";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
