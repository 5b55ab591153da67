package io.streamcast.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** One observed value of a series at event time {@code ts}, with the covariates observed with it (often none). */
public record SeriesPoint(Instant ts, double value, Map<String, Double> features) {
    public SeriesPoint {
        Objects.requireNonNull(ts, "ts");
        features = Map.copyOf(features);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A point without covariates. */
    public SeriesPoint(Instant ts, double value) {
        this(ts, value, Map.of());
    }

    /** The observation's JSON as a producer would send it: ts, value and, when it has any, its features. */
    public String toJson() {
        String json = "{\"ts\":\"" + ts + "\",\"value\":" + value;
        if (features.isEmpty()) {
            return json + "}";
        }
        try {
            return json + ",\"features\":" + JSON.writeValueAsString(new TreeMap<>(features)) + "}";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("numbers by name always serialize", e);
        }
    }
}
