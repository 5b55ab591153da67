package io.streamcast.backtest;

import io.streamcast.ingest.Timestamps;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the backtest input CSV: header {@code series,ts,value}, one observation per row, rows in
 * any order; or, for one series, header {@code ts,value}, the series named after the file
 * ({@code AirPassengers.csv}: {@code AirPassengers}). {@code ts} as an observation's
 * ({@link Timestamps}: an instant with Z or an offset, a date, a month, epoch milliseconds);
 * {@code value} a finite number, or a value missing as R, pandas, numpy and spreadsheets write one
 * ({@link #missing}: the row is left out, its step missing as a live series' unsent reading); the
 * series id may be quoted. Blank lines are skipped. Columns after {@code value} are
 * covariates named by their header ({@code series,ts,value,promo,price}): a finite number, or
 * empty where the row has none; rows are observations whose {@code "features"} hold them. Files
 * with other column names are read as {@link CsvLayout} decides: named by {@link CsvColumns}, or a
 * file of two columns, timestamps then numbers, with any header or none. A wide file ({@code
 * --columns ts=date,value=*}) has a column per series, named by its header, an empty or missing
 * cell a value that series lacks.
 */
public final class SeriesCsv {
    /** With {@link EpochUnit#AUTO}, numbers in this range are spreadsheet day numbers: 1927 to 2099 (see there). */
    private static final BigDecimal FIRST_DAY_NUMBER = BigDecimal.valueOf(10_000);

    private static final BigDecimal LAST_DAY_NUMBER = BigDecimal.valueOf(73_051);
    /** Day 0 of spreadsheet day numbers (Excel's 1900 system, its leap-year bug included). */
    private static final LocalDateTime DAY_ZERO = LocalDateTime.of(1899, 12, 30, 0, 0);

    /** With {@link EpochUnit#AUTO}, numbers below this in size are epoch seconds (see there). */
    private static final BigDecimal SECONDS_BELOW = BigDecimal.valueOf(100_000_000_000L);
    /** An epoch number as files write one: whole, or with a fraction ({@code 1704067200.25}, Python's {@code time.time()}). */
    private static final Pattern EPOCH_NUMBER = Pattern.compile("-?\\d{1,18}(\\.\\d{1,9})?");

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
        return read(csv, null);
    }

    /** As {@link #read(Path)}, the columns named by {@code columns} (null: as the header says). */
    public static Map<String, List<SeriesPoint>> read(Path csv, CsvColumns columns) {
        return read(csv, columns, null);
    }

    /**
     * As {@link #read(Path, CsvColumns)}, a date and time without an offset read as local time in
     * {@code zone} (null: refused, as the service refuses one); a local time written twice in a
     * series, the autumn hour that occurs twice, is its earlier instant the first time and its
     * later one the second ({@link Timestamps#parse(String, ZoneId, boolean)}).
     */
    public static Map<String, List<SeriesPoint>> read(Path csv, CsvColumns columns, ZoneId zone) {
        return readFile(csv, new Reading(columns, zone, EpochUnit.AUTO, null)).series();
    }

    /**
     * As {@link #read(Path)}, several rows of a series at one ts taken (in file order) where {@code
     * readingsShareTs}: a topology that aggregates readings into steps counts two events of one
     * instant as two, as it does live.
     */
    public static Map<String, List<SeriesPoint>> read(Path csv, boolean readingsShareTs) {
        return readFile(csv, new Reading(null, null, EpochUnit.AUTO, null, readingsShareTs, null))
                .series();
    }

    /**
     * How to read a series file that is not written the standard way.
     *
     * @param columns   which columns hold the series, ts and value; null: as the header says
     * @param zone      where a timestamp without an offset is local time (and a date alone its
     *     midnight); null: such a time is refused and a date is UTC's
     * @param epochUnit what a numeric ts counts
     * @param tsFormat  the file's own date-time pattern; null: ISO-8601 and epoch numbers only
     * @param readingsShareTs true where rows are readings a topology aggregates into steps
     *     ({@code aggregate}): several of a series may have one ts (two departures in one minute),
     *     each kept, in file order; false where a row is its series' value at its ts, and a second
     *     is refused as a duplicate
     * @param featuresRead the feature columns to read, by name (a topology's {@code features}):
     *     the others are not read at all, so a column of text or notes the topology does not use
     *     cannot refuse the file; null: every feature column
     */
    public record Reading(
            CsvColumns columns,
            ZoneId zone,
            EpochUnit epochUnit,
            TsFormat tsFormat,
            boolean readingsShareTs,
            Set<String> featuresRead) {
        /** A file of one value per series and ts, every feature column read. */
        public Reading(CsvColumns columns, ZoneId zone, EpochUnit epochUnit, TsFormat tsFormat) {
            this(columns, zone, epochUnit, tsFormat, false, null);
        }
    }

    /**
     * What a numeric ts in a file counts: the contract's epoch milliseconds, or epoch seconds, as
     * Unix tools, databases and many exports write it, with a fraction too ({@code 1704067200.25}:
     * Python's {@code time.time()}, pandas' float columns). {@link #AUTO} takes a file whose every
     * ts is a number below 10^11 in size for seconds: as milliseconds all of them would fall within
     * 1970 to March 1973, as seconds they reach the year 5138.
     */
    public enum EpochUnit {
        AUTO,
        SECONDS,
        MILLISECONDS,
        /**
         * Spreadsheet day numbers: days since 1899-12-30, the fraction the time of day, as Excel,
         * LibreOffice and Google Sheets store a date and export it from a cell not formatted as
         * one (43831 is 2020-01-01), each a local date and time in the file's zone (else UTC).
         * {@link #AUTO} takes a file whose every ts lies between 10,000 and 73,051 (1927 to 2099)
         * for them: as epoch seconds those would all fall within one day of 1970.
         */
        DAYS
    }

    /**
     * A file's series and whether its numeric timestamps were taken for epoch seconds.
     *
     * @param epochSeconds true when they were (with {@link EpochUnit#AUTO}: every ts was such a number)
     * @param spreadsheetDays true when they were read as spreadsheet day numbers ({@link EpochUnit#DAYS})
     * @param featuresNotRead the feature columns left unread ({@link Reading#featuresRead}), in the
     *     header's order
     * @param missingValues the values left out as missing ({@link #missing}): rows of a long file,
     *     cells of a wide one
     * @param missingMarks how those were written, as in the file ({@code NA}; {@code ""} for empty), sorted
     * @param repeatedHeaders lines that repeat the header, skipped (files joined end to end)
     * @param firstRepeatedHeader the first of those lines; 0 when there is none
     */
    public record SeriesFile(
            Map<String, List<SeriesPoint>> series,
            boolean epochSeconds,
            boolean spreadsheetDays,
            List<String> featuresNotRead,
            int missingValues,
            Set<String> missingMarks,
            int repeatedHeaders,
            int firstRepeatedHeader) {}

    /** How files write a value that is not there, compared without case: R's {@code NA}, numpy's {@code nan}, ... */
    private static final Set<String> MISSING_MARKS = Set.of("", "na", "n/a", "#n/a", "nan", "null", "none", "-", "?");

    /**
     * True when {@code text} (stripped) is a value a file marks as missing rather than a number: empty
     * (pandas, spreadsheets), {@code NA} (R), {@code nan} / {@code NaN} (numpy, pandas' {@code
     * to_string}), {@code null}, {@code None}, {@code #N/A} (spreadsheets), {@code N/A}, {@code -},
     * {@code ?}. A series has no value at that ts, as a live series whose reading was never sent:
     * the step is missing and filled as the stream fills one. Anything else that is not a number
     * is still refused, since it may be a value written in a way the file's reader missed.
     */
    static boolean missing(String text) {
        return MISSING_MARKS.contains(text.toLowerCase(Locale.ROOT));
    }

    /** As {@link #read(Path, CsvColumns, ZoneId)}, read as {@code how} says. */
    public static SeriesFile readFile(Path csv, Reading how) {
        try (BufferedReader in = SeriesFiles.open(csv)) {
            return read(in, csv, how);
        } catch (IOException e) {
            throw new BacktestInputException("cannot read " + csv + ": " + e.getMessage(), e);
        }
    }

    /**
     * How {@link #read(Path, CsvColumns)} takes the file's columns, in one line for a command to
     * print, when that is not the standard header ({@code series,ts,value} or {@code ts,value}):
     * which column became the timestamp, the value and the series. Null for a standard header.
     */
    public static String columnsTaken(Path csv, CsvColumns columns) {
        return columnsTaken(csv, columns, null);
    }

    /** As {@link #columnsTaken(Path, CsvColumns)}, a first-row timestamp also in the file's {@code format}. */
    public static String columnsTaken(Path csv, CsvColumns columns, TsFormat format) {
        try (BufferedReader in = SeriesFiles.open(csv)) {
            char delimiter = delimiter(in);
            if (delimiter == 0) {
                return null;
            }
            try (CsvRows rows = CsvRows.of(in, delimiter, csv)) {
                List<String> header = rows.next();
                return header == null
                        ? null
                        : CsvLayout.of(csv, header, rows.next(), columns, delimiter, format)
                                .taken();
            }
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

    private static SeriesFile read(BufferedReader in, Path csv, Reading how) throws IOException {
        char delimiter = delimiter(in);
        if (delimiter == 0) {
            throw BacktestInputException.at(csv, 1, "empty file, expected header 'series,ts,value'");
        }
        try (CsvRows rows = CsvRows.of(in, delimiter, csv)) {
            return read(rows, csv, how, delimiter);
        }
    }

    /**
     * The delimiter {@link CsvFields#delimiterOf} finds in the file's first line, with the reader
     * left at the file's first character after a byte-order mark; 0 for an empty file.
     */
    private static char delimiter(BufferedReader in) throws IOException {
        in.mark(1 << 16);
        String header = in.readLine();
        in.reset();
        if (header == null) {
            return 0;
        }
        if (header.startsWith("\uFEFF")) {
            in.skip(1);
        }
        return CsvFields.delimiterOf(stripBom(header));
    }

    private static SeriesFile read(CsvRows rows, Path csv, Reading how, char delimiter) {
        ZoneId zone = how.zone();
        EpochUnit unit = how.epochUnit();
        List<String> header = rows.next();
        if (header == null) {
            throw BacktestInputException.at(csv, 1, "empty file, expected header 'series,ts,value'");
        }
        List<String> firstRow = rows.next();
        int firstRowLine = rows.line();
        CsvLayout layout = CsvLayout.of(csv, header, firstRow, how.columns(), delimiter, how.tsFormat());
        Map<String, List<SeriesPoint>> bySeries = new LinkedHashMap<>();
        // ts -> line it came from, per series, so a duplicate names both lines.
        Map<String, Map<Instant, Integer>> lineOfTs = new HashMap<>();
        List<String> fields = layout.headerless() ? header : firstRow;
        int lineNo = layout.headerless() ? 1 : firstRowLine;
        boolean pendingFirstRow = layout.headerless();
        boolean allSmallNumbers = true;
        boolean allDayNumbers = true;
        boolean anyNumber = false;
        Placement place = new Placement(bySeries, lineOfTs, csv, how, delimiter);
        int repeatedHeaders = 0;
        int firstRepeatedHeader = 0;
        while (fields != null) {
            if (!pendingFirstRow && !layout.headerless() && sameFields(fields, header)) {
                // Files joined end to end (cat a.csv b.csv) carry each one's header.
                repeatedHeaders++;
                firstRepeatedHeader = firstRepeatedHeader == 0 ? lineNo : firstRepeatedHeader;
            } else {
                checkCount(fields, csv, lineNo, layout);
                String tsText = fields.get(layout.tsColumn()).strip();
                BigDecimal epochNumber = epochNumber(tsText);
                boolean number = epochNumber != null;
                allSmallNumbers &= number && smallEnoughForSeconds(epochNumber);
                allDayNumbers &= number
                        && epochNumber.compareTo(FIRST_DAY_NUMBER) >= 0
                        && epochNumber.compareTo(LAST_DAY_NUMBER) <= 0;
                anyNumber |= number;
                Instant ts = !number
                        ? timestamp(tsText, csv, lineNo, zone, how.tsFormat(), false)
                        : unit == EpochUnit.DAYS
                                ? spreadsheetDay(epochNumber, zone, csv, lineNo)
                                : unit == EpochUnit.SECONDS
                                        ? epochInstant(epochNumber, 1, csv, lineNo)
                                        : epochInstant(epochNumber, 1000, csv, lineNo);
                if (layout.wide()) {
                    for (int c = 0; c < layout.wideColumns().size(); c++) {
                        String text = fields.get(layout.wideColumns().get(c)).strip();
                        // An empty cell (pandas writes NaN so) or NA (R does): no value at this ts.
                        place.point(layout.wideNames().get(c), ts, tsText, text, Map.of(), lineNo);
                    }
                } else {
                    String series = layout.seriesColumn() < 0
                            ? layout.fileSeries()
                            : fields.get(layout.seriesColumn()).strip();
                    if (series.isEmpty()) {
                        throw BacktestInputException.at(csv, lineNo, "empty series id");
                    }
                    Map<String, Double> features = new LinkedHashMap<>();
                    for (int f = 0; f < layout.featureNames().size(); f++) {
                        String name = layout.featureNames().get(f);
                        String text = fields.get(layout.featureColumns().get(f)).strip();
                        if (!missing(text)
                                && (how.featuresRead() == null
                                        || how.featuresRead().contains(name))) {
                            features.put(name, feature(name, text, csv, lineNo, delimiter));
                        }
                    }
                    place.point(
                            series, ts, tsText, fields.get(layout.valueColumn()).strip(), features, lineNo);
                }
            }
            if (pendingFirstRow) {
                fields = firstRow;
                lineNo = firstRowLine;
                pendingFirstRow = false;
            } else {
                fields = rows.next();
                lineNo = rows.line();
            }
        }
        if (bySeries.isEmpty()) {
            throw BacktestInputException.at(csv, lineNo, "no data rows after the header");
        }
        boolean days = unit == EpochUnit.DAYS && anyNumber || unit == EpochUnit.AUTO && allDayNumbers;
        boolean seconds =
                !days && (unit == EpochUnit.SECONDS && anyNumber || unit == EpochUnit.AUTO && allSmallNumbers);
        boolean rescale = unit == EpochUnit.AUTO && allSmallNumbers && !days;
        boolean asDays = unit == EpochUnit.AUTO && allDayNumbers;
        bySeries.replaceAll((series, points) -> {
            if (asDays) {
                // Read as milliseconds first: the same numbers as day numbers, order and uniqueness kept.
                points.replaceAll(p -> new SeriesPoint(
                        spreadsheetDay(
                                BigDecimal.valueOf(p.ts().getEpochSecond())
                                        .movePointRight(3)
                                        .add(BigDecimal.valueOf(p.ts().getNano(), 6)),
                                zone,
                                csv,
                                0),
                        p.value(),
                        p.features()));
            }
            if (rescale) {
                // Read as milliseconds first: the same numbers as seconds (their fractions too),
                // order and uniqueness kept.
                points.replaceAll(p -> new SeriesPoint(
                        Instant.ofEpochSecond(
                                p.ts().getEpochSecond() * 1000 + p.ts().getNano() / 1_000_000,
                                p.ts().getNano() % 1_000_000 * 1000L),
                        p.value(),
                        p.features()));
            }
            // Stable: readings of one instant stay in file order (what first and last take).
            points.sort(Comparator.comparing(SeriesPoint::ts));
            return List.copyOf(points);
        });
        List<String> notRead = how.featuresRead() == null
                ? List.of()
                : layout.featureNames().stream()
                        .filter(name -> !how.featuresRead().contains(name))
                        .toList();
        return new SeriesFile(
                bySeries,
                seconds,
                days,
                notRead,
                place.missing,
                place.missingMarks,
                repeatedHeaders,
                firstRepeatedHeader);
    }

    /**
     * Where a row's values go: each to its series, a repeated ts handled as {@link Reading} says, a
     * missing one ({@link #missing}) counted and left out.
     */
    private static final class Placement {
        private final Map<String, List<SeriesPoint>> bySeries;
        private final Map<String, Map<Instant, Integer>> lineOfTs;
        private final Path csv;
        private final Reading how;
        private final char delimiter;
        private int missing;
        private final Set<String> missingMarks = new TreeSet<>();

        Placement(
                Map<String, List<SeriesPoint>> bySeries,
                Map<String, Map<Instant, Integer>> lineOfTs,
                Path csv,
                Reading how,
                char delimiter) {
            this.bySeries = bySeries;
            this.lineOfTs = lineOfTs;
            this.csv = csv;
            this.how = how;
            this.delimiter = delimiter;
        }

        void point(
                String series, Instant ts, String tsText, String valueText, Map<String, Double> features, int lineNo) {
            if (missing(valueText)) {
                missing++;
                missingMarks.add(valueText);
                return;
            }
            Map<Instant, Integer> seen = lineOfTs.computeIfAbsent(series, s -> new HashMap<>());
            if (how.zone() != null
                    && seen.containsKey(ts)
                    && (Timestamps.isLocalDateTime(tsText) || how.tsFormat() != null)) {
                // The autumn hour written twice in local time: the second is the later instant.
                ts = timestamp(tsText, csv, lineNo, how.zone(), how.tsFormat(), true);
            }
            double value = value(valueText, csv, lineNo, delimiter);
            Integer earlier = seen.putIfAbsent(ts, lineNo);
            if (earlier != null && !how.readingsShareTs()) {
                throw BacktestInputException.at(
                        csv,
                        lineNo,
                        "duplicate ts " + ts + " in series '" + series + "' (first on line " + earlier
                                + "); rows that are readings or events within a step need `aggregate`"
                                + " (count, sum, mean, ...) to make each step's value from them");
            }
            bySeries.computeIfAbsent(series, s -> new ArrayList<>()).add(new SeriesPoint(ts, value, features));
        }
    }

    /** True when a row holds the header's names again, blanks and a byte-order mark aside. */
    private static boolean sameFields(List<String> row, List<String> header) {
        if (row.size() != header.size()) {
            return false;
        }
        for (int i = 0; i < row.size(); i++) {
            if (!stripBom(row.get(i)).strip().equals(stripBom(header.get(i)).strip())) {
                return false;
            }
        }
        return true;
    }

    private static double feature(String name, String text, Path csv, int lineNo, char delimiter) {
        double value;
        try {
            value = CsvFields.number(text, delimiter);
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

    private static void checkCount(List<String> fields, Path csv, int lineNo, CsvLayout layout) {
        if (fields.size() != layout.columns()) {
            throw BacktestInputException.at(
                    csv,
                    lineNo,
                    "expected " + layout.columns() + " fields (" + layout.fieldsHint() + ") but found "
                            + fields.size());
        }
    }

    /** Whether {@link EpochUnit#AUTO} reads {@code number} as epoch seconds: below 10^11 in size. */
    static boolean smallEnoughForSeconds(BigDecimal number) {
        return number.abs().compareTo(SECONDS_BELOW) < 0;
    }

    /** {@code text} as an epoch number ({@link #EPOCH_NUMBER}); null when it is not one. */
    private static BigDecimal epochNumber(String text) {
        return EPOCH_NUMBER.matcher(text).matches() ? new BigDecimal(text) : null;
    }

    /** The instant {@code number} epoch units after 1970, a unit being 1 / {@code perSecond} s; refused beyond a long's milliseconds. */
    static Instant epochInstant(BigDecimal number, int perSecond, Path csv, int lineNo) {
        BigDecimal nanos = number.multiply(BigDecimal.valueOf(1_000_000_000L / perSecond));
        BigDecimal[] secondsAndNanos = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
        try {
            Instant ts = Instant.ofEpochSecond(
                    secondsAndNanos[0].longValueExact(),
                    secondsAndNanos[1].setScale(0, RoundingMode.HALF_EVEN).longValueExact());
            ts.toEpochMilli();
            return ts;
        } catch (ArithmeticException | DateTimeException e) {
            throw BacktestInputException.at(
                    csv, lineNo, "bad ts '" + number.toPlainString() + "': beyond epoch milliseconds in a Java long");
        }
    }

    /** A quarter as statistics offices and R's {@code yearqtr} label it: {@code 2024-Q1}, {@code 2024Q1}, {@code 2024 Q1}. */
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})[- ]?[Qq]([1-4])");

    /** The first instant of the quarter {@code text} labels ({@link #QUARTER}), in {@code zone} (null: UTC); null for anything else. */
    static Instant quarter(String text, ZoneId zone) {
        Matcher m = QUARTER.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        return LocalDate.of(Integer.parseInt(m.group(1)), 3 * Integer.parseInt(m.group(2)) - 2, 1)
                .atStartOfDay(zone == null ? ZoneOffset.UTC : zone)
                .toInstant();
    }

    /** Spreadsheet day number {@code days} ({@link EpochUnit#DAYS}) as an instant, to the second, in {@code zone} (null: UTC). */
    static Instant spreadsheetDay(BigDecimal days, ZoneId zone, Path csv, int lineNo) {
        try {
            long seconds = days.multiply(BigDecimal.valueOf(86_400))
                    .setScale(0, RoundingMode.HALF_EVEN)
                    .longValueExact();
            return DAY_ZERO.plusSeconds(seconds)
                    .atZone(zone == null ? ZoneOffset.UTC : zone)
                    .toInstant();
        } catch (ArithmeticException | DateTimeException e) {
            throw BacktestInputException.at(
                    csv, Math.max(1, lineNo), "bad ts '" + days.toPlainString() + "': not a spreadsheet day number");
        }
    }

    /** As the service reads an observation's {@code ts} ({@link Timestamps}): a file backtests as it would stream. */
    static Instant timestamp(String text, Path csv, int lineNo) {
        return timestamp(text, csv, lineNo, null, null, false);
    }

    private static Instant timestamp(
            String text, Path csv, int lineNo, ZoneId zone, TsFormat format, boolean laterAtOverlap) {
        Instant ts = format == null ? null : format.parse(text, zone, laterAtOverlap);
        if (ts == null) {
            ts = Timestamps.parse(text, zone, laterAtOverlap);
        }
        if (ts == null) {
            ts = quarter(text, zone);
        }
        if (ts != null) {
            if (zone != null) {
                refuseSkippedLocalTime(text, ts, format, zone, csv, lineNo);
            }
            return ts;
        }
        if (format != null && format.fits(text)) {
            throw BacktestInputException.at(
                    csv,
                    lineNo,
                    "bad ts '" + text + "': a date and time without an offset (--ts-format '" + format.pattern()
                            + "'): give the file's time zone: --zone Europe/Berlin, or --zone UTC");
        }
        if (text.isBlank()) {
            // A spreadsheet's total or notes line at the end (Total,,40363): no time, no observation.
            throw BacktestInputException.at(
                    csv, lineNo, "no ts: a row without a time (a total or a note?) is no observation; remove it");
        }
        String problem = Timestamps.problem(text).replaceFirst("^is ", "");
        String guessed = format == null ? TsFormat.guess(text) : null;
        if (Timestamps.isLocalDateTime(text)) {
            problem += ", or give the file's time zone: --zone Europe/Berlin";
        } else if (format != null) {
            problem += ", nor what --ts-format '" + format.pattern() + "' reads";
        } else if (guessed != null) {
            problem += "; written another way: " + TsFormat.offer(guessed);
        } else if (CsvLayout.OTHER_DATE.matcher(text).find()) {
            problem += "; written another way, --ts-format says how ('MM/dd/yyyy HH:mm', 'dd.MM.yyyy')";
        }
        throw BacktestInputException.at(csv, lineNo, "bad ts '" + text + "': " + problem);
    }

    /**
     * Refuses a local time the zone's clocks skip (02:30 on the night they go forward): a file
     * that has one keeps standard time all year, as weather normals and many loggers do. Read in
     * the zone, that hour would move forward onto the next one, which then stood twice in the file
     * (refused as a duplicate, naming aggregation), and every summer reading would be an hour off;
     * the file's fixed offset reads it one to one.
     */
    private static void refuseSkippedLocalTime(
            String text, Instant ts, TsFormat format, ZoneId zone, Path csv, int lineNo) {
        // A skipped time is read as the instant just after the clocks' jump: only then is the text
        // worth reading again (an hour a year), not on every row of a file in a zone.
        ZoneOffsetTransition before = zone.getRules().previousTransition(ts.plusNanos(1));
        if (before == null
                || !before.isGap()
                || !ts.isBefore(before.getInstant().plus(before.getDuration()))) {
            return;
        }
        LocalDateTime local = format != null ? format.localDateTime(text) : null;
        if (local == null) {
            local = Timestamps.localDateTime(text);
        }
        ZoneOffsetTransition skip = local == null ? null : zone.getRules().getTransition(local);
        if (skip != null && skip.isGap()) {
            throw BacktestInputException.at(
                    csv,
                    lineNo,
                    "bad ts '" + text + "': no such time in " + zone + ", whose clocks went from "
                            + skip.getDateTimeBefore().toLocalTime() + " to "
                            + skip.getDateTimeAfter().toLocalTime()
                            + " that night, so this file's clock does not change for summer time: give its fixed"
                            + " offset, --zone " + zone.getRules().getStandardOffset(skip.getInstant()));
        }
    }

    private static double value(String text, Path csv, int lineNo, char delimiter) {
        double value;
        try {
            value = CsvFields.number(text, delimiter);
        } catch (NumberFormatException e) {
            throw BacktestInputException.at(
                    csv,
                    lineNo,
                    "bad value '" + text + "': not a number (a missing value is read when written empty, NA or"
                            + " NaN)");
        }
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
