package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.ingest.RejectReason;
import io.streamcast.ingest.Rejection;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class SeriesPartitioningTest {

    /** Where Java producers (and Kafka Streams' repartition) put a key: the promise is checked against exactly that. */
    @Test
    void eachSeriesBelongsWhereTheDefaultPartitionerPutsItsKey() {
        for (int partitions : new int[] {1, 4, 7, 32}) {
            SeriesPartitioning p = new SeriesPartitioning(partitions);
            for (int i = 0; i < 500; i++) {
                String series = "series-" + i + "-\u00e9";
                assertEquals(
                        BuiltInPartitioner.partitionForKey(series.getBytes(StandardCharsets.UTF_8), partitions),
                        p.partitionOf(series));
            }
        }
    }

    @Test
    void recordsOutOfPlaceAreRefusedWithTheReasonAndTheFix() {
        SeriesPartitioning p = new SeriesPartitioning(4);
        byte[] key = "s1".getBytes(StandardCharsets.UTF_8);
        int home = p.partitionOf("s1");
        assertNull(p.check(key, new byte[0], "s1", home));
        assertNull(p.check(key, new byte[0], "s1", -1), "partition unknown: the key alone is checked");
        Rejection wrongPartition = p.check(key, new byte[0], "s1", (home + 1) % 4);
        assertNotNull(wrongPartition);
        assertEquals(RejectReason.MISPARTITIONED, wrongPartition.reason());
        assertTrue(wrongPartition.detail().contains("murmur2"), wrongPartition.detail());
        assertEquals(
                RejectReason.MISPARTITIONED,
                p.check(null, new byte[0], "s1", home).reason());
        assertEquals(
                RejectReason.MISPARTITIONED,
                p.check("s2".getBytes(StandardCharsets.UTF_8), new byte[0], "s1", home)
                        .reason());
    }

    /** The records a topology forecasts without the by-series hop: read where the repartition would have put them. */
    @Test
    void aRecordIsInPlaceOnlyOnItsSeriesPartitionAndNeverWithTheCountUnknown() {
        SeriesPartitioning p = new SeriesPartitioning(4);
        int home = p.partitionOf("s1");
        assertTrue(p.inPlace("s1", home));
        assertFalse(p.inPlace("s1", (home + 1) % 4));
        assertFalse(p.inPlace("s1", -1), "read from nowhere known");
        SeriesPartitioning unknown = new SeriesPartitioning(ForecastTopology.UNKNOWN_PARTITIONS);
        assertFalse(unknown.inPlace("s1", 0));
        assertNull(
                unknown.check("s1".getBytes(StandardCharsets.UTF_8), new byte[0], "s1", 3),
                "count unknown: the key alone is checked");
    }
}
