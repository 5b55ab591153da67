package io.streamcast.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HorizonBucketTest {

    @Test
    void bucketsSplitAtTheirDocumentedBoundaries() {
        assertEquals("1", HorizonBucket.of(1));
        assertEquals("2-3", HorizonBucket.of(2));
        assertEquals("2-3", HorizonBucket.of(3));
        assertEquals("4-6", HorizonBucket.of(4));
        assertEquals("4-6", HorizonBucket.of(6));
        assertEquals("7-12", HorizonBucket.of(7));
        assertEquals("7-12", HorizonBucket.of(12));
        assertEquals("13-24", HorizonBucket.of(13));
        assertEquals("13-24", HorizonBucket.of(24));
        assertEquals("25+", HorizonBucket.of(25));
        assertEquals("25+", HorizonBucket.of(10_000));
    }

    @Test
    void horizonIsOneBased() {
        assertThrows(IllegalArgumentException.class, () -> HorizonBucket.of(0));
    }
}
