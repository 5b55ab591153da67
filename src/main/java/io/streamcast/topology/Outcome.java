package io.streamcast.topology;

import io.streamcast.emit.Anomaly;
import io.streamcast.emit.Forecast;
import io.streamcast.ingest.Rejection;
import io.streamcast.model.VersionedModel;

/**
 * What the forecasting processor produces for its downstream sinks: a forecast, an anomaly, a dead
 * letter or a model version the task started serving.
 */
public sealed interface Outcome {
    record Forecasted(Forecast forecast) implements Outcome {}

    record Anomalous(Anomaly anomaly) implements Outcome {}

    record DeadLettered(Rejection rejection) implements Outcome {}

    record Published(VersionedModel model) implements Outcome {}
}
