package io.streamcast.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The forecast message of the contract: every number reads back within a thousandth of the
 * forecast's interval, exactly without one, and REST's mapper writes the same bytes.
 */
class ForecastSerdeTest {

    @Test
    void everyNumberReadsBackWithinAThousandthOfTheIntervalsHalfWidth() {
        Random random = new Random(7);
        Instant origin = Instant.parse("2024-01-01T00:00:00Z");
        for (int round = 0; round < 200; round++) {
            List<ForecastPoint> points = new ArrayList<>();
            double scale = Math.pow(10, random.nextInt(20) - 8);
            double level = random.nextGaussian() * scale * Math.pow(10, random.nextInt(4));
            for (int h = 1; h <= 24; h++) {
                double value = level + random.nextGaussian() * scale;
                double half = scale * (0.1 + random.nextDouble()) * Math.sqrt(h);
                points.add(new ForecastPoint(
                        h, origin.plusSeconds(3600L * h), value, value - half, h % 5 == 0 ? null : value + half));
            }
            Forecast f = new Forecast("s" + round, origin, "gru", round, "temps", points);
            Forecast back = ForecastSerde.fromBytes(ForecastSerde.toBytes(f));
            double firstHalf = (points.get(0).upper() - points.get(0).lower()) / 2;
            for (int h = 0; h < points.size(); h++) {
                ForecastPoint p = points.get(h);
                ForecastPoint q = back.points().get(h);
                assertEquals(p.h(), q.h());
                assertEquals(p.ts(), q.ts());
                double tolerance = Math.max(firstHalf / 1000, Math.ulp(p.value()) * 4);
                assertEquals(p.value(), q.value(), tolerance, "value, round " + round);
                assertEquals(p.lower(), q.lower(), tolerance, "lower, round " + round);
                if (p.upper() == null) {
                    assertEquals(null, q.upper());
                } else {
                    assertEquals(p.upper(), q.upper(), tolerance, "upper, round " + round);
                }
            }
        }
    }

    @Test
    void withoutAnIntervalEveryDoubleReadsBackExactly() {
        Random random = new Random(9);
        Instant origin = Instant.parse("2024-01-01T00:00:00Z");
        for (int round = 0; round < 200; round++) {
            List<ForecastPoint> points = new ArrayList<>();
            for (int h = 1; h <= 24; h++) {
                double value = random.nextGaussian() * Math.pow(10, random.nextInt(20) - 8);
                points.add(new ForecastPoint(h, origin.plusSeconds(3600L * h), value, null, null));
            }
            Forecast f = new Forecast("s" + round, origin, "seasonal-naive", round, "temps", points);
            assertEquals(f, ForecastSerde.fromBytes(ForecastSerde.toBytes(f)));
        }
    }

    @Test
    void numbersAreWrittenToAThousandthOfTheFirstIntervalsHalfWidth() {
        Instant origin = Instant.parse("2024-01-01T00:00:00Z");
        String json = new String(
                ForecastSerde.toBytes(new Forecast(
                        "s",
                        origin,
                        "gru",
                        1,
                        "t",
                        List.of(
                                new ForecastPoint(
                                        1,
                                        origin.plusSeconds(3600),
                                        13.847362918273645,
                                        12.647362918273645,
                                        15.047362918273645),
                                new ForecastPoint(2, origin.plusSeconds(7200), -0.00049, -3.5, 3.25)))),
                StandardCharsets.UTF_8);
        assertTrue(json.contains("\"value\":13.847,\"lower\":12.647,\"upper\":15.047"), json);
        assertTrue(json.contains("\"value\":0,\"lower\":-3.5,\"upper\":3.25"), json);
        assertEquals(3, ForecastNumbers.decimals(List.of(new ForecastPoint(1, origin, 10, 8.8, 11.2))));
        assertEquals(2, ForecastNumbers.decimals(List.of(new ForecastPoint(1, origin, 400, 380.0, 420.0))));
        assertEquals(0, ForecastNumbers.decimals(List.of(new ForecastPoint(1, origin, 1e6, 990_000.0, 1_010_000.0))));
        assertEquals(
                ForecastNumbers.EXACT,
                ForecastNumbers.decimals(List.of(new ForecastPoint(1, origin, 5, 5.0, 5.0))),
                "an empty interval says nothing about precision");
        assertEquals(
                ForecastNumbers.EXACT, ForecastNumbers.decimals(List.of(new ForecastPoint(1, origin, 5, null, null))));
        // A value too large to round at that precision within a long keeps its exact double.
        String big = new String(
                ForecastSerde.toBytes(new Forecast(
                        "s",
                        origin,
                        "gru",
                        1,
                        "t",
                        List.of(new ForecastPoint(1, origin, 1.234567890123e20, 1.2e20 - 1e-9, 1.2e20 + 1e-9)))),
                StandardCharsets.UTF_8);
        assertEquals(
                1.234567890123e20,
                ForecastSerde.fromBytes(big.getBytes(StandardCharsets.UTF_8))
                        .points()
                        .get(0)
                        .value());
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

    /** The writer reuses one buffer per thread: forecasts larger than its first block, and small ones after, come out whole. */
    @Test
    void forecastsOfAnySizeInAnyOrderAreWrittenWhole() throws Exception {
        Random random = new Random(5);
        Instant origin = Instant.parse("2024-01-01T00:00:00Z");
        for (int horizon : new int[] {400, 3, 12, 1000, 1, 400}) {
            List<ForecastPoint> points = new ArrayList<>();
            for (int h = 1; h <= horizon; h++) {
                double v = random.nextGaussian() * 100;
                points.add(new ForecastPoint(h, origin.plusSeconds(3600L * h), v, v - 2, v + 2));
            }
            Forecast f = new Forecast("series-" + horizon, origin, "gru", horizon, "temps", points);
            byte[] written = ForecastSerde.toBytes(f);
            assertArrayEquals(ForecastSerde.JSON.writeValueAsBytes(f), written, "horizon " + horizon);
            assertEquals(horizon, ForecastSerde.fromBytes(written).points().size(), "horizon " + horizon);
        }
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

    /** interval.quantiles: an object per point, keyed by probability, at the forecast's precision, read back in order. */
    @Test
    void quantilesAreWrittenInOrderAtTheForecastsPrecisionAndReadBack() {
        Instant origin = Instant.parse("2024-01-01T00:00:00Z");
        Map<String, Double> quantiles = new LinkedHashMap<>();
        quantiles.put(ForecastPoint.key(0.05), 11.905362918273645);
        quantiles.put(ForecastPoint.key(0.5), 13.847362918273645);
        quantiles.put(ForecastPoint.key(0.95), 15.789362918273645);
        Forecast f = new Forecast(
                "s",
                origin,
                "gru",
                1,
                "t",
                List.of(new ForecastPoint(
                        1,
                        origin.plusSeconds(3600),
                        13.847362918273645,
                        12.647362918273645,
                        15.047362918273645,
                        quantiles)));
        String json = new String(ForecastSerde.toBytes(f), StandardCharsets.UTF_8);
        assertTrue(
                json.contains("\"upper\":15.047,\"quantiles\":{\"0.05\":11.905,\"0.5\":13.847,\"0.95\":15.789}}"),
                json);
        Map<String, Double> back = ForecastSerde.fromBytes(ForecastSerde.toBytes(f))
                .points()
                .get(0)
                .quantiles();
        assertEquals(List.of("0.05", "0.5", "0.95"), List.copyOf(back.keySet()));
        assertEquals(List.of(11.905, 13.847, 15.789), List.copyOf(back.values()));
        assertEquals("0.1", ForecastPoint.key(0.1));
        assertEquals("0.975", ForecastPoint.key(0.975));
    }
}
