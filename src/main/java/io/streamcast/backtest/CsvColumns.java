package io.streamcast.backtest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which columns of a series CSV hold the series id, the timestamp and the value, by header name,
 * for files written with names of their own (pandas' {@code date,sales}, the widely copied
 * AirPassengers file's {@code Month,#Passengers}). Without a series column the file holds one
 * series, named after the file. Every other column is a feature, as in the standard layout.
 * {@code value=*} reads a wide file instead: every column but the timestamp's is a series of its
 * own, named by its header (a pandas frame of series written as it is, {@code
 * date,ATL,ORD,DFW}), an empty or NA cell a missing value.
 *
 * @param series the series id's column, or null: one series named after the file
 * @param ts the timestamp's column
 * @param value the value's column, or {@link #EVERY_OTHER}
 */
public record CsvColumns(String series, String ts, String value) {
    /** How the commands' {@code --columns} option is written. */
    public static final String SYNTAX = "ts=COLUMN,value=COLUMN[,series=COLUMN]";

    /** {@code value=*}: every column but the timestamp's is a series (a wide file). */
    public static final String EVERY_OTHER = "*";

    public CsvColumns {
        if (ts == null || value == null) {
            throw new IllegalArgumentException("--columns needs ts= and value= (" + SYNTAX + ")");
        }
        if (EVERY_OTHER.equals(value) && series != null) {
            throw new IllegalArgumentException(
                    "--columns: value=* names every other column a series by its header; series= has no place beside it");
        }
    }

    /** Whether every column but the timestamp's is a series of its own ({@code value=*}). */
    public boolean wide() {
        return EVERY_OTHER.equals(value);
    }

    /**
     * {@code ts=Month,value=#Passengers} or {@code series=store,ts=date,value=sales}: roles in any
     * order, each once; a column name may not contain a comma (quote-free, as on a command line).
     *
     * @throws IllegalArgumentException saying what is wrong, in one line
     */
    public static CsvColumns parse(String spec) {
        Map<String, String> roles = new LinkedHashMap<>();
        for (String part : spec.split(",", -1)) {
            int eq = part.indexOf('=');
            String role = eq < 0 ? part.strip() : part.substring(0, eq).strip();
            String column = eq < 0 ? "" : part.substring(eq + 1).strip();
            if (!role.equals("series") && !role.equals("ts") && !role.equals("value")) {
                throw new IllegalArgumentException(
                        "--columns: '" + part + "' is not series=, ts= or value= (" + SYNTAX + ")");
            }
            if (column.isEmpty()) {
                throw new IllegalArgumentException("--columns: " + role + "= names no column (" + SYNTAX + ")");
            }
            if (roles.put(role, column) != null) {
                throw new IllegalArgumentException("--columns: " + role + "= given twice (" + SYNTAX + ")");
            }
        }
        if (roles.containsValue(null) || roles.values().stream().distinct().count() != roles.size()) {
            throw new IllegalArgumentException("--columns: one column for two roles (" + SYNTAX + ")");
        }
        return new CsvColumns(roles.get("series"), roles.get("ts"), roles.get("value"));
    }
}
