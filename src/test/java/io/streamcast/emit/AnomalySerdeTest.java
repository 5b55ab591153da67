package io.streamcast.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The anomaly event written field by field is what Jackson's mapper writes for the record, byte
 * for byte (with and without a version, with timestamps of any precision), and reads back equal.
 */
class AnomalySerdeTest {

    @Test
    void theStreamingWriterWritesWhatTheMapperWrites() throws Exception {
        Random random = new Random(5);
        for (int round = 0; round < 500; round++) {
            double scale = Math.pow(10, random.nextInt(20) - 8);
            Instant ts = Instant.ofEpochSecond(random.nextInt(2_000_000_000), round % 3 == 0 ? 1_000_000L * round : 0);
            Anomaly a = new Anomaly(
                    round % 7 == 0 ? "sensor \"é\" " + round : "s" + round,
                    ts,
                    random.nextGaussian() * scale,
                    random.nextGaussian() * scale,
                    random.nextGaussian() * scale - scale,
                    random.nextGaussian() * scale + scale,
                    1 + random.nextInt(24),
                    ts.minusSeconds(3600),
                    round % 2 == 0 ? "gru" : "ets",
                    round % 5 == 0 ? null : (long) random.nextInt(1000),
                    "temps",
                    random.nextDouble() * 10);
            byte[] written = AnomalySerde.toBytes(a);
            assertArrayEquals(ForecastSerde.JSON.writeValueAsBytes(a), written, "round " + round);
            assertEquals(a, AnomalySerde.fromBytes(written));
        }
    }
}
