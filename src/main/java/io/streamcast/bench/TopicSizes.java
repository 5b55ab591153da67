package io.streamcast.bench;

import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Bytes and records of topics on the broker: sizes from {@code describeLogDirs}, record counts from end offsets. */
public final class TopicSizes {
    /** One topic: bytes on disk (all partitions) and records written (sum of end offsets, transaction markers included). */
    public record Size(long bytes, long records) {
        public double bytesPerRecord() {
            return records == 0 ? Double.NaN : (double) bytes / records;
        }
    }

    private TopicSizes() {}

    /** Every topic whose name starts with one of {@code prefixes}, by name. */
    public static Map<String, Size> of(String bootstrapServers, Collection<String> prefixes)
            throws ExecutionException, InterruptedException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Map<String, Long> bytes = new TreeMap<>();
        Map<TopicPartition, Long> partitions = new java.util.HashMap<>();
        try (Admin admin = Admin.create(p)) {
            var brokers =
                    admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            Map<Integer, Map<String, LogDirDescription>> dirs =
                    admin.describeLogDirs(brokers).allDescriptions().get();
            for (Map<String, LogDirDescription> byDir : dirs.values()) {
                for (LogDirDescription d : byDir.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> e :
                            d.replicaInfos().entrySet()) {
                        String topic = e.getKey().topic();
                        if (prefixes.stream().anyMatch(topic::startsWith)) {
                            bytes.merge(topic, e.getValue().size(), Long::sum);
                            partitions.put(e.getKey(), 0L);
                        }
                    }
                }
            }
        }
        Map<String, Long> records = new TreeMap<>();
        Properties c = new Properties();
        c.putAll(p);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.endOffsets(partitions.keySet()).forEach((tp, end) -> records.merge(tp.topic(), end, Long::sum));
        }
        Map<String, Size> sizes = new TreeMap<>();
        bytes.forEach((topic, b) -> sizes.put(topic, new Size(b, records.getOrDefault(topic, 0L))));
        return sizes;
    }
}
