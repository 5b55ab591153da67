package io.streamcast.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamcast.ingest.Observation;
import io.streamcast.ingest.ObservationParser;
import io.streamcast.ingest.ParseResult;
import io.streamcast.ingest.RejectReason;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a file of observations as the input topic carries them, one JSON message a line: what
 * {@code kcat -C -t observations -e} dumps ({@code -K'\t'} puts each record's key and a tab
 * before it; {@code -J}'s envelopes, {@code {"topic":...,"key":...,"payload":"..."}}, are opened),
 * so a stream's own history backtests, trains and replays without being rewritten as CSV. Each
 * line is read by the service's own {@link ObservationParser}, key and all, so what the file yields
 * is what the topology would have accepted; the lines it would dead-letter are left out and
 * counted by reason, as the dead-letter topic would have them, and a second record of a series at
 * one ts is DUPLICATE_TS unless the topology aggregates readings.
 */
public final class SeriesJsonLines {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Records larger than this are OVERSIZED here; the topology's own limit is at most as generous. */
    private static final int MAX_RECORD_BYTES = 1 << 20;

    private SeriesJsonLines() {}

    /**
     * What a dump yielded: its series (each sorted by ts, as {@link SeriesCsv} gives them), the
     * records left out by reason (in the enum's order) and the line of the first of each.
     */
    public record Dump(
            Map<String, List<SeriesPoint>> series,
            Map<RejectReason, Integer> leftOut,
            Map<RejectReason, Integer> firstLine,
            List<String> featuresNotRead) {
        /** {@code 3 records the service would dead-letter left out: NOT_JSON 1 (line 17), ...}; null when none were. */
        public String leftOutLine() {
            if (leftOut.isEmpty()) {
                return null;
            }
            int total = leftOut.values().stream().mapToInt(Integer::intValue).sum();
            List<String> parts = new ArrayList<>();
            leftOut.forEach(
                    (reason, n) -> parts.add(reason + " " + n + " (first on line " + firstLine.get(reason) + ")"));
            return total + " record" + (total == 1 ? "" : "s") + " the service would dead-letter left out: "
                    + String.join(", ", parts);
        }
    }

    /**
     * True when the file's first non-blank line is a JSON object, or a key, a tab and one ({@code
     * kcat -K'\t'}): no CSV header is either.
     */
    public static boolean isJsonLines(Path file) {
        try (BufferedReader in = SeriesFiles.open(file)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String text = SeriesCsv.stripBom(line).strip();
                if (!text.isEmpty()) {
                    int tab = text.indexOf('\t');
                    return text.startsWith("{")
                            || tab >= 0 && text.substring(tab + 1).strip().startsWith("{");
                }
            }
            return false;
        } catch (IOException e) {
            throw new BacktestInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads every line of {@code file}.
     *
     * @param zone the topology's zone, as its parser reads a ts without an offset; null: UTC, local refused
     * @param readingsShareTs true where the topology aggregates readings into steps: records of a
     *     series at one ts are all kept, in file order
     * @param featuresRead the features to keep, by name (the topology's); null: all
     * @throws BacktestInputException when the file cannot be read or yields no observation at all
     */
    public static Dump read(Path file, ZoneId zone, boolean readingsShareTs, Set<String> featuresRead) {
        return read(file, zone, readingsShareTs, featuresRead, null);
    }

    /**
     * As {@link #read(Path, ZoneId, boolean, Set)}, for lines that are JSON objects of their own
     * making ({@code {"device":"a","time":1704067200,"temp":21.5}}): {@code fields} names which hold
     * the series, the timestamp and the value ({@code --columns}; without a series field the key, or
     * else the file's name, is the series), every other numeric field a feature. Each becomes the
     * message the input topic would carry, judged by the service's parser as any line is.
     *
     * @param fields which fields hold what; null: the lines are the input topic's messages
     */
    public static Dump read(Path file, ZoneId zone, boolean readingsShareTs, Set<String> featuresRead, Fields fields) {
        ObservationParser parser =
                new ObservationParser(MAX_RECORD_BYTES, ObservationParser.DEFAULT_MAX_ABS_VALUE, zone);
        Map<String, List<SeriesPoint>> bySeries = new LinkedHashMap<>();
        Map<String, Set<Instant>> seen = new HashMap<>();
        Map<RejectReason, Integer> leftOut = new EnumMap<>(RejectReason.class);
        Map<RejectReason, Integer> firstLine = new EnumMap<>(RejectReason.class);
        Set<String> notRead = new LinkedHashSet<>();
        int lineNo = 0;
        try (BufferedReader in = SeriesFiles.open(file)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                String text = lineNo == 1 ? SeriesCsv.stripBom(line) : line;
                if (text.isBlank()) {
                    continue;
                }
                byte[][] record = record(text);
                if (fields != null) {
                    record = fields.message(record, file);
                }
                ParseResult result = parser.parse(record[0], record[1]);
                RejectReason reason = result instanceof ParseResult.Accepted accepted
                        ? place(accepted.observation(), bySeries, seen, readingsShareTs, featuresRead, notRead)
                        : ((ParseResult.Rejected) result).rejection().reason();
                if (reason == null) {
                    continue;
                }
                leftOut.merge(reason, 1, Integer::sum);
                firstLine.putIfAbsent(reason, lineNo);
            }
        } catch (IOException e) {
            throw new BacktestInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bySeries.isEmpty()) {
            Dump empty = new Dump(Map.of(), leftOut, firstLine, List.of());
            throw BacktestInputException.at(
                    file,
                    Math.max(1, lineNo),
                    "no observation in this file of JSON lines"
                            + (leftOut.isEmpty() ? "" : ": " + empty.leftOutLine()));
        }
        bySeries.replaceAll((series, points) -> {
            points.sort(Comparator.comparing(SeriesPoint::ts));
            return List.copyOf(points);
        });
        return new Dump(bySeries, leftOut, firstLine, List.copyOf(notRead));
    }

    /**
     * Adds an accepted observation to its series, its features cut to those read (the rest named in
     * {@code notRead}); DUPLICATE_TS, and nothing added, for a second one at a series' ts unless
     * {@code readingsShareTs}; null once added.
     */
    private static RejectReason place(
            Observation o,
            Map<String, List<SeriesPoint>> bySeries,
            Map<String, Set<Instant>> seen,
            boolean readingsShareTs,
            Set<String> featuresRead,
            Set<String> notRead) {
        boolean repeat = !seen.computeIfAbsent(o.series(), s -> new HashSet<>()).add(o.ts());
        if (repeat && !readingsShareTs) {
            return RejectReason.DUPLICATE_TS;
        }
        Map<String, Double> features = new LinkedHashMap<>();
        o.features().forEach((name, v) -> {
            if (featuresRead == null || featuresRead.contains(name)) {
                features.put(name, v);
            } else {
                notRead.add(name);
            }
        });
        bySeries.computeIfAbsent(o.series(), s -> new ArrayList<>()).add(new SeriesPoint(o.ts(), o.value(), features));
        return null;
    }

    /**
     * Which fields of a line's own JSON object hold the series, the timestamp and the value, and
     * how its timestamps are written, for {@link #read(Path, ZoneId, boolean, Set, Fields)}.
     *
     * @param columns the fields by name ({@code --columns}; {@code value=*} has no meaning here)
     * @param epochUnit what a numeric timestamp counts
     * @param tsFormat the pattern of a timestamp written as text otherwise than ISO-8601; null: none
     * @param zone where a local date and time written in that pattern is
     */
    public record Fields(CsvColumns columns, SeriesCsv.EpochUnit epochUnit, TsFormat tsFormat, ZoneId zone) {
        /** The conversions' errors are not shown (the parser judges what is left), so they name no file. */
        private static final Path NO_FILE = Path.of("-");

        public Fields {
            if (columns.wide()) {
                throw new IllegalArgumentException(
                        "--columns: value=* reads a wide CSV; in a file of JSON lines name the value's field");
            }
        }

        /** The input topic's message for {@code record}'s object (its key dropped where a field names the series). */
        byte[][] message(byte[][] record, Path file) {
            JsonNode line;
            try {
                line = JSON.readTree(record[1]);
            } catch (IOException e) {
                return record;
            }
            if (line == null || !line.isObject()) {
                return record;
            }
            ObjectNode message = JSON.createObjectNode();
            byte[] key = record[0];
            if (columns.series() != null) {
                JsonNode series = line.get(columns.series());
                if (series != null && series.isValueNode() && !series.isNull()) {
                    message.put("series", series.asText());
                }
                key = null;
            } else if (key == null) {
                message.put("series", SeriesFiles.baseName(file));
            }
            JsonNode ts = line.get(columns.ts());
            if (ts != null) {
                message.set("ts", timestamp(ts));
            }
            JsonNode value = line.get(columns.value());
            if (value != null) {
                message.set("value", value);
            }
            ObjectNode features = JSON.createObjectNode();
            line.fields().forEachRemaining(f -> {
                String name = f.getKey();
                if (f.getValue().isNumber()
                        && !name.equals(columns.ts())
                        && !name.equals(columns.value())
                        && !name.equals(columns.series())) {
                    features.set(name, f.getValue());
                }
            });
            if (!features.isEmpty()) {
                message.set("features", features);
            }
            return new byte[][] {key, message.toString().getBytes(StandardCharsets.UTF_8)};
        }

        /**
         * A timestamp as the message carries one: a number in {@link #epochUnit} (seconds where
         * {@code AUTO} finds it below 10^11 in size, as in CSV files) or text in {@link #tsFormat}
         * as an ISO-8601 instant; anything else as it is, for the parser to judge.
         */
        private JsonNode timestamp(JsonNode ts) {
            if (ts.isNumber()) {
                BigDecimal n = ts.decimalValue();
                try {
                    // The CSV reader's conversions, so a number means the same in either file.
                    Instant at = epochUnit == SeriesCsv.EpochUnit.DAYS
                            ? SeriesCsv.spreadsheetDay(n, zone, NO_FILE, 0)
                            : SeriesCsv.epochInstant(
                                    n,
                                    epochUnit == SeriesCsv.EpochUnit.SECONDS
                                                    || epochUnit == SeriesCsv.EpochUnit.AUTO
                                                            && SeriesCsv.smallEnoughForSeconds(n)
                                            ? 1
                                            : 1000,
                                    NO_FILE,
                                    0);
                    return JSON.getNodeFactory().textNode(at.toString());
                } catch (BacktestInputException e) {
                    return ts;
                }
            }
            if (ts.isTextual() && tsFormat != null) {
                Instant at = tsFormat.parse(ts.asText(), zone, false);
                if (at != null) {
                    return JSON.getNodeFactory().textNode(at.toString());
                }
            }
            return ts;
        }
    }

    /**
     * A line's key and value: the message alone (no key: its {@code series} field names the
     * series), a key and a tab before it ({@code kcat -K'\t'}), or a {@code kcat -J} envelope.
     */
    private static byte[][] record(String line) {
        String text = line.strip();
        int brace = text.indexOf('{');
        int tab = text.indexOf('\t');
        if (tab >= 0 && (brace < 0 || tab < brace)) {
            // kcat prints a record without a key as nothing before the tab.
            String key = text.substring(0, tab);
            return new byte[][] {key.isEmpty() ? null : bytes(key), bytes(text.substring(tab + 1))};
        }
        if (text.contains("\"payload\"") && text.contains("\"topic\"")) {
            try {
                JsonNode envelope = JSON.readTree(text);
                JsonNode payload = envelope.get("payload");
                if (envelope.isObject() && payload != null && payload.isTextual()) {
                    JsonNode key = envelope.get("key");
                    return new byte[][] {
                        key == null || key.isNull() ? null : bytes(key.asText()), bytes(payload.asText())
                    };
                }
            } catch (IOException e) {
                // Not an envelope after all: the parser says what it is.
            }
        }
        return new byte[][] {null, bytes(text)};
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
