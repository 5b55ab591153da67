package io.streamcast.ingest;

import java.time.Instant;
import java.util.Map;

/**
 * One accepted data point of one series. {@code ts} is event time, from the record's JSON, never
 * the wall clock; {@code features} are its covariates by name (empty when it carried none).
 */
public record Observation(String series, Instant ts, double value, Map<String, Double> features) {
    public Observation {
        features = Map.copyOf(features);
    }

    /** An observation without covariates. */
    public Observation(String series, Instant ts, double value) {
        this(series, ts, value, Map.of());
    }
}
