package io.streamcast.backtest;

import java.time.Instant;
import java.util.Objects;

/** One observed value of a series at event time {@code ts}. */
public record SeriesPoint(Instant ts, double value) {
    public SeriesPoint {
        Objects.requireNonNull(ts, "ts");
    }
}
