package io.streamcast.series;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of an {@link OpenStep}, the value of the open-steps store: a format byte (2), the
 * step's start and the closed step's, the count, sum, minimum, maximum, the earliest and latest
 * reading's timestamp and value, a counter's baseline, rise and the time it counts its rise from,
 * then the features (a count, then per feature its UTF-8 name's length and bytes, its sum and
 * count). 113 bytes for a step of readings without features. Format 1 (session 52) lacked the
 * time a rise counts from: read as the step's start.
 */
public final class OpenStepSerde {
    static final byte FORMAT = 2;
    static final byte FORMAT_WITHOUT_COUNT_FROM = 1;

    private OpenStepSerde() {}

    public static Serde<OpenStep> serde() {
        return Serdes.serdeFrom(
                (Serializer<OpenStep>) (topic, s) -> s == null ? null : write(s),
                (Deserializer<OpenStep>) (topic, bytes) -> bytes == null ? null : read(bytes));
    }

    static byte[] write(OpenStep s) {
        Map<String, double[]> features = s.featureSums();
        int size = 1 + 8 * 2 + 4 + 8 * 3 + 8 * 4 + 8 * 4 + 4;
        for (String name : features.keySet()) {
            size += 4 + name.getBytes(StandardCharsets.UTF_8).length + 16;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(FORMAT)
                .putLong(s.startMillis())
                .putLong(s.closedStartMillis())
                .putInt(s.count())
                .putDouble(s.sum())
                .putDouble(s.min())
                .putDouble(s.max())
                .putLong(s.firstTsMillis())
                .putDouble(s.first())
                .putLong(s.lastTsMillis())
                .putDouble(s.last())
                .putDouble(s.baseline())
                .putLong(s.baselineTsMillis())
                .putDouble(s.increase())
                .putLong(s.countFromMillis())
                .putInt(features.size());
        features.forEach((name, acc) -> {
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            b.putInt(utf8.length).put(utf8).putDouble(acc[0]).putDouble(acc[1]);
        });
        return b.array();
    }

    static OpenStep read(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte format = b.get();
        if (format != FORMAT && format != FORMAT_WITHOUT_COUNT_FROM) {
            throw new IllegalArgumentException("open step record of unknown format " + format);
        }
        long start = b.getLong();
        long closed = b.getLong();
        int count = b.getInt();
        double sum = b.getDouble();
        double min = b.getDouble();
        double max = b.getDouble();
        long firstTs = b.getLong();
        double first = b.getDouble();
        long lastTs = b.getLong();
        double last = b.getDouble();
        double baseline = b.getDouble();
        long baselineTs = b.getLong();
        double increase = b.getDouble();
        long countFrom = format == FORMAT ? b.getLong() : start;
        int n = b.getInt();
        Map<String, double[]> features = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            byte[] utf8 = new byte[b.getInt()];
            b.get(utf8);
            features.put(new String(utf8, StandardCharsets.UTF_8), new double[] {b.getDouble(), b.getDouble()});
        }
        return OpenStep.restored(
                start,
                closed,
                count,
                sum,
                min,
                max,
                firstTs,
                first,
                lastTs,
                last,
                baseline,
                baselineTs,
                increase,
                countFrom,
                features);
    }
}
