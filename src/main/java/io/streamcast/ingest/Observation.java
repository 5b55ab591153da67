package io.streamcast.ingest;

import java.time.Instant;

/** One accepted data point of one series. {@code ts} is event time, from the record's JSON, never the wall clock. */
public record Observation(String series, Instant ts, double value) {}
