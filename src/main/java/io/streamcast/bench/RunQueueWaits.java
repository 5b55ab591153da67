package io.streamcast.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How long this process's threads were runnable but waiting for a core, from each kernel thread's
 * {@code /proc/self/task/<tid>/schedstat} (its second field: nanoseconds spent on a run queue).
 * CPU seconds say what a thread did; this says what it was kept from doing. In the live phase the
 * stream thread was busy 16.5 of 30 s and waited 7.5 s more for a core (2026-12-05): latency that no
 * CPU profile shows.
 *
 * <p>The kernel knows a thread by its id and its name cut to 15 bytes; the JVM names each kernel
 * thread after its Java thread. So a kernel thread is grouped as the Java threads whose names
 * start with its name are (where those differ, by CPU time: {@link #groupOf}). Those without a
 * Java thread are "unlisted" (GC and JIT threads), except ND4J's OpenMP workers, which carry the
 * name of the thread that started them, so a trainer's count as trainers here while their CPU
 * time is unlisted (the JVM does not see them). The launcher's main thread keeps the kernel name
 * {@code java}. A thread that ended before the reading is not counted (its statistics went with
 * it). Empty where the kernel keeps no such statistics.
 */
final class RunQueueWaits {
    /** Linux keeps 15 bytes of a thread's name, as {@code pthread_setname_np} takes it. */
    private static final int KERNEL_NAME_BYTES = 15;

    private static final Path TASKS = Path.of("/proc/self/task");
    /** The kernel name of the thread the {@code java} launcher runs {@code main} on. */
    private static final String LAUNCHER_MAIN = "java";

    static final String UNLISTED = "unlisted (OpenMP, GC, JIT)";

    private final Map<String, Long> startWaits;

    RunQueueWaits() {
        startWaits = waitsByTask();
    }

    /** Seconds each group of threads waited for a core since construction, by the groups {@code group} names. */
    Map<String, Double> secondsByGroup(Function<String, String> group) {
        ThreadMXBean jvm = ManagementFactory.getThreadMXBean();
        Map<String, List<JavaThread>> javaByKernelName = new HashMap<>();
        for (ThreadInfo info : jvm.getThreadInfo(jvm.getAllThreadIds())) {
            if (info != null) {
                javaByKernelName
                        .computeIfAbsent(kernelName(info.getThreadName()), n -> new ArrayList<>())
                        .add(new JavaThread(
                                group.apply(info.getThreadName()), jvm.getThreadCpuTime(info.getThreadId())));
            }
        }
        javaByKernelName.putIfAbsent(LAUNCHER_MAIN, List.of(new JavaThread(group.apply("main"), 0)));
        Map<String, List<KernelThread>> kernelByName = new HashMap<>();
        for (KernelThread task : kernelThreads()) {
            kernelByName.computeIfAbsent(task.name, n -> new ArrayList<>()).add(task);
        }
        Map<String, Double> seconds = new TreeMap<>();
        kernelByName.forEach((name, tasks) -> {
            List<JavaThread> java = javaByKernelName.getOrDefault(name, List.of());
            for (int i = 0; i < tasks.size(); i++) {
                KernelThread task = tasks.get(i);
                String taskGroup = groupOf(java, tasks, i);
                long waited = task.waitNanos - startWaits.getOrDefault(task.tid, 0L);
                seconds.merge(taskGroup, waited / 1e9, Double::sum);
            }
        });
        return seconds;
    }

    /**
     * The group of the {@code i}th of the kernel threads that share a name: the group of the Java
     * threads of that name where they agree; where they do not (the stream thread and Kafka
     * Streams' state updater both read {@code <app>-St}), the Java thread whose CPU time ranks as
     * this kernel thread's run time does (the two clocks are one: the JVM reads a thread's CPU
     * time from the kernel), when both sides count the same threads.
     */
    private static String groupOf(List<JavaThread> java, List<KernelThread> tasks, int i) {
        if (java.isEmpty()) {
            return UNLISTED;
        }
        if (java.stream().map(JavaThread::group).distinct().count() == 1) {
            return java.get(0).group();
        }
        if (java.size() != tasks.size()) {
            return "other";
        }
        long run = tasks.get(i).runNanos;
        int rank = (int) tasks.stream().filter(t -> t.runNanos < run).count();
        return java.stream()
                .sorted(Comparator.comparingLong(JavaThread::cpuNanos))
                .toList()
                .get(rank)
                .group();
    }

    /** The name the kernel keeps for a thread the JVM names {@code javaName}: its first 15 bytes. */
    static String kernelName(String javaName) {
        byte[] bytes = javaName.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= KERNEL_NAME_BYTES
                ? javaName
                : new String(Arrays.copyOf(bytes, KERNEL_NAME_BYTES), StandardCharsets.UTF_8);
    }

    /** Run-queue nanoseconds of every thread alive now, by kernel thread id; empty without schedstat. */
    private static Map<String, Long> waitsByTask() {
        Map<String, Long> waits = new HashMap<>();
        for (KernelThread task : kernelThreads()) {
            waits.put(task.tid, task.waitNanos);
        }
        return waits;
    }

    private record JavaThread(String group, long cpuNanos) {}

    private record KernelThread(String tid, String name, long runNanos, long waitNanos) {}

    /** Every thread of this process alive now, with its schedstat run and wait times; empty without schedstat. */
    private static List<KernelThread> kernelThreads() {
        List<KernelThread> threads = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String[] fields =
                            Files.readString(task.resolve("schedstat")).trim().split(" ");
                    String tid = task.getFileName().toString();
                    threads.add(new KernelThread(
                            tid, kernelNameOf(tid), Long.parseLong(fields[0]), Long.parseLong(fields[1])));
                } catch (IOException | RuntimeException e) {
                    // The thread ended between the listing and the read, or the kernel keeps no schedstat.
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return threads;
    }

    private static String kernelNameOf(String tid) {
        try {
            return Files.readString(TASKS.resolve(tid).resolve("comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
