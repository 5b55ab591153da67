package io.streamcast.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RollingAccuracyTest {

    @Test
    void emptyWindowHasNoAccuracyYet() {
        RollingAccuracy accuracy = new RollingAccuracy(3);
        assertTrue(Double.isNaN(accuracy.mae()));
        assertTrue(Double.isNaN(accuracy.smape()));
        assertTrue(Double.isNaN(accuracy.mase()));
        assertTrue(Double.isNaN(accuracy.coverage()));
        assertTrue(Double.isNaN(accuracy.intervalWidth()));
    }

    @Test
    void intervalWidthIsInUnitsOfTheSeasonalScaleOverPointsWithBothBoundsAndAScale() {
        RollingAccuracy accuracy = new RollingAccuracy(10);
        accuracy.add(10, 10, 2, 8.0, 12.0); // width 4 over scale 2
        accuracy.add(10, 10, 4, 9.0, 11.0); // width 2 over scale 4
        accuracy.add(10, 10, 0, 0.0, 100.0); // no usable scale
        accuracy.add(10, 10, 1, 9.0, Double.NaN); // no interval
        assertEquals((2 + 0.5) / 2, accuracy.intervalWidth(), 1e-12);
    }

    @Test
    void oldestPointsLeaveTheWindow() {
        RollingAccuracy accuracy = new RollingAccuracy(3);
        accuracy.add(100, 0, 1, 0.0, 1.0); // error 100, outside its interval
        for (int i = 0; i < 3; i++) {
            accuracy.add(10, 9, 2, 9.0, 11.0); // error 1, inside
        }
        assertEquals(1.0, accuracy.mae(), 1e-12);
        assertEquals(0.5, accuracy.mase(), 1e-12);
        assertEquals(1.0, accuracy.coverage(), 1e-12);
    }

    @Test
    void nonFiniteActualOrForecastIsNotScored() {
        RollingAccuracy accuracy = new RollingAccuracy(3);
        assertFalse(accuracy.add(Double.NaN, 1, 1, Double.NaN, Double.NaN));
        assertFalse(accuracy.add(1, Double.POSITIVE_INFINITY, 1, Double.NaN, Double.NaN));
        assertTrue(accuracy.add(4, 2, 1, Double.NaN, Double.NaN));
        assertEquals(2.0, accuracy.mae(), 1e-12);
    }
}
