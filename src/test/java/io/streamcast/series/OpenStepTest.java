package io.streamcast.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A step's readings make its value by each aggregation, in whatever order they arrive, and survive the store. */
class OpenStepTest {
    private static final long T = 1_704_067_200_000L;

    /** Readings of one hour arriving out of order: 12:40 (5), 12:05 (3, with a feature), 12:55 (9), 12:20 (7, with it). */
    private static OpenStep hour() {
        OpenStep step = new OpenStep(T, T - 3_600_000);
        step.add(T + 40 * 60_000, 5, Map.of());
        step.add(T + 5 * 60_000, 3, Map.of("load", 10.0));
        step.add(T + 55 * 60_000, 9, Map.of());
        step.add(T + 20 * 60_000, 7, Map.of("load", 20.0));
        return step;
    }

    @Test
    void eachAggregationIsWhatItsNameSays() {
        OpenStep step = hour();
        assertEquals(6, step.value(Aggregation.MEAN));
        assertEquals(24, step.value(Aggregation.SUM));
        assertEquals(3, step.value(Aggregation.MIN));
        assertEquals(9, step.value(Aggregation.MAX));
        assertEquals(3, step.value(Aggregation.FIRST), "the earliest by timestamp, not the first to arrive");
        assertEquals(9, step.value(Aggregation.LAST), "the latest by timestamp");
        assertEquals(4, step.value(Aggregation.COUNT), "readings, whatever their values");
        assertEquals(Map.of("load", 15.0), step.featureMeans(), "over the readings that carried it");
        assertEquals(4, step.count());
    }

    @Test
    void survivesTheStoreUnchanged() {
        OpenStep restored = OpenStepSerde.read(OpenStepSerde.write(hour()));
        for (Aggregation a : Aggregation.values()) {
            assertEquals(hour().value(a), restored.value(a), a.toString());
        }
        assertEquals(hour().featureMeans(), restored.featureMeans());
        assertEquals(T, restored.startMillis());
        assertEquals(T - 3_600_000, restored.closedStartMillis());
        assertEquals(T + 55 * 60_000, restored.lastTsMillis());
        assertEquals(81, OpenStepSerde.write(new OpenStep(T, OpenStep.NONE_CLOSED)).length);
        // A reading after the restore goes on from the stored sums.
        restored.add(T + 59 * 60_000, 1, Map.of());
        assertEquals(5, restored.value(Aggregation.MEAN));
        assertEquals(1, restored.value(Aggregation.LAST));
    }

    @Test
    void aggregationsAreNamedAsTopologiesWriteThem() {
        assertEquals(Aggregation.MEAN, Aggregation.parse(" Mean "));
        assertEquals(null, Aggregation.parse(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aggregation.parse("avg"));
        assertEquals("aggregate: 'avg' is not one of mean, sum, min, max, first, last, count", e.getMessage());
    }
}
