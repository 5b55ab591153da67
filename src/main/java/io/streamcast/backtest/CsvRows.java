package io.streamcast.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

/**
 * A CSV file's records as Jackson's CSV parser reads them (RFC 4180: a quoted field may hold the
 * delimiter, doubled quotes and line breaks, so a series id written by a spreadsheet as {@code
 * "Store 12, Berlin"} or with a line break in it reads as written), each with the line it starts
 * on, so an error names the line a person finds in an editor. Blank lines are skipped. A broken
 * quote is a {@link BacktestInputException} naming the file and line.
 */
final class CsvRows implements Closeable {
    private static final CsvMapper MAPPER = new CsvMapper();

    private final MappingIterator<List<String>> records;
    private final Path csv;
    /** The line the record read last starts on. */
    private int line;

    private CsvRows(MappingIterator<List<String>> records, Path csv) {
        this.records = records;
        this.csv = csv;
    }

    /** The records of {@code in}, fields separated by {@code delimiter}; {@code csv} names the file in errors. */
    static CsvRows of(Reader in, char delimiter, Path csv) {
        CsvSchema fieldsOnly = CsvSchema.emptySchema().withColumnSeparator(delimiter);
        try {
            return new CsvRows(
                    MAPPER.readerForListOf(String.class)
                            .with(CsvParser.Feature.WRAP_AS_ARRAY)
                            .with(fieldsOnly)
                            .readValues(in),
                    csv);
        } catch (IOException e) {
            throw new BacktestInputException("cannot read " + csv + ": " + e.getMessage(), e);
        }
    }

    /**
     * The next record that is not a blank line, or null after the last.
     *
     * @throws BacktestInputException for a quote that is never closed or is followed by more text
     */
    List<String> next() {
        try {
            while (true) {
                // Where the parser stands before a record is the line the record begins on.
                line = Math.max(1, records.getCurrentLocation().getLineNr());
                if (!records.hasNextValue()) {
                    return null;
                }
                List<String> fields = records.nextValue();
                if (!fields.stream().allMatch(String::isBlank)) {
                    return fields;
                }
            }
        } catch (JsonProcessingException e) {
            throw BacktestInputException.at(csv, line, e.getOriginalMessage());
        } catch (IOException e) {
            throw new BacktestInputException("cannot read " + csv + ": " + e.getMessage(), e);
        }
    }

    /** The line the record {@link #next} returned last starts on (1 for the header). */
    int line() {
        return line;
    }

    /**
     * A writer of records to {@code out} as Jackson writes CSV: a field is quoted only when it must
     * be (it holds a comma, a quote or a line break), so the files stay what people and pandas expect
     * and two runs diff cleanly.
     */
    static SequenceWriter writer(Writer out) throws IOException {
        return MAPPER.writer()
                .with(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
                .with(CsvSchema.emptySchema().withLineSeparator("\n"))
                .writeValues(out);
    }

    @Override
    public void close() {
        try {
            records.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
