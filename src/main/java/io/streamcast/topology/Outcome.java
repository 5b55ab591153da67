package io.streamcast.topology;

import io.streamcast.emit.Anomaly;
import io.streamcast.emit.Forecast;
import io.streamcast.ingest.Rejection;

/** What the forecasting processor produces for its downstream sinks: a forecast, an anomaly or a dead letter. */
public sealed interface Outcome {
    record Forecasted(Forecast forecast) implements Outcome {}

    record Anomalous(Anomaly anomaly) implements Outcome {}

    record DeadLettered(Rejection rejection) implements Outcome {}
}
