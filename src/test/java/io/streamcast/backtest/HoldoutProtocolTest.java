package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HoldoutProtocolTest {
    @Test
    void airPassengersHas28OriginsStartingAtIndex115() {
        assertEquals(28, HoldoutProtocol.originCount(144, 0.2));
        assertEquals(115, HoldoutProtocol.firstOriginIndex(144, 0.2));
        assertEquals(142, HoldoutProtocol.lastScorableOriginIndex(144));
    }

    @Test
    void atLeast24OriginsWhateverTheHoldout() {
        assertEquals(24, HoldoutProtocol.originCount(50, 0.2));
        assertEquals(50 - 24 - 1, HoldoutProtocol.firstOriginIndex(50, 0.2));
    }

    @Test
    void shortSeriesStartAtTheSecondPoint() {
        assertEquals(1, HoldoutProtocol.firstOriginIndex(10, 0.2));
        assertEquals(1, HoldoutProtocol.firstOriginIndex(25, 0.2));
    }

    @Test
    void floatingPointNoiseDoesNotLoseAnOrigin() {
        assertEquals(29, HoldoutProtocol.originCount(100, 0.29)); // 0.29 * 100 = 28.999999999999996
    }

    @Test
    void upTo500OriginsAllAreScored() {
        assertArrayEquals(IntStream.rangeClosed(115, 142).toArray(), HoldoutProtocol.scoredOrigins(144, 0.2));
        // n = 2500: K = 500 exactly, no subsampling yet.
        assertArrayEquals(IntStream.rangeClosed(1999, 2498).toArray(), HoldoutProtocol.scoredOrigins(2500, 0.2));
        assertEquals(0, HoldoutProtocol.scoredOrigins(1, 0.2).length, "one point has no scorable origin");
    }

    @Test
    void moreThan500OriginsAreSubsampledTo500EvenlySpreadIncludingFirstAndLast() {
        // n = 3000: K = 600 origins, indices 2399..2998.
        int[] origins = HoldoutProtocol.scoredOrigins(3000, 0.2);

        assertEquals(HoldoutProtocol.MAX_SCORED_ORIGINS, origins.length);
        assertEquals(2399, origins[0]);
        assertEquals(2998, origins[499]);
        for (int i = 0; i < origins.length; i++) {
            assertEquals(2399 + Math.round(i * 599.0 / 499), origins[i], "i=" + i);
        }
        for (int i = 1; i < origins.length; i++) {
            int gap = origins[i] - origins[i - 1];
            assertTrue(gap == 1 || gap == 2, "600 -> 500 leaves gaps of 1 or 2, was " + gap + " at i=" + i);
        }
    }

    @Test
    void holdoutMustBeAFraction() {
        assertThrows(IllegalArgumentException.class, () -> HoldoutProtocol.firstOriginIndex(100, 0));
        assertThrows(IllegalArgumentException.class, () -> HoldoutProtocol.firstOriginIndex(100, 1.5));
        assertThrows(IllegalArgumentException.class, () -> HoldoutProtocol.firstOriginIndex(100, Double.NaN));
    }
}
