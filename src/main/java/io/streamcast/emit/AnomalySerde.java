package io.streamcast.emit;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** JSON for {@link Anomaly}, with the forecasts topic's conventions (ISO-8601 timestamps, no nulls). */
public final class AnomalySerde {
    private AnomalySerde() {}

    public static Serde<Anomaly> serde() {
        Serializer<Anomaly> ser = (topic, a) -> toBytes(a);
        Deserializer<Anomaly> de = (topic, bytes) -> fromBytes(bytes);
        return Serdes.serdeFrom(ser, de);
    }

    public static byte[] toBytes(Anomaly a) {
        try {
            return a == null ? null : ForecastSerde.JSON.writeValueAsBytes(a);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Anomaly fromBytes(byte[] bytes) {
        try {
            return bytes == null ? null : ForecastSerde.JSON.readValue(bytes, Anomaly.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
