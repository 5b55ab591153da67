package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesCsvTest {
    @TempDir
    Path dir;

    @Test
    void readsSeriesInOrderOfFirstAppearanceWithPointsSortedByTs() throws IOException {
        Path csv = write(
                "series,ts,value",
                "b,2024-01-01T02:00:00Z,3",
                "a,2024-01-01T01:00:00Z,2.5",
                "b,2024-01-01T00:00:00Z,1",
                "",
                "a,2024-01-01T00:00:00Z,-4e-1");

        Map<String, List<SeriesPoint>> series = SeriesCsv.read(csv);

        assertEquals(List.of("b", "a"), List.copyOf(series.keySet()));
        assertEquals(List.of(point("2024-01-01T00:00:00Z", 1), point("2024-01-01T02:00:00Z", 3)), series.get("b"));
        assertEquals(List.of(point("2024-01-01T00:00:00Z", -0.4), point("2024-01-01T01:00:00Z", 2.5)), series.get("a"));
    }

    @Test
    void cutAtAnInstantKeepsPointsUpToItAndDropsSeriesWithNoneLeft() throws IOException {
        Path csv = write(
                "series,ts,value",
                "late,2024-01-01T05:00:00Z,9",
                "b,2024-01-01T00:00:00Z,1",
                "b,2024-01-01T01:00:00Z,2",
                "b,2024-01-01T02:00:00Z,3");
        Map<String, List<SeriesPoint>> all = SeriesCsv.read(csv);

        Map<String, List<SeriesPoint>> cut = SeriesCsv.upTo(all, Instant.parse("2024-01-01T01:00:00Z"));

        assertEquals(List.of("b"), List.copyOf(cut.keySet()));
        assertEquals(List.of(point("2024-01-01T00:00:00Z", 1), point("2024-01-01T01:00:00Z", 2)), cut.get("b"));
        assertEquals(all, SeriesCsv.upTo(all, null));
    }

    @Test
    void acceptsEpochMillisecondsQuotedSeriesIdsAndAByteOrderMark() throws IOException {
        Path csv = write(
                "\uFEFFseries,ts,value",
                "\"plant 3, line \"\"A\"\"\",1704067200000,7",
                "\"plant 3, line \"\"A\"\"\",2024-01-01T01:00:00Z,8");

        Map<String, List<SeriesPoint>> series = SeriesCsv.read(csv);

        assertEquals(
                List.of(point("2024-01-01T00:00:00Z", 7), point("2024-01-01T01:00:00Z", 8)),
                series.get("plant 3, line \"A\""));
    }

    @Test
    void oneSeriesWithoutASeriesColumnIsNamedAfterItsFile() throws IOException {
        Path csv = dir.resolve("AirPassengers.csv");
        Files.writeString(csv, "ts,value,promo\n1949-02-01,118,1\n1949-01-01,112,\n");

        Map<String, List<SeriesPoint>> series = SeriesCsv.read(csv);

        assertEquals(List.of("AirPassengers"), List.copyOf(series.keySet()));
        assertEquals(
                List.of(
                        point("1949-01-01T00:00:00Z", 112),
                        new SeriesPoint(Instant.parse("1949-02-01T00:00:00Z"), 118, Map.of("promo", 1.0))),
                series.get("AirPassengers"));
        Files.writeString(csv, "ts,value\n1949-01-01,112,5\n");
        assertProblem(csv, ":2: expected 2 fields (ts,value) but found 3");
    }

    @Test
    void twoColumnsUnderOtherNamesAreTimesThenValuesWhenTheFirstRowSaysSo() throws IOException {
        // The AirPassengers file most tutorials download, exactly as written there.
        Path csv = dir.resolve("AirPassengers.csv");
        Files.writeString(csv, "Month,#Passengers\n1949-01,112\n1949-02,118\n");

        assertEquals(
                Map.of(
                        "AirPassengers",
                        List.of(point("1949-01-01T00:00:00Z", 112), point("1949-02-01T00:00:00Z", 118))),
                SeriesCsv.read(csv));
        assertEquals(
                "column 'Month' read as ts, '#Passengers' as value, one series named 'AirPassengers' after the file",
                SeriesCsv.columnsTaken(csv, null));

        Files.writeString(csv, "1949-01,112\n1949-02,118\n");
        assertEquals(
                Map.of(
                        "AirPassengers",
                        List.of(point("1949-01-01T00:00:00Z", 112), point("1949-02-01T00:00:00Z", 118))),
                SeriesCsv.read(csv),
                "no header: line 1 is data, not lost");
        assertTrue(SeriesCsv.columnsTaken(csv, null).startsWith("no header"));

        // Anything less certain is refused rather than guessed: a value first, a name first, three columns.
        assertProblem(write("value,Month", "112,1949-01"), ":1: expected header 'series,ts,value'");
        assertProblem(write("name,reading", "pump,1"), ":1: expected header 'series,ts,value'");
        assertProblem(
                write("date,store,sales", "2024-01-01,a,1"),
                "but found 'date,store,sales'; name the columns with --columns ts=COLUMN,value=COLUMN");
    }

    @Test
    void namedColumnsInAnyOrderWithTheRestAsFeatures() throws IOException {
        Path csv =
                write("Date,sales,store,promo", "2024-01-02,5,north,1", "2024-01-01,4,north,", "2024-01-01,9,south,0");
        CsvColumns columns = CsvColumns.parse("series=store,ts=date,value=sales");

        Map<String, List<SeriesPoint>> series = SeriesCsv.read(csv, columns);

        assertEquals(List.of("north", "south"), List.copyOf(series.keySet()));
        assertEquals(
                List.of(
                        point("2024-01-01T00:00:00Z", 4),
                        new SeriesPoint(Instant.parse("2024-01-02T00:00:00Z"), 5, Map.of("promo", 1.0))),
                series.get("north"));
        assertEquals(
                "column 'Date' read as ts, 'sales' as value, 'store' as the series, promo as features",
                SeriesCsv.columnsTaken(csv, columns));
        Path shortRow = write("Date,sales,store", "2024-01-01,4");
        BacktestInputException fields =
                assertThrows(BacktestInputException.class, () -> SeriesCsv.read(shortRow, columns));
        assertTrue(
                fields.getMessage().endsWith(":2: expected 3 fields (Date,sales,store) but found 2"),
                fields.getMessage());
        BacktestInputException missing = assertThrows(
                BacktestInputException.class, () -> SeriesCsv.read(csv, CsvColumns.parse("ts=day,value=sales")));
        assertTrue(
                missing.getMessage()
                        .endsWith(":1: --columns names column 'day', but the header is 'Date,sales,store,promo'"),
                missing.getMessage());
        // Without a series column the file is one series, and a text column cannot be a feature.
        BacktestInputException text = assertThrows(
                BacktestInputException.class, () -> SeriesCsv.read(csv, CsvColumns.parse("ts=date,value=sales")));
        assertTrue(text.getMessage().contains(":2: bad feature store 'north': not a number"), text.getMessage());
    }

    /**
     * A wide file, as pandas writes a frame with a column per series: every column but the
     * timestamp's is a series named by its header, an empty cell a value that series lacks.
     * Without {@code value=*} the file is refused with the option that reads it.
     */
    @Test
    void aWideFileIsASeriesPerColumnWhenValueIsEveryOtherColumn() throws IOException {
        Path csv = write("date,ATL,ORD,DFW", "2001-01-01,10,20,", "2001-01-02,11,,31", "2001-01-03,12,22,32");
        Map<String, List<SeriesPoint>> read = SeriesCsv.read(csv, CsvColumns.parse("ts=date,value=*"));

        assertEquals(List.of("ATL", "ORD", "DFW"), List.copyOf(read.keySet()));
        Instant day = Instant.parse("2001-01-01T00:00:00Z");
        assertEquals(
                List.of(
                        new SeriesPoint(day, 10),
                        new SeriesPoint(day.plusSeconds(86_400), 11),
                        new SeriesPoint(day.plusSeconds(2 * 86_400), 12)),
                read.get("ATL"));
        assertEquals(
                List.of(new SeriesPoint(day, 20), new SeriesPoint(day.plusSeconds(2 * 86_400), 22)), read.get("ORD"));
        assertEquals(2, read.get("DFW").size());
        assertEquals(
                "column 'date' read as ts, each other column a series named by its header (3: ATL, ORD, DFW), an"
                        + " empty or NA cell a missing value",
                SeriesCsv.columnsTaken(csv, CsvColumns.parse("ts=date,value=*")));

        assertProblem(
                csv,
                ":1: expected header 'series,ts,value', or 'ts,value' for one series named after the file (then"
                        + " feature columns, each named once), but found 'date,ATL,ORD,DFW'; name the columns with"
                        + " --columns ts=COLUMN,value=COLUMN[,series=COLUMN], or, if each column after 'date' is a"
                        + " series of its own (a wide file), --columns ts=date,value=*");
        Path unnamed = write("date,ATL,", "2001-01-01,10,20");
        BacktestInputException e = assertThrows(
                BacktestInputException.class, () -> SeriesCsv.read(unnamed, CsvColumns.parse("ts=date,value=*")));
        assertTrue(
                e.getMessage()
                        .endsWith(":1: with value=* every column but ts is a series named by its header, so"
                                + " each needs a name, used once, but they are 'ATL,'"),
                e.getMessage());
    }

    @Test
    void columnsOptionSaysWhatIsWrongInOneLine() {
        assertEquals(new CsvColumns(null, "Month", "#Passengers"), CsvColumns.parse("value=#Passengers,ts=Month"));
        for (String[] bad : new String[][] {
            {"ts=Month", "needs ts= and value="},
            {"ts=a,value=b,time=c", "'time=c' is not series=, ts= or value="},
            {"ts=,value=b", "ts= names no column"},
            {"ts=a,value=b,ts=c", "ts= given twice"},
            {"ts=a,value=a", "one column for two roles"},
            {"ts=a,value=*,series=b", "series= has no place beside it"},
        }) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> CsvColumns.parse(bad[0]), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
            assertTrue(e.getMessage().startsWith("--columns"), e.getMessage());
        }
    }

    /**
     * pandas writes a naive (local) index as {@code 2024-10-27 02:00:00}, without an offset: refused
     * as the service refuses it, with the way out in the line; with the file's zone each local time
     * is its instant, across both daylight-saving changes: the spring hour that does not exist is
     * not in the data, the autumn hour that occurs twice is written twice and read as two hours.
     */
    @Test
    void localTimesWithoutAnOffsetTakeTheFilesZone() throws IOException {
        Path csv = dir.resolve("meter.csv");
        Files.writeString(
                csv,
                "date,kwh\n2024-03-31 01:00:00,1\n2024-03-31 03:00:00,2\n"
                        + "2024-10-27 01:00:00,3\n2024-10-27 02:00:00,4\n2024-10-27 02:00:00,5\n2024-10-27 03:00:00,6\n");

        assertProblem(
                csv,
                ":2: bad ts '2024-03-31 01:00:00': a date and time without an offset: add Z for UTC or an offset such"
                        + " as +01:00, or give the file's time zone: --zone Europe/Berlin");
        List<SeriesPoint> read =
                SeriesCsv.read(csv, null, java.time.ZoneId.of("Europe/Berlin")).get("meter");
        assertEquals(
                List.of(
                        point("2024-03-31T00:00:00Z", 1),
                        point("2024-03-31T01:00:00Z", 2),
                        point("2024-10-26T23:00:00Z", 3),
                        point("2024-10-27T00:00:00Z", 4),
                        point("2024-10-27T01:00:00Z", 5),
                        point("2024-10-27T02:00:00Z", 6)),
                read,
                "consecutive hours in UTC");
        assertEquals(
                List.of(point("2024-03-31T01:00:00Z", 1)),
                SeriesCsv.read(write("ts,value", "2024-03-31T01:00:00Z,1"), null, java.time.ZoneId.of("Europe/Berlin"))
                        .values()
                        .iterator()
                        .next(),
                "an instant with its offset is itself, whatever the zone");
        assertEquals(
                List.of(point("2024-03-03T23:00:00Z", 1), point("2024-05-31T22:00:00Z", 2)),
                SeriesCsv.read(
                                write("ts,value", "2024-03-04,1", "2024-06,2"),
                                null,
                                java.time.ZoneId.of("Europe/Berlin"))
                        .values()
                        .iterator()
                        .next(),
                "a date or a month alone begins at midnight in the zone");
        assertEquals(
                List.of(point("2024-03-04T00:00:00Z", 1)),
                SeriesCsv.read(write("ts,value", "2024-03-04,1"), null, null)
                        .values()
                        .iterator()
                        .next(),
                "and in UTC without one");
    }

    /**
     * Seattle's hourly climate normals (vega-datasets) are written in local standard time all
     * year: the file has 02:00 on the night clocks skip it. Read in America/Los_Angeles that hour
     * moved onto 03:00 and the file was refused as a duplicate, naming aggregation; it is now
     * refused at the skipped time with the fixed offset that reads it, and read one to one with it.
     * The same with the file's own pattern.
     */
    @Test
    void aLocalTimeTheZoneSkipsIsRefusedWithTheFixedOffsetThatReadsIt() throws IOException {
        Path csv = dir.resolve("normals.csv");
        Files.writeString(
                csv, "date,temperature\n2010-03-14T01:00:00,6.4\n2010-03-14T02:00:00,6.1\n2010-03-14T03:00:00,5.9\n");
        java.time.ZoneId losAngeles = java.time.ZoneId.of("America/Los_Angeles");
        BacktestInputException e =
                assertThrows(BacktestInputException.class, () -> SeriesCsv.read(csv, null, losAngeles));
        assertTrue(
                e.getMessage()
                        .endsWith(":3: bad ts '2010-03-14T02:00:00': no such time in America/Los_Angeles, whose"
                                + " clocks went from 02:00 to 03:00 that night, so this file's clock does not change"
                                + " for summer time: give its fixed offset, --zone -08:00"),
                e.getMessage());
        assertEquals(
                List.of(
                        point("2010-03-14T09:00:00Z", 6.4),
                        point("2010-03-14T10:00:00Z", 6.1),
                        point("2010-03-14T11:00:00Z", 5.9)),
                SeriesCsv.read(csv, null, java.time.ZoneId.of("-08:00")).get("normals"));

        Path written = write("ts,value", "03/14/2010 02:00,6.1");
        BacktestInputException patterned = assertThrows(
                BacktestInputException.class,
                () -> SeriesCsv.readFile(
                        written,
                        new SeriesCsv.Reading(
                                null, losAngeles, SeriesCsv.EpochUnit.AUTO, TsFormat.of("MM/dd/yyyy HH:mm"))));
        assertTrue(patterned.getMessage().contains("--zone -08:00"), patterned.getMessage());
    }

    /** Spreadsheets where the comma is the decimal mark separate fields with semicolons; some export tabs. */
    @Test
    void semicolonsWithDecimalCommasAndTabsAreReadToo() throws IOException {
        Path csv = dir.resolve("AirPassengers.csv");
        Files.writeString(csv, "Month;Passengers\n1949-01;112,5\n1949-02;118\n");
        assertEquals(
                Map.of(
                        "AirPassengers",
                        List.of(point("1949-01-01T00:00:00Z", 112.5), point("1949-02-01T00:00:00Z", 118))),
                SeriesCsv.read(csv));
        Files.writeString(csv, "series;ts;value;promo\nair;1949-01;112,5;0,25\n");
        assertEquals(
                List.of(new SeriesPoint(Instant.parse("1949-01-01T00:00:00Z"), 112.5, Map.of("promo", 0.25))),
                SeriesCsv.read(csv).get("air"));
        Files.writeString(csv, "series\tts\tvalue\nair\t1949-01\t112.5\n");
        assertEquals(
                List.of(point("1949-01-01T00:00:00Z", 112.5)),
                SeriesCsv.read(csv).get("air"));
        // A comma inside a number of a comma-separated file is still a field too many.
        Files.writeString(csv, "ts,value\n1949-01,112,5\n");
        assertProblem(csv, ":2: expected 2 fields (ts,value) but found 3");
        // Quoted with its thousands grouped, as a spreadsheet exports what it displays.
        Files.writeString(csv, "ts,value\n1949-01,\"1,234.5\"\n1949-02,\"-12,345,678\"\n1949-03,\"1,2345\"\n");
        assertProblem(csv, ":4: bad value '1,2345': not a number");
        Files.writeString(csv, "ts,value\n1949-01,\"1,234.5\"\n1949-02,\"-12,345,678\"\n");
        assertEquals(
                List.of(point("1949-01-01T00:00:00Z", 1234.5), point("1949-02-01T00:00:00Z", -12_345_678)),
                SeriesCsv.read(csv).get("AirPassengers"));
    }

    @Test
    void missingHeaderIsReportedOnLineOne() throws IOException {
        Path csv = write("s1,2024-01-01T00:00:00Z,1");
        assertProblem(csv, ":1: expected header 'series,ts,value'");
    }

    @Test
    void badNumberNamesTheLine() throws IOException {
        Path csv = write("series,ts,value", "s,2024-01-01T00:00:00Z,1", "s,2024-01-01T01:00:00Z,12,5");
        assertProblem(csv, ":3: expected 3 fields");
        Path csv2 = write("series,ts,value", "s,2024-01-01T00:00:00Z,1", "s,2024-01-01T01:00:00Z,abc");
        assertProblem(csv2, ":3: bad value 'abc': not a number");
        Path csv3 = write("series,ts,value", "s,2024-01-01T00:00:00Z,Infinity");
        assertProblem(csv3, ":2: bad value 'Infinity': not a finite number");
    }

    /**
     * A value missing as R ({@code NA}), pandas and spreadsheets (empty, {@code #N/A}) and numpy
     * ({@code nan}) write it is a step without a reading, as a live series' reading never sent:
     * the row is left out and counted, in long and wide files alike, so a file with gaps reads as
     * the same file without those rows. Text that is neither a number nor such a mark is still refused.
     */
    @Test
    void valuesMarkedMissingAreLeftOutAndCountedAsRAndPandasWriteThem() throws IOException {
        Path marked = write(
                "series,ts,value",
                "s,2024-01-01T00:00:00Z,1",
                "s,2024-01-01T01:00:00Z,NA",
                "s,2024-01-01T02:00:00Z,",
                "s,2024-01-01T03:00:00Z,nan",
                "s,2024-01-01T04:00:00Z,#N/A",
                "s,2024-01-01T05:00:00Z,5",
                "t,2024-01-01T00:00:00Z,NULL",
                "t,2024-01-01T01:00:00Z,7");
        Path without = write(
                "series,ts,value", "s,2024-01-01T00:00:00Z,1", "s,2024-01-01T05:00:00Z,5", "t,2024-01-01T01:00:00Z,7");

        SeriesCsv.SeriesFile file =
                SeriesCsv.readFile(marked, new SeriesCsv.Reading(null, null, SeriesCsv.EpochUnit.AUTO, null));
        assertEquals(SeriesCsv.read(without), file.series());
        assertEquals(5, file.missingValues());
        assertEquals(Set.of("", "NA", "nan", "#N/A", "NULL"), file.missingMarks());

        Path wide = write("date,ATL,ORD", "2001-01-01,10,NA", "2001-01-02,NA,21", "2001-01-03,12,22");
        SeriesCsv.SeriesFile wideFile = SeriesCsv.readFile(
                wide, new SeriesCsv.Reading(CsvColumns.parse("ts=date,value=*"), null, SeriesCsv.EpochUnit.AUTO, null));
        assertEquals(
                List.of(2, 2),
                wideFile.series().values().stream().map(List::size).toList());
        assertEquals(2, wideFile.missingValues());

        Path feature = write("series,ts,value,price", "s,2024-01-01T00:00:00Z,1,NA", "s,2024-01-01T01:00:00Z,2,3.5");
        assertEquals(
                List.of(Map.of(), Map.of("price", 3.5)),
                SeriesCsv.read(feature).get("s").stream()
                        .map(SeriesPoint::features)
                        .toList());

        assertProblem(
                write("series,ts,value", "s,2024-01-01T00:00:00Z,missing"), ":2: bad value 'missing': not a number");
    }

    /** Quarterly data labelled as statistics offices and R's yearqtr write it: each quarter's first day. */
    @Test
    void quarterLabelsAreTheirQuartersFirstDay() throws IOException {
        assertEquals(
                List.of(
                        point("2023-10-01T00:00:00Z", 1),
                        point("2024-01-01T00:00:00Z", 2),
                        point("2024-04-01T00:00:00Z", 3),
                        point("2024-07-01T00:00:00Z", 4)),
                SeriesCsv.read(write("ts,value", "2023-Q4,1", "2024Q1,2", "2024 Q2,3", "2024-q3,4"))
                        .values()
                        .iterator()
                        .next());
        assertProblem(write("ts,value", "2024-Q5,1"), ":2: bad ts '2024-Q5'");
        Path gdp = dir.resolve("gdp.csv");
        Files.writeString(gdp, "Quarter,GDP\n2023-Q4,1.5\n2024-Q1,2\n");
        assertEquals(
                Map.of("gdp", List.of(point("2023-10-01T00:00:00Z", 1.5), point("2024-01-01T00:00:00Z", 2))),
                SeriesCsv.read(gdp),
                "two columns under other names, times then numbers");
    }

    @Test
    void aRowWithoutATimeSaysSo() throws IOException {
        assertProblem(
                write("ts,value", "1949-01,112", "1949-02,118", ",230"),
                ":4: no ts: a row without a time (a total or a note?) is no observation; remove it");
    }

    @Test
    void badTimestampNamesTheLine() throws IOException {
        Path csv = write("series,ts,value", "s,2024-01-01T00:00:00Z,1", "s,2024-13-01 00:00,2");
        assertProblem(csv, ":3: bad ts '2024-13-01 00:00'");
    }

    /**
     * A file's timestamps are read as the service reads an observation's {@code ts} from the input
     * topic: an offset is converted, and an epoch beyond what the service takes (19 digits) is
     * refused here too, instead of backtesting rows that streaming the same file would dead-letter.
     */
    @Test
    void timestampsAreReadAsTheServiceReadsThem() throws IOException {
        Path csv = write("series,ts,value", "s,2024-01-01T02:00:00+02:00,1", "s,1704070800000,2");
        assertEquals(
                List.of(point("2024-01-01T00:00:00Z", 1), point("2024-01-01T01:00:00Z", 2)),
                SeriesCsv.read(csv).get("s"));
        Path tooLong = write("series,ts,value", "s,1000000000000000000,1");
        assertProblem(tooLong, ":2: bad ts '1000000000000000000'");
    }

    @Test
    void duplicateTimestampInASeriesNamesBothLines() throws IOException {
        Path csv =
                write("series,ts,value", "s,2024-01-01T00:00:00Z,1", "t,2024-01-01T00:00:00Z,1", "s,1704067200000,2");
        assertProblem(csv, ":4: duplicate ts 2024-01-01T00:00:00Z in series 's' (first on line 2)");
    }

    @Test
    void readingsToAggregateMayShareATsAndKeepTheirFileOrder() throws IOException {
        Path csv = write(
                "series,ts,value",
                "s,2024-01-01T00:01:00Z,3",
                "s,2024-01-01T00:00:00Z,1",
                "s,2024-01-01T00:01:00Z,2",
                "t,2024-01-01T00:01:00Z,5");
        assertEquals(
                List.of(
                        new SeriesPoint(Instant.parse("2024-01-01T00:00:00Z"), 1),
                        new SeriesPoint(Instant.parse("2024-01-01T00:01:00Z"), 3),
                        new SeriesPoint(Instant.parse("2024-01-01T00:01:00Z"), 2)),
                SeriesCsv.read(csv, true).get("s"));
        assertProblem(csv, ":4: duplicate ts 2024-01-01T00:01:00Z in series 's' (first on line 2)");
    }

    /**
     * A column the topology does not use as a feature is not read, so text in it (a weather
     * description beside the rainfall) cannot refuse the file; a feature it does use is read and
     * checked as before.
     */
    @Test
    void onlyTheFeaturesATopologyUsesAreRead() throws IOException {
        Path csv = write("ts,value,temp_max,weather", "2012-01-01,0.0,12.8,drizzle", "2012-01-02,10.9,10.6,rain");
        SeriesCsv.SeriesFile file = SeriesCsv.readFile(
                csv, new SeriesCsv.Reading(null, null, SeriesCsv.EpochUnit.AUTO, null, false, Set.of("temp_max")));
        List<SeriesPoint> points = file.series().values().iterator().next();
        assertEquals(Map.of("temp_max", 12.8), points.get(0).features());
        assertEquals(List.of("weather"), file.featuresNotRead());
        assertProblem(csv, ":2: bad feature weather 'drizzle': not a number");
    }

    @Test
    void columnsAfterTheValueAreFeaturesByHeaderNameAndAnEmptyCellIsMissing() throws IOException {
        Path csv =
                write("series,ts,value,price,promo", "s,2024-01-01T01:00:00Z,2,2.5,", "s,2024-01-01T00:00:00Z,1,2.0,1");
        List<SeriesPoint> s = SeriesCsv.read(csv).get("s");
        assertEquals(Map.of("price", 2.0, "promo", 1.0), s.get(0).features());
        assertEquals(Map.of("price", 2.5), s.get(1).features());
        assertEquals(
                "{\"ts\":\"2024-01-01T01:00:00Z\",\"value\":2.0,\"features\":{\"price\":2.5}}",
                s.get(1).toJson());
        assertEquals(
                "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1.0}",
                point("2024-01-01T00:00:00Z", 1).toJson());
    }

    @Test
    void badFeatureColumnsAndCellsAreNamed() throws IOException {
        assertProblem(
                write("series,ts,value,price", "s,2024-01-01T00:00:00Z,1,cheap"),
                ":2: bad feature price 'cheap': not a number");
        assertProblem(
                write("series,ts,value,price", "s,2024-01-01T00:00:00Z,1,Infinity"),
                ":2: bad feature price 'Infinity': not a finite number");
        assertProblem(
                write("series,ts,value,price", "s,2024-01-01T00:00:00Z,1"),
                ":2: expected 4 fields (series,ts,value and the header's features) but found 3");
        assertProblem(write("series,ts,value,price,price", "s,2024-01-01T00:00:00Z,1,1,1"), ":1: expected header");
        assertProblem(write("series,ts,value,", "s,2024-01-01T00:00:00Z,1,"), ":1: expected header");
    }

    @Test
    void headerWithoutRowsAndMissingFilesAreErrorsToo() throws IOException {
        assertProblem(write("series,ts,value"), ": no data rows");
        Path missing = dir.resolve("nope.csv");
        BacktestInputException e = assertThrows(BacktestInputException.class, () -> SeriesCsv.read(missing));
        assertTrue(e.getMessage().startsWith("cannot read " + missing), e.getMessage());
    }

    /**
     * Unix tools, databases and many exports write epoch seconds, the contract's live messages
     * milliseconds: read as milliseconds, a year of hourly readings in seconds fell within 1970's
     * first days, 3.6 s apart, every row after the first a duplicate step. A file whose every ts is
     * a whole number below 10^11 is read as seconds unless told otherwise.
     */
    @Test
    void epochSecondsAreTakenForSecondsWhenNothingElseFits() throws IOException {
        Path seconds = write("ts,value", "1262336400,39.2", "1262340000,39");
        SeriesCsv.SeriesFile auto =
                SeriesCsv.readFile(seconds, new SeriesCsv.Reading(null, null, SeriesCsv.EpochUnit.AUTO, null));
        assertTrue(auto.epochSeconds());
        assertEquals(
                List.of(point("2010-01-01T09:00:00Z", 39.2), point("2010-01-01T10:00:00Z", 39)),
                auto.series().values().iterator().next());
        SeriesCsv.SeriesFile millis =
                SeriesCsv.readFile(seconds, new SeriesCsv.Reading(null, null, SeriesCsv.EpochUnit.MILLISECONDS, null));
        assertEquals(false, millis.epochSeconds());
        assertEquals(
                Instant.parse("1970-01-15T14:38:56.400Z"),
                millis.series().values().iterator().next().get(0).ts());

        Path mixed = write("ts,value", "1262336400,1", "2010-01-01T10:00:00Z,2");
        assertEquals(
                false,
                SeriesCsv.readFile(mixed, new SeriesCsv.Reading(null, null, SeriesCsv.EpochUnit.AUTO, null))
                        .epochSeconds());
        SeriesCsv.SeriesFile forced =
                SeriesCsv.readFile(mixed, new SeriesCsv.Reading(null, null, SeriesCsv.EpochUnit.SECONDS, null));
        assertTrue(forced.epochSeconds());
        assertEquals(
                List.of(point("2010-01-01T09:00:00Z", 1), point("2010-01-01T10:00:00Z", 2)),
                forced.series().values().iterator().next());

        Path ms = write("ts,value", "1704067200000,7", "1704070800000,8");
        SeriesCsv.SeriesFile contract =
                SeriesCsv.readFile(ms, new SeriesCsv.Reading(null, null, SeriesCsv.EpochUnit.AUTO, null));
        assertEquals(false, contract.epochSeconds());
        assertEquals(
                Instant.parse("2024-01-01T00:00:00Z"),
                contract.series().values().iterator().next().get(0).ts());
        // With a fraction, as Python's time.time() and pandas' float columns write them.
        Path fractions = write("ts,value", "1262336400.0,39.2", "1262340000.25,39");
        SeriesCsv.SeriesFile decimal =
                SeriesCsv.readFile(fractions, new SeriesCsv.Reading(null, null, SeriesCsv.EpochUnit.AUTO, null));
        assertTrue(decimal.epochSeconds());
        assertEquals(
                List.of(point("2010-01-01T09:00:00Z", 39.2), point("2010-01-01T10:00:00.250Z", 39)),
                decimal.series().values().iterator().next());
        assertEquals(
                Instant.parse("2024-01-01T00:00:00.000250Z"),
                SeriesCsv.read(write("ts,value", "1704067200000.25,7"))
                        .values()
                        .iterator()
                        .next()
                        .get(0)
                        .ts(),
                "milliseconds with a fraction");
        // Before 1970 as seconds: AirPassengers' first month.
        assertEquals(
                Instant.parse("1949-01-01T00:00:00Z"),
                SeriesCsv.read(write("ts,value", "-662688000,112", "-660009600,118"))
                        .values()
                        .iterator()
                        .next()
                        .get(0)
                        .ts());
    }

    /**
     * vega-datasets' stocks.csv writes {@code Jan 1 2000}: the refusal names the pattern that reads
     * it, so a user need not compose one, and with it the file reads.
     */
    @Test
    void aTimestampWrittenAnotherWayIsRefusedWithThePatternThatReadsIt() throws IOException {
        Path stocks = write("symbol,date,price", "MSFT,Jan 1 2000,39.81", "MSFT,Feb 1 2000,36.35");
        CsvColumns columns = CsvColumns.parse("series=symbol,ts=date,value=price");
        BacktestInputException refused = assertThrows(
                BacktestInputException.class,
                () -> SeriesCsv.readFile(stocks, new SeriesCsv.Reading(columns, null, SeriesCsv.EpochUnit.AUTO, null)));
        assertTrue(
                refused.getMessage().endsWith("; written another way: --ts-format 'MMM d yyyy' reads it"),
                refused.getMessage());
        assertEquals(
                List.of(point("2000-01-01T00:00:00Z", 39.81), point("2000-02-01T00:00:00Z", 36.35)),
                SeriesCsv.readFile(
                                stocks,
                                new SeriesCsv.Reading(
                                        columns,
                                        null,
                                        SeriesCsv.EpochUnit.AUTO,
                                        TsFormat.of(TsFormat.guess("Jan 1 2000"))))
                        .series()
                        .get("MSFT"));
        assertEquals("dd.MM.yyyy HH:mm", TsFormat.guess("15.01.2024 13:00"));
        assertEquals("dd/MM/yyyy", TsFormat.guess("15/01/2024"), "a day past 12 reads day-first");
        assertEquals("d MMM yyyy", TsFormat.guess("9 May 2010"));
        assertEquals(null, TsFormat.guess("soon"));
    }

    /**
     * Spreadsheets write dates the way their locale does: {@code 01/15/2024 13:00} in the US,
     * {@code 15.01.2024} in Germany. Refused with a hint to say how; with {@code --ts-format} read,
     * local times in the file's zone, dates at its midnight; ISO-8601 rows still read as before.
     */
    @Test
    void timestampsInAFilesOwnFormatAreReadWithItsPattern() throws IOException {
        Path us = write("Date,Sales", "01/15/2024 13:00,112", "01/15/2024 14:00,118", "2024-01-15T15:00:00Z,120");
        assertProblem(
                us,
                ":1: expected header 'series,ts,value', or 'ts,value' for one series named after the file (then"
                        + " feature columns, each named once), but found 'Date,Sales'; name the columns with --columns"
                        + " ts=COLUMN,value=COLUMN[,series=COLUMN], or, if its first column is a time written another"
                        + " way ('01/15/2024 13:00'), --ts-format 'MM/dd/yyyy HH:mm' reads it (or 'dd/MM/yyyy HH:mm' if"
                        + " the day comes first)");
        Path usStandard = write("ts,value", "01/15/2024 13:00,112");
        assertProblem(
                usStandard,
                ":2: bad ts '01/15/2024 13:00': neither ISO-8601 (2024-01-01T00:00:00Z, 2024-01-01T01:00:00+01:00, a"
                        + " date 2024-01-01, a month 2024-01) nor epoch milliseconds within the range of a Java long;"
                        + " written another way: --ts-format 'MM/dd/yyyy HH:mm' reads it (or 'dd/MM/yyyy HH:mm' if the day"
                        + " comes first)");
        TsFormat format = TsFormat.of("MM/dd/yyyy HH:mm");
        BacktestInputException noZone = assertThrows(
                BacktestInputException.class,
                () -> SeriesCsv.readFile(us, new SeriesCsv.Reading(null, null, SeriesCsv.EpochUnit.AUTO, format)));
        assertTrue(
                noZone.getMessage()
                        .endsWith(
                                ":2: bad ts '01/15/2024 13:00': a date and time without an offset (--ts-format"
                                        + " 'MM/dd/yyyy HH:mm'): give the file's time zone: --zone Europe/Berlin, or --zone UTC"),
                noZone.getMessage());
        assertEquals(
                List.of(
                        point("2024-01-15T18:00:00Z", 112),
                        point("2024-01-15T19:00:00Z", 118),
                        point("2024-01-15T15:00:00Z", 120)),
                SeriesCsv.readFile(
                                us,
                                new SeriesCsv.Reading(
                                        null,
                                        java.time.ZoneId.of("America/New_York"),
                                        SeriesCsv.EpochUnit.AUTO,
                                        format))
                        .series()
                        .values()
                        .iterator()
                        .next()
                        .stream()
                        .sorted(java.util.Comparator.comparing(SeriesPoint::value))
                        .toList());
        assertEquals(
                "column 'Date' read as ts, 'Sales' as value, one series after the file",
                SeriesCsv.columnsTaken(us, null, format).replaceAll(" named '[^']*'", ""));

        Path german = write("Datum;Umsatz", "15.01.2024;112,5", "16.01.2024;118");
        assertEquals(
                List.of(point("2024-01-15T00:00:00Z", 112.5), point("2024-01-16T00:00:00Z", 118)),
                SeriesCsv.readFile(
                                german,
                                new SeriesCsv.Reading(null, null, SeriesCsv.EpochUnit.AUTO, TsFormat.of("dd.MM.yyyy")))
                        .series()
                        .values()
                        .iterator()
                        .next(),
                "a date alone is UTC's midnight without a zone");
        assertEquals(
                "--ts-format: 'MM/dd/yyyy pp' is not a date-time pattern",
                assertThrows(IllegalArgumentException.class, () -> TsFormat.of("MM/dd/yyyy pp"))
                        .getMessage()
                        .replaceAll(" \\(.*$", ""));
    }

    /**
     * Spreadsheets quote a field that holds the delimiter, a quote or a line break (a store's name
     * with its city, a note typed with Alt+Enter); such a field is one field, and a row after it is
     * counted from the line it starts on. A quote left open is named with its line.
     */
    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws IOException {
        Path csv = write(
                "series,ts,value,promo",
                "\"Store 12, Berlin\",2024-01-01T00:00:00Z,1,",
                "\"Store 12, Berlin\",2024-01-02T00:00:00Z,2,\"1\"",
                "\"the \"\"new\"\" one\",2024-01-01T00:00:00Z,\"3\",",
                "\"two",
                "lines\",2024-01-01T00:00:00Z,4,",
                "",
                "b,2024-01-01T00:00:00Z,x,");
        assertProblem(csv, ":8: bad value 'x'");
        Files.writeString(csv, Files.readString(csv).replace(",x,", ",5,"));
        Map<String, List<SeriesPoint>> read = SeriesCsv.read(csv);
        assertEquals(List.of("Store 12, Berlin", "the \"new\" one", "two\nlines", "b"), List.copyOf(read.keySet()));
        assertEquals(2, read.get("Store 12, Berlin").size());
        assertEquals(Map.of("promo", 1.0), read.get("Store 12, Berlin").get(1).features());
        assertEquals(4, read.get("two\nlines").get(0).value());

        assertProblem(write("series,ts,value", "a,2024-01-01T00:00:00Z,1", "\"b,2024-01-02T00:00:00Z,2"), ":3: ");
        assertProblem(write("series,ts,value", "\"a\"b,2024-01-01T00:00:00Z,1"), ":2: Unexpected character ('b'");
    }

    /**
     * Large data sets travel gzipped: a {@code .csv.gz} reads as the file it unpacks to, its one
     * series named without either extension, and a dump of JSON lines likewise; a file named so
     * that is not gzip data is refused in one line.
     */
    @Test
    void gzippedFilesReadAsTheFilesTheyUnpackTo() throws IOException {
        Path plain = dir.resolve("AirPassengers.csv");
        Files.writeString(plain, "ts,value\n1949-01,112\n1949-02,118\n");
        Path gzipped = dir.resolve("AirPassengers.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzipped))) {
            out.write(Files.readAllBytes(plain));
        }
        assertEquals(SeriesCsv.read(plain), SeriesCsv.read(gzipped));
        assertEquals(
                List.of("AirPassengers"), List.copyOf(SeriesCsv.read(gzipped).keySet()));

        Path dump = dir.resolve("meter.jsonl.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dump))) {
            out.write("{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1.5}\n"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertTrue(SeriesJsonLines.isJsonLines(dump));
        assertEquals(
                Map.of("meter", List.of(point("2024-01-01T00:00:00Z", 1.5))),
                SeriesJsonLines.read(
                                dump,
                                null,
                                false,
                                null,
                                new SeriesJsonLines.Fields(
                                        CsvColumns.parse("ts=ts,value=value"), SeriesCsv.EpochUnit.AUTO, null, null))
                        .series(),
                "the file's name as the series, without .jsonl.gz");

        Path notGzip = dir.resolve("data.csv.gz");
        Files.writeString(notGzip, "ts,value\n1949-01,112\n");
        BacktestInputException e = assertThrows(BacktestInputException.class, () -> SeriesCsv.read(notGzip));
        assertTrue(e.getMessage().contains("not gzip data, though named data.csv.gz"), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line");
    }

    /**
     * Files joined end to end ({@code cat a.csv b.csv}, each with its byte-order mark too) repeat
     * the header: such a line was refused as a bad ts ({@code bad ts 'ts'}); it is skipped and
     * counted, the first one's line kept for the command to name.
     */
    @Test
    void linesRepeatingTheHeaderAreSkippedAsFilesJoinedEndToEndCarryThem() throws IOException {
        Path joined = write(
                "series,ts,value",
                "a,2024-01-01T00:00:00Z,1",
                "\uFEFFseries,ts,value",
                "a,2024-01-01T01:00:00Z,2",
                "series , ts,value",
                "b,2024-01-01T00:00:00Z,3");
        SeriesCsv.SeriesFile file =
                SeriesCsv.readFile(joined, new SeriesCsv.Reading(null, null, SeriesCsv.EpochUnit.AUTO, null));
        assertEquals(
                Map.of(
                        "a",
                        List.of(point("2024-01-01T00:00:00Z", 1), point("2024-01-01T01:00:00Z", 2)),
                        "b",
                        List.of(point("2024-01-01T00:00:00Z", 3))),
                file.series());
        assertEquals(2, file.repeatedHeaders());
        assertEquals(3, file.firstRepeatedHeader());
        assertProblem(write("series,ts,value", "a,2024-01-01T00:00:00Z,1", "series,time,value"), ":3: bad ts 'time'");
    }

    /**
     * A spreadsheet exports a date cell not formatted as a date as its day number (43831 is
     * 2020-01-01): read as epoch seconds, AirPassengers' months all fell within 1970's first day,
     * 31 seconds apart. A file whose every ts lies between 10,000 and 73,051 (1927 to 2099) is read
     * as day numbers, the fraction the time of day, in the file's zone; {@code --epoch-unit} decides
     * otherwise.
     */
    @Test
    void spreadsheetDayNumbersAreReadAsTheDatesTheyNumber() throws IOException {
        Path excel = write("Month,Passengers", "17899,112", "17930,118", "43831.5,7");
        SeriesCsv.SeriesFile auto =
                SeriesCsv.readFile(excel, new SeriesCsv.Reading(null, null, SeriesCsv.EpochUnit.AUTO, null));
        assertTrue(auto.spreadsheetDays());
        assertFalse(auto.epochSeconds());
        assertEquals(
                List.of(
                        point("1949-01-01T00:00:00Z", 112),
                        point("1949-02-01T00:00:00Z", 118),
                        point("2020-01-01T12:00:00Z", 7)),
                auto.series().values().iterator().next());
        SeriesCsv.SeriesFile berlin = SeriesCsv.readFile(
                excel,
                new SeriesCsv.Reading(null, java.time.ZoneId.of("Europe/Berlin"), SeriesCsv.EpochUnit.AUTO, null));
        assertEquals(
                Instant.parse("1948-12-31T23:00:00Z"),
                berlin.series().values().iterator().next().get(0).ts());
        SeriesCsv.SeriesFile seconds =
                SeriesCsv.readFile(excel, new SeriesCsv.Reading(null, null, SeriesCsv.EpochUnit.SECONDS, null));
        assertFalse(seconds.spreadsheetDays());
        assertEquals(
                Instant.ofEpochSecond(17899),
                seconds.series().values().iterator().next().get(0).ts());
        SeriesCsv.SeriesFile forced = SeriesCsv.readFile(
                write("ts,value", "5,1", "6,2"), new SeriesCsv.Reading(null, null, SeriesCsv.EpochUnit.DAYS, null));
        assertEquals(
                Instant.parse("1900-01-04T00:00:00Z"),
                forced.series().values().iterator().next().get(0).ts());
        assertFalse(
                SeriesCsv.readFile(
                                write("ts,value", "9999,1", "10000,2"),
                                new SeriesCsv.Reading(null, null, SeriesCsv.EpochUnit.AUTO, null))
                        .spreadsheetDays(),
                "every ts in the range, or seconds as before");
    }

    private void assertProblem(Path csv, String expected) {
        BacktestInputException e = assertThrows(BacktestInputException.class, () -> SeriesCsv.read(csv));
        assertTrue(e.getMessage().startsWith(csv.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line");
    }

    private Path write(String... lines) throws IOException {
        Path csv = Files.createTempFile(dir, "data", ".csv");
        Files.writeString(csv, String.join("\n", lines) + "\n");
        return csv;
    }

    private static SeriesPoint point(String ts, double value) {
        return new SeriesPoint(Instant.parse(ts), value);
    }
}
