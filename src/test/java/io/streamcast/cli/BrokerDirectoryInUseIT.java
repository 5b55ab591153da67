package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a second {@code streamcast broker} on the directory of one that runs gets one line
 * and exit status 2 (it printed Kafka's fatal error and a page of stack trace, exit 1); once the
 * first has stopped, the same directory starts again.
 */
class BrokerDirectoryInUseIT {

    @Test
    @SuppressWarnings("try") // the first broker is never read: it only holds the directory for the block
    void aSecondBrokerOnTheSameDirectoryIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path brokerDir = dir.resolve("broker");
        try (EmbeddedKafkaBroker running = EmbeddedKafkaBroker.start(0, brokerDir)) {
            assertTrue(running.port() > 0, "the first broker holds the directory");
            CliRun second = CliRun.of("broker", "--dir", brokerDir.toString(), "--port", "0");
            assertEquals(2, second.status(), second.err());
            assertEquals(1, second.err().strip().lines().count(), second.err());
            assertFalse(second.err().contains("\tat ") || second.err().contains("Exception"), second.err());
            assertTrue(
                    second.err().startsWith("streamcast broker: the broker directory " + brokerDir.toAbsolutePath())
                            && second.err().contains("in use by another running broker")
                            && second.err().contains("--dir"),
                    second.err());
        }
        // The lock went with the first broker: the directory is free again.
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(0, brokerDir)) {
            assertTrue(again.port() > 0);
        }
    }

    /**
     * A broker on a port another one listens on, with a directory of its own, gets one line and
     * exit status 2 (it printed Kafka's fatal "failed to bind" and a page of stack trace, exit 1).
     */
    @Test
    void aSecondBrokerOnTheSamePortIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker running = EmbeddedKafkaBroker.start(0, dir.resolve("first"))) {
            CliRun second = CliRun.of(
                    "broker", "--dir", dir.resolve("second").toString(), "--port", Integer.toString(running.port()));
            assertEquals(2, second.status(), second.err());
            assertEquals(1, second.err().strip().lines().count(), second.err());
            assertTrue(
                    second.err().startsWith("streamcast broker: port " + running.port() + " on 127.0.0.1 is in use")
                            && second.err().contains("--port"),
                    second.err());
        }
    }
}
