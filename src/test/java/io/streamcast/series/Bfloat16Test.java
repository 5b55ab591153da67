package io.streamcast.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the series record keeps of a residual: a relative error of at most 2^-8 over the whole float range. */
class Bfloat16Test {
    @Test
    void roundsToTheNearestWithin2ToTheMinus8OverTheWholeRange() {
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            float f = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(60) - 30));
            float r = Bfloat16.round(f);
            assertTrue(Math.abs(r - f) <= Math.abs(f) * 0x1p-8f, f + " -> " + r);
            assertEquals(r, Bfloat16.round(r), "rounding twice changes nothing");
            assertEquals(r, Bfloat16.fromBits(Bfloat16.bits(f)));
        }
        assertEquals(1e30f, Bfloat16.round(1e30f), 1e30f * 0x1p-8f, "large magnitudes fit");
        assertEquals(0f, Bfloat16.round(0f));
        assertTrue(Float.isNaN(Bfloat16.round(Float.NaN)));
    }

    @Test
    void aTieGoesToTheEvenNeighbour() {
        // 1 + 2^-8 lies halfway between 1 and 1 + 2^-7 (the next bfloat16): the even one, 1, wins.
        assertEquals(1f, Bfloat16.round(1f + 0x1p-8f));
        // 1 + 3 * 2^-8 lies halfway between 1 + 2^-7 (odd) and 1 + 2^-6 (even).
        assertEquals(1f + 0x1p-6f, Bfloat16.round(1f + 3 * 0x1p-8f));
        assertEquals(1f + 0x1p-7f, Bfloat16.round(1f + 0x1p-7f + 0x1p-10f), "below the tie: down");
    }
}
