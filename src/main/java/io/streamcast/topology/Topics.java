package io.streamcast.topology;

import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Anomaly;
import io.streamcast.emit.AnomalySerde;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastSerde;
import org.apache.kafka.common.serialization.Serdes;

/** The typed topics of one forecasting topology. Input and dead letters stay raw bytes: the dead-letter topic gets records unchanged. */
public record Topics(
        Topic<byte[], byte[]> observations,
        Topic<String, Forecast> forecasts,
        Topic<String, Anomaly> anomalies,
        Topic<byte[], byte[]> deadLetters) {
    public static Topics of(TopologySpec spec) {
        return new Topics(
                new Topic<>(spec.input, Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(spec.output, Serdes.String(), ForecastSerde.serde()),
                new Topic<>(spec.anomalies, Serdes.String(), AnomalySerde.serde()),
                new Topic<>(spec.deadLetter, Serdes.ByteArray(), Serdes.ByteArray()));
    }
}
