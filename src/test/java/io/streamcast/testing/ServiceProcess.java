package io.streamcast.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code streamcast run} in its own JVM (the test's classpath), its output appended to a log
 * file: a process the tests can kill for real (SIGKILL: no shutdown hook, no commit, no flush).
 * Started through {@link ServiceProcesses}, which kills whatever a failing test leaves running.
 */
public final class ServiceProcess {
    /** What {@code run} prints once its topologies have started. */
    private static final Pattern RUNNING = Pattern.compile("metrics and REST on http://([^\\s:]+):(\\d+)");
    /** Exit status of a JVM killed by SIGKILL (128 + 9). */
    private static final int SIGKILLED = 137;

    private final String name;
    private final Process process;
    private final Path log;
    /** Where this process's output starts in {@link #log}, which earlier runs may share. */
    private final long logStart;

    private ServiceProcess(String name, Process process, Path log, long logStart) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    static ServiceProcess start(String name, Path config, Path topologies, Path log) throws IOException {
        Files.writeString(
                log,
                "\n===== " + name + " =====\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        long logStart = Files.size(log);
        ProcessBuilder builder = ChildJvm.builder(
                true,
                List.of(
                        "-Dorg.bytedeco.javacpp.maxbytes=2G",
                        "-Dorg.bytedeco.javacpp.maxphysicalbytes=6G",
                        "-Djava.awt.headless=true"),
                "io.streamcast.cli.StreamcastCommand",
                runArgs(config, topologies));
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ServiceProcess(name, builder.start(), log, logStart);
    }

    /**
     * {@code streamcast run} with {@code config} and {@code topologies}, its HTTP API on any free
     * port, then {@code more}: how every test starts the service, in a JVM of its own or in its own.
     */
    public static List<String> runArgs(Path config, Path topologies, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "run", "--config", config.toString(), "--topologies", topologies.toString(), "--http-port", "0"));
        args.addAll(List.of(more));
        return args;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), name + ": killed process did not exit");
        assertEquals(SIGKILLED, process.exitValue(), name + ": exit status of a SIGKILLed JVM");
    }

    /** SIGTERM: the shutdown hook closes the service, committing whatever it still had; SIGKILL if that hangs. */
    public void stop(Duration patience) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** The port of /metrics and the REST API, once the process has printed that it runs. */
    public int httpPort(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher m = RUNNING.matcher(output());
            if (m.find()) {
                return Integer.parseInt(m.group(2));
            }
            if (!isAlive()) {
                fail(name + " exited with status " + exitValue() + " before it ran:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                fail(name + " did not start within " + timeout + ":\n" + tail());
            }
            // The log is a file another process writes: there is nothing to wait on but time.
            Thread.sleep(200);
        }
    }

    /** CPU seconds the process has used so far, or "?" when the OS does not say. */
    public String cpuSeconds() {
        return process.toHandle()
                .info()
                .totalCpuDuration()
                .map(d -> String.format("%.0f", d.toMillis() / 1e3))
                .orElse("?");
    }

    /** The last 60 lines of this process's output. */
    public String tail() {
        List<String> lines = output().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private String output() {
        try {
            byte[] all = Files.readAllBytes(log);
            return new String(
                    all,
                    (int) Math.min(logStart, all.length),
                    (int) Math.max(0, all.length - logStart),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void killIfAlive() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
