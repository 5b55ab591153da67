package io.streamcast.backtest;

import io.streamcast.ingest.Timestamps;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the backtest input CSV: header {@code series,ts,value}, one observation per row, rows in
 * any order; or, for one series, header {@code ts,value}, the series named after the file
 * ({@code AirPassengers.csv}: {@code AirPassengers}). {@code ts} as an observation's
 * ({@link Timestamps}: an instant with Z or an offset, a date, a month, epoch milliseconds);
 * {@code value} a finite number; the series id may be quoted. Blank lines are skipped. Columns after {@code value} are
 * covariates named by their header ({@code series,ts,value,promo,price}): a finite number, or
 * empty where the row has none; rows are observations whose {@code "features"} hold them.
 */
public final class SeriesCsv {
    static final List<String> HEADER = List.of("series", "ts", "value");
    /** One series' file: its name is the file's. */
    static final List<String> SINGLE_SERIES_HEADER = List.of("ts", "value");

    private SeriesCsv() {}

    /**
     * Reads every series of the file.
     *
     * @return one entry per series in order of first appearance in the file, each list sorted by
     *     ts and unmodifiable
     * @throws BacktestInputException naming the file and line when the file is unreadable, has no
     *     header or no rows, or a row has a bad field count, an empty series id, a bad ts, a value
     *     that is not a finite number, or a ts already seen in the same series
     */
    public static Map<String, List<SeriesPoint>> read(Path csv) {
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return read(in, csv);
        } catch (IOException e) {
            throw new BacktestInputException("cannot read " + csv + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every series cut at an instant: the points no later than {@code until}, in order; a series
     * with none left is dropped, so nothing downstream meets an empty history. {@code until} null
     * keeps everything.
     */
    public static Map<String, List<SeriesPoint>> upTo(Map<String, List<SeriesPoint>> series, Instant until) {
        if (until == null) {
            return series;
        }
        Map<String, List<SeriesPoint>> cut = new LinkedHashMap<>();
        series.forEach((name, points) -> {
            List<SeriesPoint> kept =
                    points.stream().filter(p -> !p.ts().isAfter(until)).toList();
            if (!kept.isEmpty()) {
                cut.put(name, kept);
            }
        });
        return cut;
    }

    private static Map<String, List<SeriesPoint>> read(BufferedReader in, Path csv) throws IOException {
        String header = in.readLine();
        if (header == null) {
            throw BacktestInputException.at(csv, 1, "empty file, expected header 'series,ts,value'");
        }
        // One series without a series column: every row is the file's series.
        String single = null;
        List<String> base = HEADER;
        List<String> featureNames = featureNames(header, HEADER);
        if (featureNames == null) {
            featureNames = featureNames(header, SINGLE_SERIES_HEADER);
            base = SINGLE_SERIES_HEADER;
            single = csv.getFileName().toString().replaceFirst("(?i)\\.csv$", "");
        }
        if (featureNames == null) {
            throw BacktestInputException.at(
                    csv,
                    1,
                    "expected header 'series,ts,value', or 'ts,value' for one series named after the file (then"
                            + " feature columns, each named once), but found '" + header + "'");
        }
        int first = base.size() - 2;
        int columns = base.size() + featureNames.size();
        Map<String, List<SeriesPoint>> bySeries = new LinkedHashMap<>();
        // ts -> line it came from, per series, so a duplicate names both lines.
        Map<String, Map<Instant, Integer>> lineOfTs = new HashMap<>();
        int lineNo = 1;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = fields(line, csv, lineNo, base, columns);
            String series = single != null ? single : fields.get(0).strip();
            if (series.isEmpty()) {
                throw BacktestInputException.at(csv, lineNo, "empty series id");
            }
            Instant ts = timestamp(fields.get(first).strip(), csv, lineNo);
            double value = value(fields.get(first + 1).strip(), csv, lineNo);
            Map<String, Double> features = new LinkedHashMap<>();
            for (int f = 0; f < featureNames.size(); f++) {
                String text = fields.get(base.size() + f).strip();
                if (!text.isEmpty()) {
                    features.put(featureNames.get(f), feature(featureNames.get(f), text, csv, lineNo));
                }
            }
            Integer earlier =
                    lineOfTs.computeIfAbsent(series, s -> new HashMap<>()).putIfAbsent(ts, lineNo);
            if (earlier != null) {
                throw BacktestInputException.at(
                        csv,
                        lineNo,
                        "duplicate ts " + ts + " in series '" + series + "' (first on line " + earlier + ")");
            }
            bySeries.computeIfAbsent(series, s -> new ArrayList<>()).add(new SeriesPoint(ts, value, features));
        }
        if (bySeries.isEmpty()) {
            throw BacktestInputException.at(csv, lineNo + 1, "no data rows after the header");
        }
        bySeries.replaceAll((series, points) -> {
            points.sort(Comparator.comparing(SeriesPoint::ts));
            return List.copyOf(points);
        });
        return bySeries;
    }

    /**
     * The feature columns' names of a valid header beginning with {@code base} (empty for just
     * {@code base}); null when it is not one.
     */
    private static List<String> featureNames(String line, List<String> base) {
        List<String> names;
        try {
            names = CsvFields.split(stripBom(line));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (names.size() < base.size()
                || !names.subList(0, base.size()).stream()
                        .map(s -> s.strip().toLowerCase(java.util.Locale.ROOT))
                        .toList()
                        .equals(base)) {
            return null;
        }
        List<String> features = names.subList(base.size(), names.size()).stream()
                .map(String::strip)
                .toList();
        boolean wellNamed = features.stream().noneMatch(String::isEmpty)
                && features.stream().distinct().count() == features.size()
                && features.stream().noneMatch(n -> HEADER.contains(n.toLowerCase(java.util.Locale.ROOT)));
        return wellNamed ? features : null;
    }

    private static double feature(String name, String text, Path csv, int lineNo) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw BacktestInputException.at(csv, lineNo, "bad feature " + name + " '" + text + "': not a number");
        }
        if (!Double.isFinite(value)) {
            throw BacktestInputException.at(
                    csv, lineNo, "bad feature " + name + " '" + text + "': not a finite number");
        }
        return value;
    }

    static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    private static List<String> fields(String line, Path csv, int lineNo, List<String> base, int columns) {
        List<String> fields;
        try {
            fields = CsvFields.split(line);
        } catch (IllegalArgumentException e) {
            throw BacktestInputException.at(csv, lineNo, e.getMessage());
        }
        if (fields.size() != columns) {
            throw BacktestInputException.at(
                    csv,
                    lineNo,
                    columns == base.size()
                            ? "expected " + columns + " fields (" + String.join(",", base) + ") but found "
                                    + fields.size()
                            : "expected " + columns + " fields (" + String.join(",", base)
                                    + " and the header's features) but found " + fields.size());
        }
        return fields;
    }

    /** As the service reads an observation's {@code ts} ({@link Timestamps}): a file backtests as it would stream. */
    static Instant timestamp(String text, Path csv, int lineNo) {
        Instant ts = Timestamps.parse(text);
        if (ts == null) {
            throw BacktestInputException.at(
                    csv,
                    lineNo,
                    "bad ts '" + text + "': " + Timestamps.problem(text).replaceFirst("^is ", ""));
        }
        return ts;
    }

    static double value(String text, Path csv, int lineNo) {
        double value = number(text, csv, lineNo);
        if (!Double.isFinite(value)) {
            throw BacktestInputException.at(csv, lineNo, "bad value '" + text + "': not a finite number");
        }
        return value;
    }

    /** Any number Java can parse, NaN and infinities included. */
    static double number(String text, Path csv, int lineNo) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw BacktestInputException.at(csv, lineNo, "bad value '" + text + "': not a number");
        }
    }
}
