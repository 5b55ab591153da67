package io.streamcast.emit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON for {@link Forecast}: ISO-8601 timestamps, no nulls, numbers at {@link ForecastNumbers}'
 * precision (a thousandth of the forecast's interval). Other doubles (anomalies, REST replies) are
 * written and read with Jackson's fast number codecs (Schubfach, the algorithm of Java 19's
 * {@code Double.toString}): the shortest decimal that reads back as the same double.
 */
public final class ForecastSerde {
    public static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // REST answers with Forecast objects: the same bytes as the forecasts topic carries.
            .addModule(new SimpleModule("forecast").addSerializer(Forecast.class, new StdSerializer<>(Forecast.class) {
                @Override
                public void serialize(Forecast f, JsonGenerator g, SerializerProvider provider) throws IOException {
                    ForecastJson.writeTo(g, f);
                }
            }))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private ForecastSerde() {}

    public static Serde<Forecast> serde() {
        Serializer<Forecast> ser = (topic, f) -> toBytes(f);
        Deserializer<Forecast> de = (topic, bytes) -> fromBytes(bytes);
        return Serdes.serdeFrom(ser, de);
    }

    public static byte[] toBytes(Forecast f) {
        return f == null ? null : ForecastJson.write(JSON.getFactory(), f);
    }

    public static Forecast fromBytes(byte[] bytes) {
        try {
            return bytes == null ? null : JSON.readValue(bytes, Forecast.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
