package io.streamcast.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's kcat section, run as a user would: each line of its bash block in order, through
 * bash, from a directory that looks like a checkout ({@code bin}, {@code config}, {@code
 * topologies}, {@code target} linked in), with the built jar. The only change: ports 9092 and 9464
 * become free ones, so the test cannot collide with a broker or service already on the machine.
 * Lines ending in {@code &} run in the background until the end; a {@code kcat -C}, which waits
 * for more records until Ctrl-C, runs until it printed what the README says it shows.
 */
class ReadmeKcatIT {
    private static final Path README = Path.of("README.md");
    private static final Pattern BACKGROUND = Pattern.compile("^(.*?)\\s*&\\s*(#.*)?$");
    private static final Duration LINE_PATIENCE = Duration.ofMinutes(3);

    @Test
    void theKcatSectionWorksLineByLine(@TempDir Path dir) throws Exception {
        assertTrue(Files.isRegularFile(Path.of("target", "streamcast.jar")), "build the jar first (mvn package)");
        int brokerPort = freePort();
        int httpPort = freePort();
        List<String> lines = kcatSection().stream()
                .map(l -> l.replace("9092", Integer.toString(brokerPort)).replace("9464", Integer.toString(httpPort)))
                .toList();
        for (String linked : List.of("bin", "config", "topologies", "target")) {
            Files.createSymbolicLink(dir.resolve(linked), Path.of(linked).toAbsolutePath());
        }
        List<Process> background = new ArrayList<>();
        StringBuilder transcript = new StringBuilder();
        try {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Path out = dir.resolve("line" + i + ".out");
                transcript
                        .append("$ ")
                        .append(line)
                        .append("   (output: ")
                        .append(out)
                        .append(")\n");
                Matcher bg = BACKGROUND.matcher(line);
                if (bg.matches()) {
                    background.add(bash(dir, "exec " + bg.group(1), out));
                } else if (line.startsWith("kcat -C")) {
                    // Line-buffered, as on a terminal: into a file, kcat holds its records back until it exits.
                    Process kcat = new ProcessBuilder("stdbuf", "-oL", "bash", "-c", line)
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(out.toFile())
                            .start();
                    awaitOutput(kcat, out, line, consumerShows(line), transcript);
                    stop(kcat);
                } else {
                    Process p = bash(dir, line, out);
                    if (!p.waitFor(LINE_PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                        stop(p);
                        fail("did not finish within " + LINE_PATIENCE + ": " + line + "\n" + transcript
                                + Files.readString(out));
                    }
                    assertEquals(0, p.exitValue(), line + "\n" + Files.readString(out));
                }
            }
        } finally {
            // The service first, then the broker it talks to.
            for (int i = background.size() - 1; i >= 0; i--) {
                stop(background.get(i));
            }
        }
    }

    /** What each consumer of the section must print: a forecast of s1 from every topology, the dead letter's reason. */
    private static Predicate<String> consumerShows(String line) {
        if (line.contains("-t forecasts")) {
            return out -> out.contains("s1 {\"series\":\"s1\"")
                    && out.contains("\"topology\":\"hourly-temps-gru\"")
                    && out.contains("\"topology\":\"hourly-temps-lstm\"");
        }
        if (line.contains("-t observations-dlq")) {
            return out -> out.contains("streamcast.error=NOT_JSON") && out.contains("not json");
        }
        throw new AssertionError("a kcat consumer the test does not know what to expect from: " + line);
    }

    /** The lines of the first bash block after the "Producing and consuming with kcat" heading. */
    private static List<String> kcatSection() throws IOException {
        List<String> readme = Files.readAllLines(README, StandardCharsets.UTF_8);
        int heading = readme.indexOf("## Producing and consuming with kcat");
        assertTrue(heading >= 0, "README has no kcat section");
        int start = readme.subList(heading, readme.size()).indexOf("```bash") + heading + 1;
        int end = readme.subList(start, readme.size()).indexOf("```") + start;
        List<String> block =
                readme.subList(start, end).stream().filter(l -> !l.isBlank()).toList();
        assertTrue(block.size() >= 4, "kcat block: " + block);
        return block;
    }

    private static Process bash(Path dir, String command, Path out) throws IOException {
        return new ProcessBuilder("bash", "-c", command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
    }

    private static void awaitOutput(Process p, Path out, String line, Predicate<String> shows, StringBuilder transcript)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LINE_PATIENCE.toNanos();
        while (!shows.test(Files.readString(out))) {
            boolean exited = !p.isAlive();
            if (exited && shows.test(Files.readString(out))) {
                return; // it printed the rest just before it ended
            }
            if (exited || System.nanoTime() > deadline) {
                stop(p);
                fail((p.isAlive() ? "no expected output within " + LINE_PATIENCE : "exited with " + p.exitValue())
                        + ": " + line + "\n" + Files.readString(out) + "\n" + transcript);
            }
            // Another process writes the file: nothing to wait on but time.
            Thread.sleep(500);
        }
    }

    /** SIGTERM to the process and whatever it started (the JVM's shutdown hook closes the service), SIGKILL if that hangs. */
    private static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                h.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
