package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.broker.EmbeddedKafkaBroker;
import io.streamcast.testing.ServiceProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `run` against a real broker: a missing input topic ends the command with one line saying what to create, not a loop or a stack trace. */
class RunCommandIT {
    @Test
    void aMissingInputTopicEndsRunWithOneLineSayingWhatToCreate(@TempDir Path dir) throws Exception {
        Path topologies = Files.createDirectories(dir.resolve("topologies"));
        Files.writeString(topologies.resolve("t.yaml"), """
                name: nowhere
                input: no-such-topic
                window: 8
                horizon: 3
                model: { hidden: 4, layers: 1 }
                """);
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dir.resolve("broker"))) {
            Path config = dir.resolve("streamcast.yaml");
            Files.writeString(
                    config,
                    "bootstrapServers: " + broker.bootstrapServers() + "\nstateDir: " + dir.resolve("state") + "\n");
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            Future<Integer> status = executor.submit(() -> StreamcastCommand.commandLine()
                    .execute(ServiceProcess.runArgs(config, topologies).toArray(String[]::new)));
            assertEquals(
                    2,
                    status.get(120, TimeUnit.SECONDS),
                    "run ends, as for any user error, instead of replacing stream threads forever");
        } finally {
            System.setErr(originalErr);
            executor.shutdownNow();
        }
        String printed = err.toString(StandardCharsets.UTF_8);
        // Checked before any topology starts: one line, not Kafka Streams' assignor stack traces.
        assertTrue(
                printed.lines()
                        .anyMatch(l -> l.startsWith(
                                        "streamcast run: topology nowhere: its input topic 'no-such-topic' does not exist")
                                && l.contains("--create --topic no-such-topic")),
                printed.lines().filter(l -> l.startsWith("streamcast")).toList().toString());
        org.junit.jupiter.api.Assertions.assertFalse(printed.contains("\tat "), "no stack trace on stderr: " + printed);
    }
}
