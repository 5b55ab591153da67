package io.streamcast.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM of its own for a test, on the test's classpath: for what cannot be checked in the test's
 * JVM (a boot layer without the Vector API, a whole process's output, a process to kill). Its
 * settings are the ones every such test wants, kept in one place: the running JDK, a 1 GB heap,
 * C1 only, and OpenMP on one passive thread.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /**
     * A process builder for {@code mainClass} with {@code args}, not started.
     *
     * @param vectorApi   whether the JVM gets {@code --add-modules jdk.incubator.vector}, as
     *                    {@code bin/streamcast} starts it
     * @param jvmOptions  further JVM options (system properties), before the class
     */
    public static ProcessBuilder builder(
            boolean vectorApi, List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (vectorApi) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.add("-Xmx1g");
        // C1 only: short-lived JVMs spend less CPU compiling than C2's gains would win back
        // (measured in CrashRecoveryIT: 66 instead of 107 CPU seconds for four runs); correctness
        // does not depend on it.
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        // OpenMP spin-waits by default; beside the test JVM and a broker that starves everything.
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return builder;
    }
}
