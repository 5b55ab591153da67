package io.streamcast.cli;

import io.streamcast.backtest.CsvColumns;
import io.streamcast.backtest.SeriesCsv;
import io.streamcast.backtest.SeriesPoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --columns}, shared by the commands that read series CSVs: which header names hold the series, ts and value. */
final class CsvColumnsOption {
    @Option(
            names = "--columns",
            paramLabel = "ROLE=NAME,...",
            description = "The CSV's columns by header name, when they are not series, ts and value:"
                    + " ts=NAME and value=NAME, and series=NAME for a file of many series, joined by commas"
                    + " (without series= the file is one series, named after it). Other columns are features."
                    + " A file of two columns, times then numbers, needs none.")
    String columns;

    /** The file's series, after a line saying how its columns were taken when its header is not the standard one. */
    Map<String, List<SeriesPoint>> read(Path csv) {
        CsvColumns named = columns == null ? null : CsvColumns.parse(columns);
        Map<String, List<SeriesPoint>> series = SeriesCsv.read(csv, named);
        String taken = SeriesCsv.columnsTaken(csv, named);
        if (taken != null) {
            System.out.println(csv.getFileName() + ": " + taken);
        }
        return series;
    }
}
