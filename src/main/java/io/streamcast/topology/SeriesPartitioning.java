package io.streamcast.topology;

import io.streamcast.ingest.RejectReason;
import io.streamcast.ingest.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Utils;

/**
 * The promise a {@code partitionedBySeries} topology relies on, checked per record: keyed by its
 * series id, on the partition Kafka's default partitioner gives that key (murmur2 of the UTF-8
 * bytes, modulo the input's partitions: what the repartition step would have chosen). Why check:
 * producers disagree (kcat hashes with CRC32 unless told murmur2), and a series whose records
 * reach two tasks would keep two half histories and forecast from both.
 */
final class SeriesPartitioning {
    private final int partitions;

    /**
     * @param partitions the input topic's partition count, or {@link
     *     ForecastTopology#UNKNOWN_PARTITIONS} (a topology built without it, as under
     *     TopologyTestDriver): then only the key is checked and no record is in place
     */
    SeriesPartitioning(int partitions) {
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be >= 0, got " + partitions);
        }
        this.partitions = partitions;
    }

    /** The partition the default partitioner gives {@code series} as a key. */
    int partitionOf(String series) {
        return partitionOfKey(series.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether an accepted observation already sits on its series' partition: read from the input
     * partition the default partitioner gives its series id (a producer that keys by series: Java
     * clients, {@code streamcast replay}). Such a record needs no repartition; an unkeyed or
     * differently hashed one that landed there by chance does not either.
     */
    boolean inPlace(String series, int inputPartition) {
        return partitions != ForecastTopology.UNKNOWN_PARTITIONS
                && inputPartition >= 0
                && inputPartition == partitionOf(series);
    }

    private int partitionOfKey(byte[] key) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /**
     * Null when the record keeps the promise, else why not.
     *
     * @param rawKey    the record's key as it came
     * @param series    the series the record names
     * @param partition the partition it was read from; negative when unknown (then only the key is checked)
     */
    Rejection check(byte[] rawKey, byte[] rawValue, String series, int partition) {
        if (rawKey == null) {
            return reject(
                    rawKey,
                    rawValue,
                    "no key: with partitionedBySeries every record is keyed by its series id (\"" + series + "\")");
        }
        if (!Arrays.equals(rawKey, series.getBytes(StandardCharsets.UTF_8))) {
            return reject(rawKey, rawValue, "key is not the series id \"" + series + "\" (partitionedBySeries)");
        }
        // The key is the series id's UTF-8 bytes (just checked): hash them, not a second encoding.
        if (partitions == ForecastTopology.UNKNOWN_PARTITIONS || partition < 0) {
            return null;
        }
        int expected = partitionOfKey(rawKey);
        if (partition != expected) {
            return reject(
                    rawKey,
                    rawValue,
                    "series \"" + series + "\" read from partition " + partition
                            + ", the default (murmur2) partitioner puts it on " + expected + " of " + partitions
                            + " (kcat: -X partitioner=murmur2_random; or set partitionedBySeries: false)");
        }
        return null;
    }

    private static Rejection reject(byte[] rawKey, byte[] rawValue, String detail) {
        return new Rejection(rawKey, rawValue, RejectReason.MISPARTITIONED, detail);
    }
}
