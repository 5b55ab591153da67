package io.streamcast.topology;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Drives the real {@code kcat} binary (Debian package kafkacat), the tool the contract promises
 * users can talk to Streamcast with. Each call is one kcat process; output is read whole.
 */
final class Kcat {
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(30);

    private final Path binary;
    private final String bootstrapServers;

    Kcat(Path binary, String bootstrapServers) {
        this.binary = binary;
        this.bootstrapServers = bootstrapServers;
    }

    /** kcat on the PATH, else /usr/bin/kcat. */
    static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream((path + File.pathSeparator + "/usr/bin").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "kcat"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** {@code kcat -P -K:}: each line is {@code key:value}; returns once kcat has delivered them all. */
    void produce(String topic, List<String> keyColonValueLines) throws IOException, InterruptedException {
        run(String.join("\n", keyColonValueLines) + "\n", "-P", "-b", bootstrapServers, "-t", topic, "-K:");
    }

    /**
     * Reads the whole topic from the beginning ({@code kcat -C -o beginning -e -f format}), again and
     * again until at least {@code expected} lines came back or the timeout passed; returns the last read.
     */
    List<String> consume(String topic, String format, int expected, Duration timeout)
            throws IOException, InterruptedException {
        return consumeUntil(expected, timeout, topic, "-f", format);
    }

    /** As {@link #consume}, each record as {@code kcat -J} writes it: a JSON envelope with its key and payload. */
    List<String> consumeJson(String topic, int expected, Duration timeout) throws IOException, InterruptedException {
        return consumeUntil(expected, timeout, topic, "-J");
    }

    /**
     * Reads the whole topic from the beginning ({@code kcat -C -o beginning -e} and {@code output},
     * how to write each record), again and again until at least {@code expected} lines came back or
     * the timeout passed; returns the last read.
     */
    private List<String> consumeUntil(int expected, Duration timeout, String topic, String... output)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> args =
                new ArrayList<>(List.of("-C", "-q", "-b", bootstrapServers, "-t", topic, "-o", "beginning", "-e"));
        args.addAll(List.of(output));
        while (true) {
            String read = run("", args.toArray(String[]::new));
            List<String> lines = read.lines().filter(l -> !l.isEmpty()).toList();
            if (lines.size() >= expected || System.nanoTime() > deadline) {
                return lines;
            }
            // Forecasts are a punctuation and a commit away; each round is a fresh kcat process anyway.
            Thread.sleep(200);
        }
    }

    /** Runs kcat to completion; stdout and stderr go to files so a hung kcat cannot block the reader. */
    private String run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("kcat", ".out");
        Path err = Files.createTempFile("kcat", ".err");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(
                        command + " did not finish within " + PROCESS_TIMEOUT + ": " + Files.readString(err));
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(command + " exited with " + p.exitValue() + ": " + Files.readString(err));
            }
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
