package io.streamcast.backtest;

import java.util.regex.Pattern;

/**
 * What a series file's fields are separated by and how its numbers are written, which Jackson's
 * CSV parser ({@link CsvRows}) is told rather than guesses: the comma, or the semicolon or tab
 * spreadsheets in other locales export, where the decimal mark may be a comma.
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
     * decimal mark ({@code 112,5}); with commas, a quoted number may group its thousands by commas
     * ({@code "1,234.5"}, as spreadsheets export what they display); {@link Double#parseDouble}
     * otherwise.
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
        if (delimiter == ',' && GROUPED.matcher(text).matches()) {
            // Quoted, as it must be in a file of commas: "1,234.5" is how a spreadsheet displays it.
            return Double.parseDouble(text.replace(",", ""));
        }
        return Double.parseDouble(text);
    }

    /** A number with its thousands grouped by commas ({@code 1,234,567.89}): every group of three digits. */
    private static final Pattern GROUPED = Pattern.compile("[-+]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
}
