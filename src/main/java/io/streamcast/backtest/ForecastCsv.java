package io.streamcast.backtest;

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
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (ForecastRow row : sorted) {
                writePoint(w, row);
                w.write(number(row.forecast()));
                w.write(',');
                w.write(row.lower() == null ? "" : number(row.lower()));
                w.write(',');
                w.write(row.upper() == null ? "" : number(row.upper()));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    /** The columns both files start with, {@code series,origin,h,ts,}, for the row's point. */
    private static void writePoint(BufferedWriter w, ForecastRow row) throws IOException {
        w.write(CsvFields.quote(row.series()));
        w.write(',');
        w.write(row.origin().toString());
        w.write(',');
        w.write(Integer.toString(row.h()));
        w.write(',');
        w.write(row.ts().toString());
        w.write(',');
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
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write(QUANTILES_HEADER);
            w.write('\n');
            for (ForecastRow row : sorted) {
                if (row.quantiles() == null) {
                    continue;
                }
                for (var q : row.quantiles().entrySet()) {
                    writePoint(w, row);
                    w.write(q.getKey());
                    w.write(',');
                    w.write(number(q.getValue()));
                    w.write('\n');
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
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null
                    || !SeriesCsv.stripBom(header)
                            .strip()
                            .toLowerCase(Locale.ROOT)
                            .equals(HEADER)) {
                throw BacktestInputException.at(
                        csv, 1, "expected header '" + HEADER + "' but found '" + (header == null ? "" : header) + "'");
            }
            int lineNo = 1;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (!line.isBlank()) {
                    rows.add(row(line, csv, lineNo));
                }
            }
        } catch (IOException e) {
            throw new BacktestInputException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        return rows;
    }

    private static ForecastRow row(String line, Path csv, int lineNo) {
        List<String> f;
        try {
            f = CsvFields.split(line);
        } catch (IllegalArgumentException e) {
            throw BacktestInputException.at(csv, lineNo, e.getMessage());
        }
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
