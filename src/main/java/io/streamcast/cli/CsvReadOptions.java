package io.streamcast.cli;

import io.streamcast.backtest.CsvColumns;
import io.streamcast.backtest.SeriesCsv;
import io.streamcast.backtest.SeriesJsonLines;
import io.streamcast.backtest.SeriesPoint;
import io.streamcast.backtest.TsFormat;
import io.streamcast.config.ConfigException;
import io.streamcast.config.Zones;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * How the commands that read series CSVs read them: {@code --columns} (which header names hold the
 * series, ts and value) and {@code --zone} (the time zone of timestamps written without an offset).
 */
final class CsvReadOptions {
    @Option(
            names = "--columns",
            paramLabel = "ROLE=NAME,...",
            description = "The CSV's columns by header name (or a JSON lines file's fields), when they are not"
                    + " series, ts and value:"
                    + " ts=NAME and value=NAME, and series=NAME for a file of many series, joined by commas"
                    + " (without series= the file is one series, named after it). Other columns are features."
                    + " value=* reads a wide file: every column but ts a series named by its header, an empty"
                    + " or NA cell a missing value. A file of two columns, times then numbers, needs none.")
    String columns;

    @Option(
            names = "--zone",
            paramLabel = "ZONE",
            description = "Time zone of timestamps the CSV writes without an offset (2024-03-31 02:00:00, as"
                    + " pandas and spreadsheets write local time; a date alone is its midnight there):"
                    + " Europe/Berlin, UTC, +01:00. Default: the topology's zone; without either a local"
                    + " time is refused, as the service refuses one, and a date is its midnight in UTC.")
    String zone;

    @Option(
            names = "--epoch-unit",
            paramLabel = "UNIT",
            defaultValue = "auto",
            description = "What a numeric ts counts, whole or with a fraction: millis (as the service reads one),"
                    + " seconds (as Unix tools, Python's time.time() and many exports write it), days (spreadsheet day"
                    + " numbers: 43831 is 2020-01-01), or auto (default): days when every ts lies between 10000 and"
                    + " 73051 (1927-2099), else seconds when every ts is a number below 10^11, which as milliseconds"
                    + " would all fall before March 1973.")
    String epochUnit;

    @Option(
            names = "--ts-format",
            paramLabel = "FMT",
            description = "How the CSV writes its timestamps when not as ISO-8601 or epoch numbers: a Java"
                    + " date-time pattern, as US spreadsheets write them MM/dd/yyyy HH:mm. Local times"
                    + " need --zone or the topology's zone.")
    String tsFormat;

    /** The file's series, after a line saying how its columns were taken when its header is not the standard one. */
    Map<String, List<SeriesPoint>> read(Path csv) {
        return read(csv, null, false, null);
    }

    /**
     * As {@link #read(Path)}, timestamps without an offset in {@code --zone}, or else in {@code
     * topologyZone} (the topology's {@code zone}; null when it names none), as the topology's
     * service would read them from its input topic; rows of a series at one ts all kept where
     * {@code readingsShareTs} (the topology aggregates them: {@link SeriesCsv.Reading}); of the
     * feature columns only {@code featuresRead} (the topology's {@code features}; null: all), the
     * others named in a line.
     */
    Map<String, List<SeriesPoint>> read(
            Path csv, ZoneId topologyZone, boolean readingsShareTs, Set<String> featuresRead) {
        if (SeriesJsonLines.isJsonLines(csv)) {
            return readJsonLines(csv, topologyZone, readingsShareTs, featuresRead);
        }
        CsvColumns named = columns == null ? null : CsvColumns.parse(columns);
        ZoneId given = zone();
        TsFormat format = tsFormat == null ? null : TsFormat.of(tsFormat);
        SeriesCsv.SeriesFile file = SeriesCsv.readFile(
                csv,
                new SeriesCsv.Reading(
                        named,
                        given != null ? given : topologyZone,
                        epochUnit(),
                        format,
                        readingsShareTs,
                        featuresRead));
        Map<String, List<SeriesPoint>> series = file.series();
        if (file.spreadsheetDays()) {
            System.out.println(
                    csv.getFileName() + ": numeric ts read as spreadsheet day numbers (days since 1899-12-30,"
                            + " as spreadsheets store dates"
                            + ("auto".equals(epochUnit.strip())
                                    ? "; every one between 10000 and 73051, 1927 to 2099: as epoch seconds all would fall"
                                            + " within one day of 1970; --epoch-unit seconds reads them so)"
                                    : ")"));
        }
        if (file.epochSeconds()) {
            System.out.println(csv.getFileName() + ": numeric ts read as epoch seconds"
                    + ("auto".equals(epochUnit.strip())
                            ? " (every one below 10^11: as milliseconds all would fall before March 1973;"
                                    + " --epoch-unit millis reads them so)"
                            : ""));
        }
        String taken = SeriesCsv.columnsTaken(csv, named, format);
        if (taken != null) {
            System.out.println(csv.getFileName() + ": " + taken);
        }
        if (!file.featuresNotRead().isEmpty()) {
            System.out.println(csv.getFileName() + ": " + notRead("column", file.featuresNotRead()));
        }
        if (file.repeatedHeaders() > 0) {
            System.out.println(csv.getFileName() + ": " + file.repeatedHeaders() + " line"
                    + (file.repeatedHeaders() == 1 ? "" : "s") + " repeating the header skipped (the first on line "
                    + file.firstRepeatedHeader() + "), as files joined end to end carry them");
        }
        if (file.missingValues() > 0) {
            System.out.println(csv.getFileName() + ": " + missingLine(file.missingValues(), file.missingMarks()));
        }
        return series;
    }

    /**
     * A file of JSON lines ({@link SeriesJsonLines}): the input topic's messages, read as the
     * service reads them, so the options that say how timestamps are written are refused rather
     * than ignored; or, with {@code --columns}, objects of other fields made into such messages.
     */
    private Map<String, List<SeriesPoint>> readJsonLines(
            Path file, ZoneId topologyZone, boolean readingsShareTs, Set<String> featuresRead) {
        if (columns == null) {
            for (String[] option : new String[][] {
                {"--ts-format", tsFormat}, {"--epoch-unit", "auto".equals(epochUnit.strip()) ? null : epochUnit}
            }) {
                if (option[1] != null) {
                    throw new ConfigException(file.getFileName() + " holds the input topic's messages, one a line,"
                            + " read as the service reads them (a numeric ts is epoch milliseconds): " + option[0]
                            + " applies to lines of other fields, named with --columns");
                }
            }
        }
        ZoneId given = zone();
        ZoneId zone = given != null ? given : topologyZone;
        SeriesJsonLines.Fields fields = columns == null
                ? null
                : new SeriesJsonLines.Fields(
                        CsvColumns.parse(columns), epochUnit(), tsFormat == null ? null : TsFormat.of(tsFormat), zone);
        SeriesJsonLines.Dump dump = SeriesJsonLines.read(file, zone, readingsShareTs, featuresRead, fields);
        int observations = dump.series().values().stream().mapToInt(List::size).sum();
        System.out.println(file.getFileName() + ": " + observations + " observation" + (observations == 1 ? "" : "s")
                + " of " + dump.series().size() + " series "
                + (fields == null
                        ? "read as the input topic's messages, one a line"
                        : "from JSON lines, " + fieldsTaken(fields.columns())));
        if (dump.leftOutLine() != null) {
            System.out.println(file.getFileName() + ": " + dump.leftOutLine());
        }
        if (!dump.featuresNotRead().isEmpty()) {
            System.out.println(file.getFileName() + ": " + notRead("feature", dump.featuresNotRead()));
        }
        return dump.series();
    }

    /** {@code field 'time' as ts, 'temp' as value, 'device' as the series, other numeric fields as features}. */
    private static String fieldsTaken(CsvColumns named) {
        return "field '" + named.ts() + "' as ts, '" + named.value() + "' as value, "
                + (named.series() == null
                        ? "the key or the file's name as the series"
                        : "'" + named.series() + "' as the series")
                + ", other numeric fields as features";
    }

    /** {@code columns a, b not read: the topology's features do not name them}. */
    private static String notRead(String kind, List<String> names) {
        return kind + (names.size() == 1 ? " " : "s ") + String.join(", ", names)
                + " not read: the topology's features do not name " + (names.size() == 1 ? "it" : "them");
    }

    /**
     * What was done with the values a file marks missing, how it wrote them: {@code 9 missing values
     * (NA) left out: those steps have no reading, ...}.
     */
    private static String missingLine(int count, Set<String> marks) {
        String written =
                marks.stream().map(mark -> mark.isEmpty() ? "empty" : mark).collect(Collectors.joining(", "));
        return count + " missing value" + (count == 1 ? "" : "s") + " (" + written + ") left out: "
                + (count == 1 ? "that step has" : "those steps have")
                + " no reading, as when a live reading is never sent";
    }

    private SeriesCsv.EpochUnit epochUnit() {
        return switch (epochUnit.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> SeriesCsv.EpochUnit.AUTO;
            case "seconds", "s" -> SeriesCsv.EpochUnit.SECONDS;
            case "millis", "ms", "milliseconds" -> SeriesCsv.EpochUnit.MILLISECONDS;
            case "days", "spreadsheet-days" -> SeriesCsv.EpochUnit.DAYS;
            default ->
                throw new IllegalArgumentException(
                        "--epoch-unit: '" + epochUnit + "' is not auto, seconds, millis or days");
        };
    }

    private ZoneId zone() {
        return Zones.parse(zone, "--zone");
    }
}
