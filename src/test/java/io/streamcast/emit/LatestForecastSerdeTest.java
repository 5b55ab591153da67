package io.streamcast.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The latest-forecasts store's binary form gives back exactly the forecast, reads the JSON the store held before, and is far smaller. */
class LatestForecastSerdeTest {
    private static Forecast forecast(Instant origin) {
        List<ForecastPoint> points = new ArrayList<>();
        for (int h = 1; h <= 12; h++) {
            double v = 100 + Math.PI * h;
            points.add(new ForecastPoint(h, origin.plus(Duration.ofHours(h)), v, v - 1.0 / 3 * h, v + 1.0 / 3 * h));
        }
        points.add(new ForecastPoint(13, origin.plus(Duration.ofHours(13)), 1.5, null, null));
        return new Forecast("séries-1", origin, "gru", 7, "hourly", points);
    }

    @Test
    void comesBackExactlyAndSmallerThanJson() {
        Forecast f = forecast(Instant.parse("2024-01-01T00:00:00Z"));
        byte[] binary = LatestForecastSerde.toBytes(f);
        assertEquals(f, LatestForecastSerde.fromBytes(binary));
        int json = ForecastSerde.toBytes(f).length;
        assertTrue(binary.length * 3 < json, binary.length + " bytes binary vs " + json + " JSON");
    }

    /** The compact layouts (h in order, int time steps, symmetric intervals) are choices, never approximations. */
    @Test
    void unusualForecastsComeBackExactlyToo() {
        Instant origin = Instant.parse("2024-01-01T00:00:00Z");
        Forecast f = new Forecast(
                "s",
                origin,
                "ets",
                0,
                "t",
                List.of(
                        new ForecastPoint(
                                2, origin.plus(Duration.ofDays(40)), 0.1, 0.1 - 0.7, 0.1 + 0.30000000000000004),
                        new ForecastPoint(1, origin.plus(Duration.ofDays(1)), 1e300, -1e300, 1e-300),
                        new ForecastPoint(7, origin.minus(Duration.ofDays(365 * 300)), -0.0, null, 3.0)));
        assertEquals(f, LatestForecastSerde.fromBytes(LatestForecastSerde.toBytes(f)));
    }

    @Test
    void readsTheJsonTheStoreHeldBefore() {
        Forecast f = forecast(Instant.parse("2024-01-01T00:00:00Z"));
        assertEquals(f, LatestForecastSerde.fromBytes(ForecastSerde.toBytes(f)));
    }

    @Test
    void whatBinaryCannotHoldExactlyIsWrittenAsJson() {
        Forecast f = forecast(Instant.parse("2024-01-01T00:00:00.000000123Z"));
        byte[] bytes = LatestForecastSerde.toBytes(f);
        assertEquals('{', bytes[0]);
        assertEquals(f, LatestForecastSerde.fromBytes(bytes));
    }
}
