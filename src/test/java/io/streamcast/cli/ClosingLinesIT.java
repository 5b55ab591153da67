package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.broker.EmbeddedKafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `run` and `broker`, stopped as Ctrl-C stops them, end with a line saying they stopped and how. */
class ClosingLinesIT {
    private final PrintStream originalOut = System.out;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @BeforeEach
    void captureStdout() {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        executor.shutdownNow();
    }

    @Test
    void runSaysHowManyTopologiesClosedCleanly(@TempDir Path dir) throws Exception {
        Path topologies = Files.createDirectories(dir.resolve("topologies"));
        Files.writeString(topologies.resolve("t.yaml"), """
                name: closing
                window: 8
                horizon: 3
                model: { hidden: 4, layers: 1 }
                """);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dir.resolve("broker"))) {
            broker.createTopics(List.of("observations", "forecasts", "observations-dlq"), 1);
            Path config = dir.resolve("streamcast.yaml");
            Files.writeString(
                    config,
                    "bootstrapServers: " + broker.bootstrapServers() + "\nstateDir: " + dir.resolve("state") + "\n");
            CommandLine cli = StreamcastCommand.commandLine();
            RunCommand run = cli.getSubcommands().get("run").getCommand();
            Future<Integer> status = executor.submit(() -> cli.execute(
                    "run", "--config", config.toString(), "--topologies", topologies.toString(), "--http-port", "0"));
            awaitLine("streamcast running ", status);
            run.stop();
            assertEquals(0, status.get(120, TimeUnit.SECONDS));
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("streamcast stopped: 1 topology closed cleanly", lines.get(lines.size() - 1), lines.toString());
    }

    @Test
    void brokerSaysItStopped(@TempDir Path dir) throws Exception {
        CommandLine cli = StreamcastCommand.commandLine();
        BrokerCommand broker = cli.getSubcommands().get("broker").getCommand();
        Future<Integer> status = executor.submit(() ->
                cli.execute("broker", "--port", "0", "--dir", dir.resolve("b").toString()));
        awaitLine("Kafka broker ready at ", status);
        broker.stop();
        assertEquals(0, status.get(120, TimeUnit.SECONDS));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(
                last.startsWith("broker stopped: 127.0.0.1:")
                        && last.endsWith(dir.resolve("b").toAbsolutePath() + " kept"),
                lines.toString());
    }

    private void awaitLine(String prefix, Future<Integer> command) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (out.toString(StandardCharsets.UTF_8).lines().noneMatch(l -> l.startsWith(prefix))) {
            if (command.isDone()) {
                throw new AssertionError("ended with status " + command.get() + " before '" + prefix + "': " + out);
            }
            assertTrue(System.nanoTime() < deadline, "no '" + prefix + "' line: " + out);
            Thread.sleep(100);
        }
    }
}
