package io.streamcast.backtest;

import com.fasterxml.jackson.databind.SequenceWriter;
import io.streamcast.emit.Anomaly;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The anomaly events of a backtest's served replay, one line each, with the fields of the
 * anomalies topic's messages: which actuals a live topology would have flagged on this history.
 */
public final class AnomalyCsv {
    static final String HEADER = "series,ts,actual,forecast,lower,upper,h,origin,model,score";

    private AnomalyCsv() {}

    /** Writes the events sorted by series and time; creates or replaces {@code out}. */
    public static void write(Path out, List<Anomaly> anomalies) {
        List<Anomaly> sorted = new ArrayList<>(anomalies);
        sorted.sort(Comparator.comparing(Anomaly::series).thenComparing(Anomaly::ts));
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
                SequenceWriter csv = CsvRows.writer(w)) {
            csv.write(List.of(HEADER.split(",")));
            for (Anomaly a : sorted) {
                csv.write(List.of(
                        a.series(),
                        a.ts().toString(),
                        Double.toString(a.actual()),
                        Double.toString(a.forecast()),
                        Double.toString(a.lower()),
                        Double.toString(a.upper()),
                        Integer.toString(a.h()),
                        a.origin().toString(),
                        a.model(),
                        Double.toString(a.score())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }
}
