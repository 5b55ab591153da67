package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void holdoutMustBeAFraction() {
        assertThrows(IllegalArgumentException.class, () -> HoldoutProtocol.firstOriginIndex(100, 0));
        assertThrows(IllegalArgumentException.class, () -> HoldoutProtocol.firstOriginIndex(100, 1.5));
        assertThrows(IllegalArgumentException.class, () -> HoldoutProtocol.firstOriginIndex(100, Double.NaN));
    }
}
