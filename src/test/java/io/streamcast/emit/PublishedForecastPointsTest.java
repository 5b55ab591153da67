package io.streamcast.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A forecast published from its arrays is the message a list of its points would be, byte for
 * byte (on the forecasts topic and through REST's mapper), with or without further quantiles, on
 * clock and calendar steps, and equal to that forecast as an object.
 */
class PublishedForecastPointsTest {

    @Test
    void theArraysWriteTheBytesTheirPointsWouldWrite() throws Exception {
        Random random = new Random(11);
        for (String stepText : List.of("PT1H", "P1M", "PT15M")) {
            Step step = Step.parse(stepText);
            for (int round = 0; round < 100; round++) {
                Instant origin = Instant.parse("2024-01-31T00:00:00Z").plusSeconds(3600L * random.nextInt(1000));
                int horizon = 1 + random.nextInt(30);
                double scale = Math.pow(10, random.nextInt(16) - 6);
                double[] values = new double[horizon];
                double[] halves = new double[horizon];
                boolean withQuantiles = round % 2 == 0;
                String[] keys = withQuantiles ? new String[] {"0.05", "0.5", "0.95"} : new String[0];
                double[][] quantiles = new double[keys.length][horizon];
                for (int h = 0; h < horizon; h++) {
                    values[h] = random.nextGaussian() * scale * 100;
                    halves[h] = round % 17 == 0 ? 0 : scale * (0.1 + random.nextDouble()) * Math.sqrt(h + 1);
                    for (int q = 0; q < keys.length; q++) {
                        quantiles[q][h] = values[h] + (q - 1) * 1.3 * halves[h];
                    }
                }
                PublishedForecastPoints published = new PublishedForecastPoints(
                        origin, step, values, halves, keys, quantiles, ValueRange.UNBOUNDED);
                List<ForecastPoint> listed = new ArrayList<>(published);
                Forecast fromArrays = new Forecast("s" + round, origin, "gru", round, "t", published);
                Forecast fromList = new Forecast("s" + round, origin, "gru", round, "t", listed);
                String which = stepText + ", round " + round;
                assertArrayEquals(ForecastSerde.toBytes(fromList), ForecastSerde.toBytes(fromArrays), which);
                assertArrayEquals(
                        ForecastSerde.JSON.writeValueAsBytes(fromList),
                        ForecastSerde.JSON.writeValueAsBytes(fromArrays),
                        which);
                assertEquals(fromList, fromArrays, which);
                assertEquals(
                        step.after(origin, horizon), published.get(horizon - 1).ts(), which);
                assertEquals(values[0] - halves[0], published.get(0).lower(), which);
            }
        }
    }
}
