package io.streamcast.emit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One horizon step of a forecast; lower/upper bound the central {@code interval.coverage} interval. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ForecastPoint(int h, Instant ts, double value, Double lower, Double upper) {}
