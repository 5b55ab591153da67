package io.streamcast.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.ingest.ObservationParser;
import io.streamcast.ingest.ParseResult;
import io.streamcast.ingest.RejectReason;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
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
        ObservationParser parser =
                new ObservationParser(MAX_RECORD_BYTES, ObservationParser.DEFAULT_MAX_ABS_VALUE, zone);
        Map<String, List<SeriesPoint>> bySeries = new LinkedHashMap<>();
        Map<String, Set<Instant>> seen = new HashMap<>();
        Map<RejectReason, Integer> leftOut = new EnumMap<>(RejectReason.class);
        Map<RejectReason, Integer> firstLine = new EnumMap<>(RejectReason.class);
        Set<String> notRead = new LinkedHashSet<>();
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                String text = lineNo == 1 ? SeriesCsv.stripBom(line) : line;
                if (text.isBlank()) {
                    continue;
                }
                byte[][] record = record(text);
                ParseResult result = parser.parse(record[0], record[1]);
                RejectReason reason;
                if (result instanceof ParseResult.Accepted accepted) {
                    var o = accepted.observation();
                    boolean repeat = !seen.computeIfAbsent(o.series(), s -> new HashSet<>())
                            .add(o.ts());
                    if (repeat && !readingsShareTs) {
                        reason = RejectReason.DUPLICATE_TS;
                    } else {
                        Map<String, Double> features = new LinkedHashMap<>();
                        o.features().forEach((name, v) -> {
                            if (featuresRead == null || featuresRead.contains(name)) {
                                features.put(name, v);
                            } else {
                                notRead.add(name);
                            }
                        });
                        bySeries.computeIfAbsent(o.series(), s -> new ArrayList<>())
                                .add(new SeriesPoint(o.ts(), o.value(), features));
                        continue;
                    }
                } else {
                    reason = ((ParseResult.Rejected) result).rejection().reason();
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
