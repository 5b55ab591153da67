package io.streamcast.emit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** JSON for {@link Forecast}: ISO-8601 timestamps, no nulls. */
public final class ForecastSerde {
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ForecastSerde() {
    }

    public static Serde<Forecast> serde() {
        Serializer<Forecast> ser = (topic, f) -> toBytes(f);
        Deserializer<Forecast> de = (topic, bytes) -> fromBytes(bytes);
        return Serdes.serdeFrom(ser, de);
    }

    public static byte[] toBytes(Forecast f) {
        try {
            return f == null ? null : JSON.writeValueAsBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Forecast fromBytes(byte[] bytes) {
        try {
            return bytes == null ? null : JSON.readValue(bytes, Forecast.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
