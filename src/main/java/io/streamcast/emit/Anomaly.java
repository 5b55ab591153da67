package io.streamcast.emit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The message on the anomalies topic: an actual that fell outside the interval a forecast gave
 * for it. {@code ts} is the actual's timestamp; {@code forecast}, {@code lower} and {@code upper}
 * are that forecast's point and bounds at step {@code h}, made at {@code origin} by {@code model}
 * version {@code version} (null when the forecast predates remembering versions).
 *
 * <p>{@code score} is how far outside, in half-widths of the interval: the distance from the
 * nearer bound divided by (upper - lower) / 2. It is above 0 for every anomaly, grows with the
 * distance, and 1 means the error was twice what the interval allowed (for Gaussian errors and
 * an 80% interval, about 1 actual in 100). A zero-width interval (a series whose recent errors
 * were all 0) has no half-width: there the distance is divided by the series' seasonal scale.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Anomaly(
        String series,
        Instant ts,
        double actual,
        double forecast,
        double lower,
        double upper,
        int h,
        Instant origin,
        String model,
        Long version,
        String topology,
        double score) {}
