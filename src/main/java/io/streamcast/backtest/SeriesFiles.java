package io.streamcast.backtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Opens a series file as text, gzipped or not: data sets large enough to backtest a fleet on
 * travel compressed ({@code departures.csv.gz}; an airline's three million flights take a fifth of
 * their size so), and unpacking them first only to read them once is a step a user should not need.
 */
final class SeriesFiles {
    /** Compressed files end so; the series a one-series file holds is named without it. */
    private static final String GZIP = ".gz";

    private SeriesFiles() {}

    /** The file's text as UTF-8, gunzipped on the way when its name ends in {@code .gz}. */
    static BufferedReader open(Path file) throws IOException {
        if (!gzipped(file)) {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        }
        InputStream raw = Files.newInputStream(file);
        try {
            return new BufferedReader(
                    new InputStreamReader(new GZIPInputStream(raw, 1 << 16), StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            raw.close();
            throw new IOException("not gzip data, though named " + file.getFileName() + " (" + e.getMessage() + ")", e);
        }
    }

    /** The file's name without {@code .gz} and then without {@code extension} ({@code .csv}), any case. */
    static String baseName(Path file, String extension) {
        String name = file.getFileName().toString();
        if (gzipped(file)) {
            name = name.substring(0, name.length() - GZIP.length());
        }
        return name.toLowerCase(Locale.ROOT).endsWith(extension)
                ? name.substring(0, name.length() - extension.length())
                : name;
    }

    /** The file's name without {@code .gz} and then without its last extension ({@code feed.ndjson}: {@code feed}). */
    static String baseName(Path file) {
        String name = baseName(file, "");
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static boolean gzipped(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(GZIP);
    }
}
