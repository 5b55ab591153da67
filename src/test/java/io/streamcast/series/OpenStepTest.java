package io.streamcast.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A step's readings make its value by each aggregation, in whatever order they arrive, and survive the store. */
class OpenStepTest {
    private static final long T = 1_704_067_200_000L;

    /** Readings of one hour arriving out of order: 12:40 (5), 12:05 (3, with a feature), 12:55 (9), 12:20 (7, with it). */
    private static OpenStep hour() {
        OpenStep step = new OpenStep(T);
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
        long end = T + 3_600_000;
        for (Aggregation a : Aggregation.values()) {
            assertEquals(hour().valueClosedBy(a, end, end, 10), restored.valueClosedBy(a, end, end, 10), a.toString());
        }
        assertEquals(hour().featureMeans(), restored.featureMeans());
        assertEquals(T, restored.startMillis());
        assertEquals(OpenStep.NONE_CLOSED, restored.closedStartMillis());
        assertEquals(T + 55 * 60_000, restored.lastTsMillis());
        assertEquals(113, OpenStepSerde.write(new OpenStep(T)).length);
        // A reading after the restore goes on from the stored sums.
        restored.add(T + 59 * 60_000, 1, Map.of());
        assertEquals(5, restored.value(Aggregation.MEAN));
        assertEquals(1, restored.value(Aggregation.LAST));
    }

    /**
     * {@code closeAfter} closed a meter's hour at its last reading, 00:45, before the reading at
     * 01:15 came: the hour could not count the rise to it, so the next hour counts all of it, from
     * 00:45 on. The counter's total is conserved (before, the half in the closed hour was lost);
     * kept across a restore, and a record of format 1 reads as counting from its start.
     */
    @Test
    void aStepAfterOneClosedByTimeCountsTheRiseTheClosedOneCouldNot() {
        long q = 15 * 60_000;
        OpenStep hour = new OpenStep(T);
        hour.add(T, 1000, Map.of());
        hour.add(T + 3 * q, 1003, Map.of());
        double closedByTime = hour.valueClosedBy(Aggregation.INCREASE, T + 4 * q, T + 3 * q, 0);
        assertEquals(3, closedByTime, 1e-12);

        OpenStep next = OpenStepSerde.read(OpenStepSerde.write(OpenStep.afterClosedByTime(T + 4 * q, hour)));
        next.add(T + 5 * q, 1008, Map.of());
        next.add(T + 7 * q, 1010, Map.of());
        assertEquals(
                1010 - 1000,
                closedByTime + next.valueClosedBy(Aggregation.INCREASE, T + 8 * q, T + 7 * q, 0),
                1e-12,
                "the total rise, none lost");
        // Or the next reading lands hours later: the first hour without one takes the tail with its share.
        OpenStep quiet = OpenStep.afterClosedByTime(T + 4 * q, hour);
        assertEquals(
                (1 + 4) / 9.0 * 9,
                quiet.riseShareOf(T + 4 * q, T + 8 * q, T + 12 * q, 1012),
                1e-12,
                "00:45 to 02:00 of 00:45 to 03:00");
        assertEquals(4, quiet.riseShareOf(T + 8 * q, T + 12 * q, T + 12 * q, 1012), 1e-12);

        byte[] format2 = OpenStepSerde.write(OpenStep.afterClosedByTime(T + 4 * q, hour));
        byte[] format1 = new byte[format2.length - 8];
        System.arraycopy(format2, 0, format1, 0, 101);
        System.arraycopy(format2, 109, format1, 101, format2.length - 109);
        format1[0] = 1;
        OpenStep old = OpenStepSerde.read(format1);
        old.add(T + 5 * q, 1008, Map.of());
        assertEquals(2.5, old.valueClosedBy(Aggregation.INCREASE, T + 8 * q, T + 5 * q, 0), 1e-12, "from its start");
    }

    @Test
    void aggregationsAreNamedAsTopologiesWriteThem() {
        assertEquals(Aggregation.MEAN, Aggregation.parse(" Mean "));
        assertEquals(null, Aggregation.parse(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aggregation.parse("avg"));
        assertEquals(
                "aggregate: 'avg' is not one of mean, sum, min, max, first, last, count, increase", e.getMessage());
    }

    /**
     * An energy meter's kWh total read every 15 minutes: an hour's use is what the total rose from
     * the hour's start to its end, the interval from its last reading to the next hour's first
     * counted in; a meter replaced mid-hour restarts from zero; a reading older than the newest
     * says nothing new; over hours without a reading the rise is shared out by time.
     */
    @Test
    void aCountersIncreaseIsItsRiseOverTheStep() {
        long q = 15 * 60_000;
        OpenStep previous = new OpenStep(T - 4 * q);
        previous.add(T - q, 1000, Map.of());
        OpenStep hour = new OpenStep(T, previous);
        hour.add(T, 1002, Map.of());
        hour.add(T + 2 * q, 1007, Map.of());
        hour.add(T + q, 1004, Map.of()); // late within the hour: between the two, nothing new
        hour.add(T + 3 * q, 1008, Map.of());
        assertEquals(
                6 + 4,
                hour.valueClosedBy(Aggregation.INCREASE, T + 4 * q, T + 4 * q, 1012),
                "1002 at 00:00 to 1012 at 01:00");
        assertEquals(
                10,
                OpenStepSerde.read(OpenStepSerde.write(hour))
                        .valueClosedBy(Aggregation.INCREASE, T + 4 * q, T + 4 * q, 1012));

        OpenStep replaced = new OpenStep(T + 4 * q, hour);
        replaced.add(T + 4 * q, 1012, Map.of());
        replaced.add(T + 5 * q, 3, Map.of()); // the meter replaced: restarted from zero
        assertEquals(3 + 1, replaced.valueClosedBy(Aggregation.INCREASE, T + 8 * q, T + 8 * q, 4));

        // Read at 01:45, then not until 05:15: the 14 kWh between fall a quarter-hour in the hour
        // read last, three whole hours without readings, and a quarter-hour in the hour read next.
        OpenStep beforeGap = new OpenStep(T + 4 * q);
        beforeGap.add(T + 7 * q, 1000, Map.of());
        OpenStep afterGap = new OpenStep(T + 20 * q, beforeGap);
        afterGap.add(T + 21 * q, 1014, Map.of());
        assertEquals(1.0, beforeGap.valueClosedBy(Aggregation.INCREASE, T + 8 * q, T + 21 * q, 1014), 1e-12);
        assertEquals(1.0, afterGap.valueClosedBy(Aggregation.INCREASE, T + 24 * q, T + 21 * q, 1014), 1e-12);
        for (int between = 2; between < 5; between++) {
            assertEquals(
                    4.0,
                    beforeGap.riseShareOf(T + 4 * between * q, T + 4 * (between + 1) * q, T + 21 * q, 1014),
                    1e-12,
                    "hour " + between + " without a reading");
        }
        // Closed by time without readings, a step carries the baseline its share is counted from.
        OpenStep carried = new OpenStep(T + 8 * q, beforeGap);
        assertEquals(4.0, carried.riseShareOf(T + 8 * q, T + 12 * q, T + 21 * q, 1014), 1e-12);
        assertTrue(Double.isNaN(new OpenStep(T).riseShareOf(T, T + 4 * q, T + 5 * q, 3)), "no reading before");
    }
}
