package io.streamcast.emit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The message on the forecasts topic (contract: series, origin, model, version, points). {@code model}
 * names what produced the numbers: the network cell (gru, lstm, rnn) or the fallback
 * (seasonal-naive, naive) for a series that has less history than the window.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Forecast(
        String series, Instant origin, String model, long version, String topology, List<ForecastPoint> points) {}
