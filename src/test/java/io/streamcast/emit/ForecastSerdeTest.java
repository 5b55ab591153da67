package io.streamcast.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The forecast message of the contract: every number reads back as the double that was written. */
class ForecastSerdeTest {

    @Test
    void everyDoubleReadsBackExactly() {
        Random random = new Random(7);
        Instant origin = Instant.parse("2024-01-01T00:00:00Z");
        for (int round = 0; round < 200; round++) {
            List<ForecastPoint> points = new ArrayList<>();
            for (int h = 1; h <= 24; h++) {
                double scale = Math.pow(10, random.nextInt(20) - 8);
                double value = random.nextGaussian() * scale;
                points.add(new ForecastPoint(
                        h,
                        origin.plusSeconds(3600L * h),
                        value,
                        value - scale * random.nextDouble(),
                        h % 5 == 0 ? null : value + scale * random.nextDouble()));
            }
            Forecast f = new Forecast("s" + round, origin, "gru", round, "temps", points);
            assertEquals(f, ForecastSerde.fromBytes(ForecastSerde.toBytes(f)));
        }
    }

    @Test
    void theMessageReadsAsTheContractShowsIt() {
        Forecast f = new Forecast(
                "s1",
                Instant.parse("2024-01-01T00:00:00Z"),
                "gru",
                17,
                "temps",
                List.of(new ForecastPoint(1, Instant.parse("2024-01-01T01:00:00Z"), 13.1, 11.9, 14.2)));
        String json = new String(ForecastSerde.toBytes(f), StandardCharsets.UTF_8);
        assertEquals(
                "{\"series\":\"s1\",\"origin\":\"2024-01-01T00:00:00Z\",\"model\":\"gru\",\"version\":17,\"topology\":\"temps\","
                        + "\"points\":[{\"h\":1,\"ts\":\"2024-01-01T01:00:00Z\",\"value\":13.1,\"lower\":11.9,\"upper\":14.2}]}",
                json);
        assertTrue(json.length() < 200);
    }
}
