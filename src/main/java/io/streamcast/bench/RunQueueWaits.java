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
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
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
 * start with its name are (where those differ, by CPU time: {@link #groupsOf}). Those without a
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
            List<String> groups = groupsOf(javaByKernelName.getOrDefault(name, List.of()), tasks);
            for (int i = 0; i < tasks.size(); i++) {
                KernelThread task = tasks.get(i);
                long waited = task.waitNanos - startWaits.getOrDefault(task.tid, 0L);
                seconds.merge(groups.get(i), waited / 1e9, Double::sum);
            }
        });
        return seconds;
    }

    /**
     * The groups of the kernel threads that share a name, in {@code tasks}' order: the group of the
     * Java threads of that name where they agree; where they do not (the stream thread and Kafka
     * Streams' state updater both read {@code <app>-St}) and both sides count the same threads,
     * paired by rank of CPU time (the two clocks are one: the JVM reads a thread's CPU time from the
     * kernel); else "other".
     */
    private static List<String> groupsOf(List<JavaThread> java, List<KernelThread> tasks) {
        List<String> groups = new ArrayList<>(Collections.nCopies(tasks.size(), "other"));
        if (java.isEmpty()) {
            Collections.fill(groups, ProcessStats.UNLISTED);
        } else if (java.stream().map(JavaThread::group).distinct().count() == 1) {
            Collections.fill(groups, java.get(0).group());
        } else if (java.size() == tasks.size()) {
            List<JavaThread> byCpu = java.stream()
                    .sorted(Comparator.comparingLong(JavaThread::cpuNanos))
                    .toList();
            Integer[] byRun = new Integer[tasks.size()];
            Arrays.setAll(byRun, i -> i);
            Arrays.sort(byRun, Comparator.comparingLong(i -> tasks.get(i).runNanos));
            for (int rank = 0; rank < byRun.length; rank++) {
                groups.set(byRun[rank], byCpu.get(rank).group());
            }
        }
        return groups;
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
        forEachTask((tid, schedstat) -> waits.put(tid, schedstat[1]));
        return waits;
    }

    private record JavaThread(String group, long cpuNanos) {}

    private record KernelThread(String tid, String name, long runNanos, long waitNanos) {}

    /** Every thread of this process alive now, with its name and schedstat times; empty without schedstat. */
    private static List<KernelThread> kernelThreads() {
        List<KernelThread> threads = new ArrayList<>();
        forEachTask(
                (tid, schedstat) -> threads.add(new KernelThread(tid, kernelNameOf(tid), schedstat[0], schedstat[1])));
        return threads;
    }

    /** Calls {@code action} with each live thread's id and its schedstat run and wait nanoseconds. */
    private static void forEachTask(BiConsumer<String, long[]> action) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                long[] schedstat;
                try {
                    String[] fields =
                            Files.readString(task.resolve("schedstat")).trim().split(" ");
                    schedstat = new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
                } catch (IOException | RuntimeException e) {
                    // The thread ended between the listing and the read, or the kernel keeps no schedstat.
                    continue;
                }
                action.accept(task.getFileName().toString(), schedstat);
            }
        } catch (IOException | RuntimeException e) {
            // No /proc: nothing to report.
        }
    }

    private static String kernelNameOf(String tid) {
        try {
            return Files.readString(TASKS.resolve(tid).resolve("comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
