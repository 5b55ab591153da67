package io.streamcast.backtest;

import java.util.ArrayList;
import java.util.List;

/**
 * The small part of RFC 4180 the backtest files need: fields separated by commas (or the semicolons
 * or tabs {@link #delimiterOf} finds in a header), a field may be
 * wrapped in double quotes (so a series id can contain a comma) with {@code ""} for a quote.
 * Records never span lines. Jackson's CSV module would do this too but is not a dependency, and
 * the files have three to seven simple columns.
 */
final class CsvFields {
    private CsvFields() {}

    /**
     * The delimiter a file's header line uses: a comma, or where the header has none, a semicolon
     * (spreadsheets in locales whose decimal mark is the comma write {@code Month;Passengers} and
     * {@code 1949-01;112,5}) or a tab.
     */
    static char delimiterOf(String header) {
        if (header.indexOf(',') >= 0) {
            return ',';
        }
        if (header.indexOf(';') >= 0) {
            return ';';
        }
        return header.indexOf('\t') >= 0 ? '\t' : ',';
    }

    /**
     * A number as a file with {@code delimiter} writes it: with semicolons, a decimal comma is the
     * decimal mark ({@code 112,5}); {@link Double#parseDouble} otherwise.
     *
     * @throws NumberFormatException when it is not one
     */
    static double number(String text, char delimiter) {
        if (delimiter == ';'
                && text.indexOf(',') >= 0
                && text.indexOf('.') < 0
                && text.indexOf(',') == text.lastIndexOf(',')) {
            return Double.parseDouble(text.replace(',', '.'));
        }
        return Double.parseDouble(text);
    }

    /** Splits one line into its comma-separated fields; throws IllegalArgumentException on a broken quote. */
    static List<String> split(String line) {
        return split(line, ',');
    }

    /** Splits one line into its fields at {@code delimiter}; throws IllegalArgumentException on a broken quote. */
    static List<String> split(String line, char delimiter) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            field.setLength(0);
            if (i < line.length() && line.charAt(i) == '"') {
                i = readQuoted(line, i + 1, field);
                if (i < line.length() && line.charAt(i) != delimiter) {
                    throw new IllegalArgumentException("text after closing quote in field " + (fields.size() + 1));
                }
            } else {
                int comma = line.indexOf(delimiter, i);
                int end = comma < 0 ? line.length() : comma;
                field.append(line, i, end);
                i = end;
            }
            fields.add(field.toString());
            if (i >= line.length()) {
                return fields;
            }
            i++; // skip the comma
        }
    }

    private static int readQuoted(String line, int i, StringBuilder field) {
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            field.append(c);
            i++;
        }
        throw new IllegalArgumentException("unterminated quote");
    }

    /** The field as written to a CSV file: quoted only when it has to be. */
    static String quote(String field) {
        if (field.indexOf(',') < 0
                && field.indexOf('"') < 0
                && field.indexOf('\n') < 0
                && field.indexOf('\r') < 0
                && field.equals(field.strip())) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
