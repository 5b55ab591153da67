package io.streamcast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.broker.EmbeddedKafkaBroker;
import io.streamcast.service.DeliveryCheck;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's live feed against a real broker: every record it reports sent has landed, and a
 * record the broker refuses ends the run in one line instead of leaving a hole in the latency
 * measurement.
 */
class LivePacerIT {
    @TempDir
    Path dir;

    @Test
    void everyRecordReportedSentIsOnTheTopicAndARefusedOneFailsTheRun() throws Exception {
        SyntheticSeries series = new SyntheticSeries(20, 24, 7);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dir);
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            broker.createTopics(List.of("live"), 2);
            long sent = LivePacer.run(broker.bootstrapServers(), "live", series, 0, 200, 0.5);
            assertEquals(100, sent);
            assertEquals(100, endOffsets(admin, "live", 2));

            // A topic that takes no record as large as an observation: the broker refuses each one.
            admin.createTopics(List.of(new NewTopic("tiny", 1, (short) 1).configs(Map.of("max.message.bytes", "16"))))
                    .all()
                    .get();
            DeliveryCheck.UndeliveredRecordsException refused = assertThrows(
                    DeliveryCheck.UndeliveredRecordsException.class,
                    () -> LivePacer.run(broker.bootstrapServers(), "tiny", series, 0, 200, 0.1));
            assertTrue(
                    refused.getMessage().startsWith("20 records of the live feed to tiny were not delivered"),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("RecordTooLarge"), refused.getMessage());
        }
    }

    private static long endOffsets(Admin admin, String topic, int partitions) throws Exception {
        long total = 0;
        for (int p = 0; p < partitions; p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            total += admin.listOffsets(Map.of(tp, OffsetSpec.latest()))
                    .all()
                    .get()
                    .get(tp)
                    .offset();
        }
        return total;
    }
}
