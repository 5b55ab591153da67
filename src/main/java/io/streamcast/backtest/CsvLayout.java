package io.streamcast.backtest;

import io.streamcast.ingest.Timestamps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a series CSV keeps each field, decided from its header (and, for a file of two columns
 * named otherwise, its first row): the series id's column or the file's name as the one series,
 * the timestamp's and the value's columns, and the features' columns with their names.
 *
 * <p>Taken in this order: the columns {@code --columns} names; a header beginning {@code
 * series,ts,value} or {@code ts,value} (any case), further columns features; two columns under
 * other names whose first row is a timestamp and a number ({@code Month,#Passengers}); two columns
 * without a header at all (line 1 is already a timestamp and a number). Anything else is refused
 * with the header in the error, since guessing which of several columns is the value would score
 * the wrong series without a word.
 *
 * @param seriesColumn the series id's index, or -1 when the file is one series
 * @param fileSeries that series' name (the file's, without {@code .csv}), or null
 * @param tsColumn the timestamp's index
 * @param valueColumn the value's index
 * @param featureColumns the features' indexes, in the header's order
 * @param featureNames the features' names, in the same order
 * @param columns the fields every row has
 * @param headerless true when line 1 is data
 * @param fieldsHint what a row holds, for the error when one has another count
 * @param taken how the columns were decided, for the commands to say; null for the standard layouts
 * @param wideColumns in a wide file ({@code --columns ts=...,value=*}), every series' column, each
 *     named by its header; empty otherwise
 * @param wideNames those series' names, in the same order
 */
record CsvLayout(
        int seriesColumn,
        String fileSeries,
        int tsColumn,
        int valueColumn,
        List<Integer> featureColumns,
        List<String> featureNames,
        int columns,
        boolean headerless,
        String fieldsHint,
        String taken,
        List<Integer> wideColumns,
        List<String> wideNames) {
    /** A file of one value per row: its series' column, or the file's one series. */
    CsvLayout(
            int seriesColumn,
            String fileSeries,
            int tsColumn,
            int valueColumn,
            List<Integer> featureColumns,
            List<String> featureNames,
            int columns,
            boolean headerless,
            String fieldsHint,
            String taken) {
        this(
                seriesColumn,
                fileSeries,
                tsColumn,
                valueColumn,
                featureColumns,
                featureNames,
                columns,
                headerless,
                fieldsHint,
                taken,
                List.of(),
                List.of());
    }

    /** Whether each column but the timestamp's is a series of its own. */
    boolean wide() {
        return !wideColumns.isEmpty();
    }

    static final List<String> HEADER = List.of("series", "ts", "value");
    static final List<String> SINGLE_SERIES_HEADER = List.of("ts", "value");
    /** Digits around a slash or a dot, as dates in spreadsheets' local formats have them: 01/15/2024, 15.01.2024. */
    static final java.util.regex.Pattern OTHER_DATE = java.util.regex.Pattern.compile("\\d[/.]\\d");

    /**
     * The header refusal's offer for a two-column file whose first cell may be a time written
     * another way: the pattern that reads it, or how to say one; empty when it looks like none.
     */
    private static String otherTimeHint(String firstCell) {
        String guessed = TsFormat.guess(firstCell);
        if (guessed == null && !OTHER_DATE.matcher(firstCell).find()) {
            return "";
        }
        return ", or, if its first column is a time written another way ('" + firstCell.strip() + "'), "
                + (guessed != null
                        ? TsFormat.offer(guessed)
                        : "say how with --ts-format ('MM/dd/yyyy HH:mm', 'dd.MM.yyyy')");
    }

    /**
     * The layout of a file whose line 1 split into {@code header}; {@code firstRow} is line 2 split
     * (null when there is none or it is broken), consulted only for two columns under other names.
     */
    static CsvLayout of(Path csv, List<String> header, List<String> firstRow, CsvColumns named, char delimiter) {
        return of(csv, header, firstRow, named, delimiter, null);
    }

    /** As {@link #of(Path, List, List, CsvColumns, char)}, a first-row timestamp also in the file's {@code format}. */
    static CsvLayout of(
            Path csv, List<String> header, List<String> firstRow, CsvColumns named, char delimiter, TsFormat format) {
        List<String> names = header.stream().map(String::strip).toList();
        String fileSeries = SeriesFiles.baseName(csv, ".csv");
        if (named != null) {
            return named(csv, names, named, fileSeries);
        }
        CsvLayout standard = standard(names, HEADER, null);
        if (standard == null) {
            standard = standard(names, SINGLE_SERIES_HEADER, fileSeries);
        }
        if (standard != null) {
            return standard;
        }
        if (names.size() == 2 && isObservation(names, delimiter, format)) {
            return new CsvLayout(
                    -1,
                    fileSeries,
                    0,
                    1,
                    List.of(),
                    List.of(),
                    2,
                    true,
                    "ts,value",
                    "no header: the first column read as ts, the second as value, one series named '" + fileSeries
                            + "' after the file");
        }
        if (names.size() == 2
                && firstRow != null
                && firstRow.size() == 2
                && isObservation(firstRow, delimiter, format)) {
            return new CsvLayout(
                    -1,
                    fileSeries,
                    0,
                    1,
                    List.of(),
                    List.of(),
                    2,
                    false,
                    String.join(",", names),
                    "column '" + names.get(0) + "' read as ts, '" + names.get(1) + "' as value, one series named '"
                            + fileSeries + "' after the file");
        }
        throw BacktestInputException.at(
                csv,
                1,
                "expected header 'series,ts,value', or 'ts,value' for one series named after the file (then"
                        + " feature columns, each named once), but found '" + String.join(",", header)
                        + "'; name the columns with --columns " + CsvColumns.SYNTAX
                        + (names.size() > 2 && firstRow != null && isWideRow(firstRow, delimiter, format)
                                ? ", or, if each column after '" + names.get(0)
                                        + "' is a series of its own (a wide file), --columns ts=" + names.get(0)
                                        + ",value=*"
                                : "")
                        + (names.size() == 2 && format == null && firstRow != null && !firstRow.isEmpty()
                                ? otherTimeHint(firstRow.get(0))
                                : ""));
    }

    /** {@code base} then features, each named once and none a role's name; null when the header is not that. */
    private static CsvLayout standard(List<String> names, List<String> base, String fileSeries) {
        if (names.size() < base.size()
                || !names.subList(0, base.size()).stream()
                        .map(CsvLayout::lower)
                        .toList()
                        .equals(base)) {
            return null;
        }
        List<String> features = names.subList(base.size(), names.size());
        if (!wellNamed(features)) {
            return null;
        }
        List<Integer> featureColumns = new ArrayList<>();
        for (int i = base.size(); i < names.size(); i++) {
            featureColumns.add(i);
        }
        int ts = base.size() - 2;
        return new CsvLayout(
                fileSeries == null ? 0 : -1,
                fileSeries,
                ts,
                ts + 1,
                featureColumns,
                features,
                names.size(),
                false,
                features.isEmpty() ? String.join(",", base) : String.join(",", base) + " and the header's features",
                null);
    }

    private static CsvLayout named(Path csv, List<String> names, CsvColumns named, String fileSeries) {
        if (named.wide()) {
            return wide(csv, names, column(csv, names, named.ts()));
        }
        int series = named.series() == null ? -1 : column(csv, names, named.series());
        int ts = column(csv, names, named.ts());
        int value = column(csv, names, named.value());
        List<Integer> featureColumns = new ArrayList<>();
        List<String> features = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (i != series && i != ts && i != value) {
                featureColumns.add(i);
                features.add(names.get(i));
            }
        }
        if (!wellNamed(features)) {
            throw BacktestInputException.at(
                    csv,
                    1,
                    "the columns other than --columns' are features and need a name each, used once and none of"
                            + " series, ts or value, but are '" + String.join(",", features) + "'");
        }
        String taken = "column '" + names.get(ts) + "' read as ts, '" + names.get(value) + "' as value, "
                + (series < 0
                        ? "one series named '" + fileSeries + "' after the file"
                        : "'" + names.get(series) + "' as the series")
                + (features.isEmpty() ? "" : ", " + String.join(", ", features) + " as features");
        return new CsvLayout(
                series,
                series < 0 ? fileSeries : null,
                ts,
                value,
                List.copyOf(featureColumns),
                List.copyOf(features),
                names.size(),
                false,
                String.join(",", names),
                taken);
    }

    /** Every column but {@code ts} a series named by its header. */
    private static CsvLayout wide(Path csv, List<String> names, int ts) {
        List<Integer> columns = new ArrayList<>();
        List<String> series = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (i != ts) {
                columns.add(i);
                series.add(names.get(i));
            }
        }
        if (series.isEmpty()
                || series.stream().anyMatch(String::isEmpty)
                || series.stream().distinct().count() != series.size()) {
            throw BacktestInputException.at(
                    csv,
                    1,
                    "with value=* every column but ts is a series named by its header, so each needs a name,"
                            + " used once, but they are '" + String.join(",", series) + "'");
        }
        return new CsvLayout(
                -1,
                null,
                ts,
                -1,
                List.of(),
                List.of(),
                names.size(),
                false,
                String.join(",", names),
                "column '" + names.get(ts) + "' read as ts, each other column a series named by its header ("
                        + series.size() + ": " + String.join(", ", series.subList(0, Math.min(5, series.size())))
                        + (series.size() > 5 ? ", ..." : "") + "), an empty or NA cell a missing value",
                List.copyOf(columns),
                List.copyOf(series));
    }

    /** A timestamp, then numbers or empty cells, at least one a number: a wide file's row. */
    private static boolean isWideRow(List<String> fields, char delimiter, TsFormat format) {
        boolean anyNumber = false;
        for (int i = 1; i < fields.size(); i++) {
            String text = fields.get(i).strip();
            if (text.isEmpty()) {
                continue;
            }
            if (!isObservation(List.of(fields.get(0), text), delimiter, format)) {
                return false;
            }
            anyNumber = true;
        }
        return anyNumber;
    }

    /** The index of the header's column {@code name}: as written, else ignoring case. */
    private static int column(Path csv, List<String> names, String name) {
        int exact = names.indexOf(name);
        if (exact >= 0) {
            return exact;
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw BacktestInputException.at(
                csv, 1, "--columns names column '" + name + "', but the header is '" + String.join(",", names) + "'");
    }

    private static boolean wellNamed(List<String> features) {
        return features.stream().noneMatch(String::isEmpty)
                && features.stream().distinct().count() == features.size()
                && features.stream().noneMatch(n -> HEADER.contains(lower(n)));
    }

    /** A timestamp (one the service takes, or a local date and time {@code --zone} may place), then a finite number. */
    private static boolean isObservation(List<String> fields, char delimiter, TsFormat format) {
        String ts = fields.get(0).strip();
        if (Timestamps.parse(ts) == null
                && SeriesCsv.quarter(ts, null) == null
                && !Timestamps.isLocalDateTime(ts)
                && (format == null || !format.fits(ts))) {
            return false;
        }
        try {
            return Double.isFinite(CsvFields.number(fields.get(1).strip(), delimiter));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
