package io.streamcast.backtest;

import com.fasterxml.jackson.databind.SequenceWriter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The backtest output CSV: header {@code series,origin,h,ts,forecast,lower,upper}, one row per
 * emitted forecast point, timestamps as ISO-8601 UTC, empty cells where a bound is missing.
 */
public final class ForecastCsv {
    static final String HEADER = "series,origin,h,ts,forecast,lower,upper";

    /** The order rows are written in, so two runs of the same backtest diff cleanly. */
    public static final Comparator<ForecastRow> ORDER = Comparator.comparing(ForecastRow::series)
            .thenComparing(ForecastRow::origin)
            .thenComparingInt(ForecastRow::h);

    private ForecastCsv() {}

    /** Writes the rows sorted by series, origin, h; creates or replaces {@code out}. */
    public static void write(Path out, List<ForecastRow> rows) {
        List<ForecastRow> sorted = new ArrayList<>(rows);
        sorted.sort(ORDER);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
                SequenceWriter csv = CsvRows.writer(w)) {
            csv.write(List.of(HEADER.split(",")));
            for (ForecastRow row : sorted) {
                csv.write(List.of(
                        row.series(),
                        row.origin().toString(),
                        Integer.toString(row.h()),
                        row.ts().toString(),
                        number(row.forecast()),
                        row.lower() == null ? "" : number(row.lower()),
                        row.upper() == null ? "" : number(row.upper())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    /** Header of the quantiles file {@link #writeQuantiles} writes beside the forecasts. */
    static final String QUANTILES_HEADER = "series,origin,h,ts,quantile,value";

    /**
     * Writes the rows' further quantiles ({@code interval.quantiles}), one line per point and
     * quantile, in the order of {@link #write} and then ascending probability, to {@code out};
     * writes nothing and returns false when no row carries any. A file of its own: the forecasts
     * file's columns are the contract's.
     */
    public static boolean writeQuantiles(Path out, List<ForecastRow> rows) {
        if (rows.stream().allMatch(row -> row.quantiles() == null)) {
            return false;
        }
        List<ForecastRow> sorted = new ArrayList<>(rows);
        sorted.sort(ORDER);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
                SequenceWriter csv = CsvRows.writer(w)) {
            csv.write(List.of(QUANTILES_HEADER.split(",")));
            for (ForecastRow row : sorted) {
                if (row.quantiles() == null) {
                    continue;
                }
                for (var q : row.quantiles().entrySet()) {
                    csv.write(List.of(
                            row.series(),
                            row.origin().toString(),
                            Integer.toString(row.h()),
                            row.ts().toString(),
                            q.getKey(),
                            number(q.getValue())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        return true;
    }

    /**
     * Reads a file written by {@link #write}, e.g. to score forecasts of an earlier run again.
     *
     * @throws BacktestInputException naming the file and line for anything malformed
     */
    public static List<ForecastRow> read(Path csv) {
        List<ForecastRow> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CsvRows records = CsvRows.of(in, ',', csv)) {
            List<String> header = records.next();
            String names = header == null ? "" : SeriesCsv.stripBom(String.join(",", header));
            if (!names.strip().toLowerCase(Locale.ROOT).equals(HEADER)) {
                throw BacktestInputException.at(csv, 1, "expected header '" + HEADER + "' but found '" + names + "'");
            }
            for (List<String> f = records.next(); f != null; f = records.next()) {
                rows.add(row(f, csv, records.line()));
            }
        } catch (IOException e) {
            throw new BacktestInputException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        return rows;
    }

    private static ForecastRow row(List<String> f, Path csv, int lineNo) {
        if (f.size() != 7) {
            throw BacktestInputException.at(csv, lineNo, "expected 7 fields (" + HEADER + ") but found " + f.size());
        }
        Instant origin = SeriesCsv.timestamp(f.get(1).strip(), csv, lineNo);
        int h;
        try {
            h = Integer.parseInt(f.get(2).strip());
        } catch (NumberFormatException e) {
            throw BacktestInputException.at(csv, lineNo, "bad h '" + f.get(2) + "': not an integer");
        }
        if (h < 1) {
            throw BacktestInputException.at(csv, lineNo, "bad h " + h + ": must be >= 1");
        }
        Instant ts = SeriesCsv.timestamp(f.get(3).strip(), csv, lineNo);
        // A NaN forecast is a model bug the scorer counts, so it must survive a round trip.
        double forecast = SeriesCsv.number(f.get(4).strip(), csv, lineNo);
        return new ForecastRow(
                f.get(0).strip(),
                origin,
                h,
                ts,
                forecast,
                bound(f.get(5).strip(), csv, lineNo),
                bound(f.get(6).strip(), csv, lineNo));
    }

    private static Double bound(String text, Path csv, int lineNo) {
        return text.isEmpty() ? null : SeriesCsv.number(text, csv, lineNo);
    }

    private static String number(double value) {
        // Double.toString round-trips exactly; NaN stays readable as "NaN" if a model emits one.
        return Double.toString(value);
    }
}
