package io.streamcast.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A series' remembered forecasts come back as they were at every step an actual can still score
 * (the interval within float rounding), the steps before that are not stored, and a slot entry of
 * the earlier layout reads as a list of one.
 */
class RecentForecastsSerdeTest {
    private static final int H = 12;

    private static RememberedForecast made(long origin, String model, boolean interval, boolean both) {
        float[] served = new float[H];
        float[] lower = new float[H];
        float[] upper = new float[H];
        float[] other = new float[H];
        for (int h = 0; h < H; h++) {
            served[h] = origin + 0.37f * h;
            lower[h] = served[h] - (0.5f + h);
            upper[h] = served[h] + (0.5f + h);
            other[h] = served[h] + 1;
        }
        return new RememberedForecast(
                origin,
                model,
                served,
                interval ? lower : null,
                interval ? upper : null,
                both ? other : null,
                both ? served.clone() : null,
                3,
                1_000L * origin);
    }

    @Test
    void everyStepStillToComeComesBack() {
        List<RememberedForecast> all = new ArrayList<>();
        for (long origin = 20; origin < 20 + H; origin++) {
            all.add(made(origin, origin % 3 == 0 ? "naive" : "gru", origin % 4 != 0, origin % 2 == 0));
        }
        RecentForecasts recent = new RecentForecasts(all);
        byte[] bytes = RecentForecastsSerde.toBytes(recent);
        RecentForecasts back = RecentForecastsSerde.fromBytes(bytes);
        assertEquals(H, back.forecasts().size());
        long newest = recent.newestOrigin();
        for (int i = 0; i < H; i++) {
            RememberedForecast r = all.get(i);
            RememberedForecast b = back.forecasts().get(i);
            assertEquals(r.originIndex(), b.originIndex());
            assertEquals(r.model(), b.model());
            assertEquals(r.version(), b.version());
            assertEquals(r.originMillis(), b.originMillis());
            int from = (int) (newest - r.originIndex());
            for (int h = 0; h < H; h++) {
                if (h < from) {
                    assertTrue(Float.isNaN(b.forecast()[h]), "step " + (h + 1) + " precedes the next actual: not kept");
                    continue;
                }
                assertEquals(r.forecast()[h], b.forecast()[h]);
                if (r.lower() == null) {
                    assertNull(b.lower());
                } else {
                    assertEquals(r.lower()[h], b.lower()[h], 1e-5f);
                    assertEquals(r.upper()[h], b.upper()[h], 1e-5f);
                }
                if (r.base() == null) {
                    assertNull(b.base());
                    assertNull(b.network());
                } else {
                    assertEquals(r.base()[h], b.base()[h]);
                    assertEquals(r.network()[h], b.network()[h]);
                }
            }
        }
        int whole = all.stream()
                .mapToInt(r -> RememberedForecastSerde.toBytes(r).length)
                .sum();
        assertTrue(
                bytes.length < 0.7 * whole,
                "steps to come only: " + bytes.length + " bytes against " + whole + " for the whole forecasts");
    }

    @Test
    void aSlotEntryOfTheEarlierLayoutReadsAsAListOfOne() {
        RememberedForecast r = made(7, "gru", true, true);
        RecentForecasts back = RecentForecastsSerde.fromBytes(RememberedForecastSerde.toBytes(r));
        assertEquals(1, back.forecasts().size());
        assertArrayEquals(r.forecast(), back.forecasts().get(0).forecast());
        assertEquals(r.version(), back.forecasts().get(0).version());
    }

    @Test
    void noForecastsIsAShortRecord() {
        assertEquals(
                List.of(),
                RecentForecastsSerde.fromBytes(RecentForecastsSerde.toBytes(RecentForecasts.NONE))
                        .forecasts());
    }
}
