package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.broker.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `replay` feeds a real broker with contract-shaped observations, time step by time step. */
class ReplayCommandIT {
    @Test
    void replaysACsvAsKeyedJsonObservations(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "series,ts,value\na,2024-01-01T00:00:00Z,1\nb,2024-01-01T00:00:00Z,10\na,2024-01-01T01:00:00Z,2\nb,2024-01-01T01:00:00Z,20\n");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dir.resolve("broker"))) {
            broker.createTopics(List.of("obs"), 1);
            // stdout and stderr into one stream, in the order a terminal shows them.
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            java.io.PrintStream both = new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8);
            java.io.PrintStream originalOut = System.out;
            java.io.PrintStream originalErr = System.err;
            int status;
            try {
                System.setOut(both);
                System.setErr(both);
                status = StreamcastCommand.commandLine().execute("replay", "--bootstrap-servers", broker.bootstrapServers(),
                        "--topic", "obs", "--data", csv.toString(), "--rate", "50", "--history", "0.5");
            } finally {
                System.setOut(originalOut);
                System.setErr(originalErr);
            }
            assertEquals(0, status);
            List<String> lines = printed.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> l.startsWith("replay")).toList();
            assertEquals("replaying 4 records of 2 series from " + csv + " to topic obs at " + broker.bootstrapServers()
                    + ": 1 time steps at once, then 1 live at 50.0 steps/s (about 0s)", lines.get(0), "says what, where and how many first: " + lines);
            assertTrue(lines.get(1).startsWith("replay: ") || lines.get(1).startsWith("replay "), lines.toString());
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "replay-it");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("obs"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (records.size() < 4 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                }
            }
            assertEquals(4, records.size());
            assertEquals(List.of("a", "b", "a", "b"), records.stream().map(ConsumerRecord::key).toList(), "time step by time step");
            assertTrue(records.get(3).value().contains("\"ts\":\"2024-01-01T01:00:00Z\"") && records.get(3).value().contains("\"value\":20.0"),
                    records.get(3).value());
        }
    }
}
