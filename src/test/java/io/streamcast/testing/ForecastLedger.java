package io.streamcast.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.bench.SyntheticSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Committed forecasts by series and origin (the model version of every copy), checked against what
 * the topology owes for a {@link SyntheticSeries} feed with stride 1: one forecast per series and
 * step, since every accepted observation is an origin.
 */
public final class ForecastLedger {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Series -> origin -> model version of each copy, both in order. */
    private final Map<String, Map<Instant, List<Long>>> bySeries = new TreeMap<>();

    private final int size;

    private ForecastLedger(List<ConsumerRecord<byte[], byte[]>> forecasts) {
        for (ConsumerRecord<byte[], byte[]> r : forecasts) {
            JsonNode f;
            try {
                f = JSON.readTree(r.value());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bySeries.computeIfAbsent(f.get("series").asText(), s -> new TreeMap<>())
                    .computeIfAbsent(Instant.parse(f.get("origin").asText()), o -> new ArrayList<>())
                    .add(f.get("version").asLong());
        }
        size = forecasts.size();
    }

    public static ForecastLedger of(List<ConsumerRecord<byte[], byte[]>> forecasts) {
        return new ForecastLedger(forecasts);
    }

    public Map<String, Map<Instant, List<Long>>> bySeries() {
        return bySeries;
    }

    /** How many forecast records were read, copies included. */
    public int size() {
        return size;
    }

    /** "series@origin" of every owed forecast that is not there, for steps {@code 0..steps-1} of every series of {@code data}. */
    public List<String> missing(SyntheticSeries data, int steps) {
        List<String> missing = new ArrayList<>();
        forEachOwed(data, steps, (key, copies) -> {
            if (copies.isEmpty()) {
                missing.add(key);
            }
        });
        return missing;
    }

    /** "series@origin xN" of every owed forecast that is there more than once. */
    public List<String> duplicated(SyntheticSeries data, int steps) {
        List<String> duplicated = new ArrayList<>();
        forEachOwed(data, steps, (key, copies) -> {
            if (copies.size() > 1) {
                duplicated.add(key + " x" + copies.size());
            }
        });
        return duplicated;
    }

    private void forEachOwed(SyntheticSeries data, int steps, java.util.function.BiConsumer<String, List<Long>> check) {
        for (int k = 0; k < data.count(); k++) {
            Map<Instant, List<Long>> origins = bySeries.getOrDefault(data.key(k), Map.of());
            for (int t = 0; t < steps; t++) {
                check.accept(
                        data.key(k) + "@" + SyntheticSeries.ts(t),
                        origins.getOrDefault(SyntheticSeries.ts(t), List.of()));
            }
        }
    }

    /** At most the first ten items: enough to see what went wrong without flooding the report. */
    public static List<String> head(List<String> items) {
        return items.subList(0, Math.min(10, items.size()));
    }
}
