package io.streamcast.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
    void theStreamingWriterWritesWhatTheMapperWrites() throws Exception {
        Random random = new Random(11);
        String[] origins = {
            "2024-01-01T00:00:00Z",
            "1999-12-31T23:59:59Z",
            "2024-02-29T12:00:00.500Z",
            "0001-01-01T00:00:00Z",
            "1969-12-31T23:00:00Z",
            "+10000-01-01T00:00:00Z",
            "2024-03-01T00:00:00.000000001Z"
        };
        for (String o : origins) {
            Instant origin = Instant.parse(o);
            for (String model : new String[] {"gru", null, "seasonal \"naive\" \u00e9"}) {
                List<ForecastPoint> points = new ArrayList<>();
                for (int h = 1; h <= 12; h++) {
                    double v = random.nextGaussian() * Math.pow(10, random.nextInt(16) - 6);
                    points.add(new ForecastPoint(
                            h,
                            origin.plusSeconds(2_629_746L * h),
                            v,
                            h % 3 == 0 ? null : v - 1,
                            h % 4 == 0 ? null : v + 1));
                }
                Forecast f = new Forecast("s\t" + o, origin, model, random.nextLong(), h(random), points);
                assertArrayEquals(ForecastSerde.JSON.writeValueAsBytes(f), ForecastSerde.toBytes(f), o + " " + model);
            }
        }
        Forecast noPoints = new Forecast("s", null, "gru", 1, null, null);
        assertArrayEquals(ForecastSerde.JSON.writeValueAsBytes(noPoints), ForecastSerde.toBytes(noPoints));
    }

    private static String h(Random random) {
        return random.nextBoolean() ? "temps" : null;
    }

    @Test
    void timestampsReadAsInstantToStringWritesThem() {
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            long second = random.nextLong(-62_167_219_200L - 86_400, 253_402_300_799L + 86_400);
            Instant t = Instant.ofEpochSecond(second, i % 10 == 0 ? random.nextInt(1_000_000_000) : 0);
            assertEquals(t.toString(), UtcTimestamp.format(t));
        }
        for (Instant t :
                new Instant[] {Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.parse("9999-12-31T23:59:59Z")}) {
            assertEquals(t.toString(), UtcTimestamp.format(t));
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
