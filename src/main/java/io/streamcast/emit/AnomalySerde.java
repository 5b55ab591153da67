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

    /** Written by {@link ForecastJson}, field by field: the bytes the mapper would write, faster. */
    public static byte[] toBytes(Anomaly a) {
        return a == null ? null : ForecastJson.write(ForecastSerde.JSON.getFactory(), a);
    }

    public static Anomaly fromBytes(byte[] bytes) {
        try {
            return bytes == null ? null : ForecastSerde.JSON.readValue(bytes, Anomaly.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
