package io.streamcast.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns a raw Kafka record into an {@link Observation} or a {@link Rejection} with a reason code.
 * Stateless checks only; checks against the series' history (duplicate or old timestamps) happen
 * where the series state lives.
 */
public final class ObservationParser {
    /** NaN and Infinity literals are parsed so they can be rejected as NOT_FINITE instead of NOT_JSON. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final int maxRecordBytes;

    public ObservationParser(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    public ParseResult parse(byte[] key, byte[] value) {
        if (value == null) {
            return reject(key, null, RejectReason.NOT_JSON, "record value is null");
        }
        if (value.length > maxRecordBytes) {
            return reject(key, value, RejectReason.OVERSIZED, value.length + " bytes > limit " + maxRecordBytes);
        }
        if (key != null && key.length > maxRecordBytes) {
            return reject(key, value, RejectReason.OVERSIZED, "key of " + key.length + " bytes > limit " + maxRecordBytes);
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (IOException e) {
            return reject(key, value, RejectReason.NOT_JSON, firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            return reject(key, value, RejectReason.NOT_JSON, "expected a JSON object");
        }
        String series = key != null && key.length > 0 ? new String(key, StandardCharsets.UTF_8) : null;
        boolean keyed = series != null;
        if (!keyed) {
            JsonNode s = node.get("series");
            if (s != null && s.isTextual() && !s.asText().isBlank()) {
                series = s.asText();
            } else {
                return reject(key, value, RejectReason.MISSING_SERIES, "record has no key and no \"series\" field");
            }
        }
        JsonNode v = node.get("value");
        if (v == null || v.isNull()) {
            return reject(key, value, RejectReason.MISSING_VALUE, "no \"value\" field");
        }
        if (!v.isNumber()) {
            return reject(key, value, RejectReason.NON_NUMERIC_VALUE, "\"value\" is " + v.getNodeType().name().toLowerCase() + ", not a number");
        }
        double x = v.doubleValue();
        if (!Double.isFinite(x)) {
            return reject(key, value, RejectReason.NOT_FINITE, "\"value\" is " + x);
        }
        JsonNode t = node.get("ts");
        if (t == null || t.isNull()) {
            return reject(key, value, RejectReason.MISSING_TS, "no \"ts\" field");
        }
        Instant ts = parseTs(t);
        if (ts == null) {
            return reject(key, value, RejectReason.BAD_TS, "\"ts\" " + t + " is neither ISO-8601 nor epoch milliseconds");
        }
        JsonNode f = node.get("features");
        if (f != null && !f.isNull()) {
            if (!f.isObject()) {
                return reject(key, value, RejectReason.BAD_FEATURES, "\"features\" must be an object of numbers");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().doubleValue())) {
                    return reject(key, value, RejectReason.BAD_FEATURES, "feature \"" + e.getKey() + "\" is not a finite number");
                }
            }
        }
        return new ParseResult.Accepted(new Observation(series, ts, x), key, value);
    }

    /** ISO-8601 with offset (2024-01-01T00:00:00Z, +01:00) or integral epoch milliseconds, as number or numeric string. */
    static Instant parseTs(JsonNode t) {
        if (t.isIntegralNumber()) {
            return Instant.ofEpochMilli(t.longValue());
        }
        if (!t.isTextual()) {
            return null;
        }
        String s = t.asText().trim();
        if (s.matches("-?\\d{1,18}")) {
            return Instant.ofEpochMilli(Long.parseLong(s));
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
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
