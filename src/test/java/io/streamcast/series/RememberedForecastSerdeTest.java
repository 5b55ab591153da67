package io.streamcast.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A remembered forecast is written once per forecast: it comes back exactly (the interval within
 * float rounding, since it is kept as half-widths), with no copy of what the forecast already says.
 */
class RememberedForecastSerdeTest {
    private static final int H = 12;

    private static float[] steps(float start) {
        float[] a = new float[H];
        for (int i = 0; i < H; i++) {
            a[i] = start + 0.37f * i;
        }
        return a;
    }

    @Test
    void comesBackExactlyAndWithoutDuplicateCopies() {
        float[] served = steps(10);
        float[] lower = new float[H];
        float[] upper = new float[H];
        for (int h = 0; h < H; h++) {
            lower[h] = served[h] - (0.5f + h);
            upper[h] = served[h] + (0.5f + h);
        }
        float[] other = steps(11);
        RememberedForecast networkServed =
                new RememberedForecast(27, "gru", served, lower, upper, other, served.clone());
        RememberedForecast baseServed = new RememberedForecast(28, "ets", served, lower, upper, served.clone(), other);
        RememberedForecast fallback = new RememberedForecast(29, "seasonal-naive", served, lower, upper);
        RememberedForecast noInterval = new RememberedForecast(30, "naive", served, null, null);

        for (RememberedForecast r : new RememberedForecast[] {networkServed, baseServed, fallback, noInterval}) {
            byte[] bytes = RememberedForecastSerde.toBytes(r);
            RememberedForecast back = RememberedForecastSerde.fromBytes(bytes);
            assertEquals(r.originIndex(), back.originIndex());
            assertEquals(r.model(), back.model());
            assertArrayEquals(r.forecast(), back.forecast());
            if (r.lower() == null) {
                assertNull(back.lower());
                assertNull(back.upper());
            } else {
                assertArrayEquals(r.lower(), back.lower(), 1e-5f);
                assertArrayEquals(r.upper(), back.upper(), 1e-5f);
            }
            if (r.base() == null) {
                assertNull(back.base());
            } else {
                assertArrayEquals(r.base(), back.base());
            }
            if (r.network() == null) {
                assertNull(back.network());
            } else {
                assertArrayEquals(r.network(), back.network());
            }
            // A forecast, its half-widths, at most one other copy, and a small header.
            assertTrue(bytes.length <= 3 * H * 4 + 30 + r.model().length(), r.model() + ": " + bytes.length + " bytes");
        }
    }

    @Test
    void keepsTheVersionAndOriginAndStillReadsTheFormatWithoutThem() {
        float[] served = steps(10);
        RememberedForecast r =
                new RememberedForecast(27, "gru", served, null, null, null, served.clone(), 17, 1_704_067_200_000L);
        byte[] bytes = RememberedForecastSerde.toBytes(r);
        RememberedForecast back = RememberedForecastSerde.fromBytes(bytes);
        assertEquals(17, back.version());
        assertEquals(1_704_067_200_000L, back.originMillis());

        // Format 1: the same without the two longs after the origin index.
        byte[] old = new byte[bytes.length - 16];
        System.arraycopy(bytes, 0, old, 0, 9);
        System.arraycopy(bytes, 25, old, 9, bytes.length - 25);
        old[0] = 1;
        RememberedForecast legacy = RememberedForecastSerde.fromBytes(old);
        assertEquals(27, legacy.originIndex());
        assertEquals("gru", legacy.model());
        assertArrayEquals(served, legacy.forecast());
        assertEquals(RememberedForecast.UNKNOWN, legacy.version());
        assertEquals(RememberedForecast.UNKNOWN, legacy.originMillis());
    }
}
