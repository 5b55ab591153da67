package io.streamcast.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when they start the demo: its own JVM with the shipped {@code logback.xml} (not
 * the tests'), embedded broker, pretraining, a topology, the live replay, then stop. The first
 * screen says what is happening and carries none of the library warnings nobody can act on.
 */
class StartupOutputIT {
    /**
     * Library warnings the demo and `run` printed on every start or stop before they were filtered,
     * and the transactions-v2 race the embedded broker now waits out (a producer's WARNs, the
     * broker's ERROR; see {@code add.partitions.to.txn.retry.backoff.max.ms} in EmbeddedKafkaBroker).
     */
    private static final List<String> NOISE = List.of(
            "Duplicate TF op mapping",
            "as it is no longer assigned",
            "reported a recoverable issue",
            "Attempting to close NetworkClient that has already been closed",
            "Processing exception handler is not enabled for the GlobalThread",
            "TOPIC_ALREADY_EXISTS",
            "Using an OS temp directory",
            "has been already registered",
            "CONCURRENT_TRANSACTIONS",
            "OUT_OF_ORDER_SEQUENCE_NUMBER",
            "Error processing append operation");

    @Test
    void theDemoSaysWhatItDoesWithoutLibraryNoise(@TempDir Path dir) throws Exception {
        Path topologies = Files.createDirectories(dir.resolve("topologies"));
        // Small and quick to pretrain: this is about the output, not the model.
        Files.writeString(topologies.resolve("quiet.yaml"), """
                name: quiet
                period: 24
                window: 24
                horizon: 6
                model: { cell: lstm, hidden: 4, layers: 1 }
                training: { epochs: 1 }
                """);
        Path output = dir.resolve("demo.log");
        ProcessBuilder builder = ChildJvm.builder(
                true,
                List.of("-Dlogback.configurationFile="
                        + Path.of("target", "classes", "logback.xml").toAbsolutePath()),
                "io.streamcast.cli.StreamcastCommand",
                List.of(
                        "demo",
                        "--seconds",
                        "30",
                        "--train-seconds",
                        "2",
                        "--broker-port",
                        "0",
                        "--http-port",
                        "0",
                        "--topologies",
                        topologies.toString()));
        Process demo = builder.redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean exited = demo.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            demo.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        String printed = String.join("\n", lines);
        assertTrue(exited, "demo --seconds 30 did not end within 5 minutes:\n" + printed);
        assertEquals(0, demo.exitValue(), printed);

        List<String> noise =
                lines.stream().filter(l -> NOISE.stream().anyMatch(l::contains)).toList();
        assertTrue(noise.isEmpty(), "library noise on the screen:\n" + String.join("\n", noise));
        // The story of the start, in order: broker, warm start, topology running, where to look, forecasts.
        int broker = indexOf(lines, "embedded Kafka broker at 127.0.0.1:");
        int trained = indexOf(lines, "quiet: lstm trained on");
        int started = indexOf(lines, "topology quiet started: observations -> forecasts");
        int metrics = indexOf(lines, "metrics: http://127.0.0.1:");
        int forecast = indexOf(lines, l -> l.matches("\\d\\d:\\d\\d:\\d\\d  quiet .* origin .*"));
        assertTrue(
                broker >= 0 && broker < trained && trained < started && started < metrics && metrics < forecast,
                "start lines missing or out of order (broker " + broker + ", trained " + trained + ", started "
                        + started + ", metrics " + metrics + ", first forecast " + forecast + "):\n" + printed);
        assertTrue(lines.get(lines.size() - 1).equals("demo stopped"), printed);
    }

    private static int indexOf(List<String> lines, String text) {
        return indexOf(lines, l -> l.contains(text));
    }

    private static int indexOf(List<String> lines, Predicate<String> line) {
        for (int i = 0; i < lines.size(); i++) {
            if (line.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
