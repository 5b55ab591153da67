package io.streamcast.bench;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * This process's CPU time, heap and resident memory. The bench runs the broker, the producers and
 * the consumers in the same process as the topology, so these figures cover all of them; the
 * pass-through phase of the same run shows what that share costs.
 */
public final class ProcessStats {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    /** The kind of the threads the JVM lists none for: ND4J's OpenMP workers, GC and JIT. */
    static final String UNLISTED = "unlisted (OpenMP, GC, JIT)";

    private ProcessStats() {}

    /** CPU time of the whole process (all threads), in nanoseconds; -1 when the JVM does not say. */
    public static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Total JIT compilation time of this JVM in milliseconds; -1 when the JVM does not say. */
    static long compileMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    public static long heapUsedBytes() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** Heap in use after a full collection: what the live objects need, not what garbage happens to occupy. */
    public static long heapAfterGcBytes() {
        System.gc();
        return heapUsedBytes();
    }

    /** VmRSS of /proc/self/status in bytes; -1 where there is no /proc. */
    public static long residentBytes() {
        return statusKiB("VmRSS:") * 1024;
    }

    /** VmHWM (peak resident set) in bytes; -1 where there is no /proc. */
    public static long peakResidentBytes() {
        return statusKiB("VmHWM:") * 1024;
    }

    private static long statusKiB(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Samples heap and resident memory every {@code periodMillis} on a daemon thread; keeps the peaks. */
    public static final class Sampler implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peakHeap;
        private volatile long peakResident;
        private final long startCpu = cpuNanos();
        private final long startCompileMillis = compileMillis();
        private volatile long endCompileMillis;
        private final long startNanos = System.nanoTime();
        private final Map<Long, Long> startThreadCpu = threadCpu();
        private final Map<Long, Long> startThreadAllocated = threadAllocated();
        private final RunQueueWaits runQueueWaits = new RunQueueWaits();
        private final GcPauses gcPauses = new GcPauses();
        private final MachineCpu machine = new MachineCpu();
        private volatile MachineCpu.Summary machineAtClose;
        private Map<String, Double> cpuByThreadGroup;
        private Map<String, Double> runQueueWaitByThreadGroup;
        private Map<String, Double> allocatedByThreadGroup;
        private volatile long endCpu;
        private volatile long endNanos;

        public Sampler(long periodMillis) {
            thread = new Thread(
                    () -> {
                        while (running) {
                            sample();
                            try {
                                Thread.sleep(periodMillis);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "bench-sampler");
            thread.setDaemon(true);
            sample();
            thread.start();
        }

        private void sample() {
            peakHeap = Math.max(peakHeap, heapUsedBytes());
            peakResident = Math.max(peakResident, residentBytes());
        }

        public long peakHeapBytes() {
            return peakHeap;
        }

        public long peakResidentBytes() {
            return peakResident;
        }

        /** CPU seconds the process used from start to {@link #close} (to now while open). */
        public double cpuSeconds() {
            return ((running ? cpuNanos() : endCpu) - startCpu) / 1e9;
        }

        /**
         * Seconds the JIT compilers spent from start to {@link #close}: part of the unlisted CPU,
         * and what a warm-up is for (NaN where the JVM does not say).
         */
        public double compileSeconds() {
            long end = running ? compileMillis() : endCompileMillis;
            return startCompileMillis < 0 ? Double.NaN : (end - startCompileMillis) / 1e3;
        }

        /** The stop-the-world collections from start to {@link #close} (to now while open). */
        GcPauses.Summary gcPauses() {
            return gcPauses.summary();
        }

        /** The whole machine's CPU from start to {@link #close} (to now while open): what else kept the cores. */
        MachineCpu.Summary machineCpu() {
            MachineCpu.Summary closed = machineAtClose;
            return closed != null ? closed : machine.summary();
        }

        /** Wall seconds from start to {@link #close} (to now while open). */
        public double wallSeconds() {
            return ((running ? System.nanoTime() : endNanos) - startNanos) / 1e9;
        }

        @Override
        public synchronized void close() {
            if (!running) {
                return;
            }
            endCpu = cpuNanos();
            endCompileMillis = compileMillis();
            endNanos = System.nanoTime();
            machineAtClose = machine.summary();
            gcPauses.close();
            running = false;
            thread.interrupt();
            sample();
            Map<Long, Long> cpuNow = threadCpu();
            Map<Long, Long> allocatedNow = threadAllocated();
            cpuByThreadGroup = byGroup(cpuNow, startThreadCpu, 1e9);
            // OpenMP workers (ND4J's native threads), GC and JIT threads are no Java threads: the rest of the process
            // time.
            double listed = cpuByThreadGroup.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
            cpuByThreadGroup.put(UNLISTED, Math.max(0, cpuSeconds() - listed));
            runQueueWaitByThreadGroup = runQueueWaits.secondsByGroup(ProcessStats::group);
            allocatedByThreadGroup = byGroup(allocatedNow, startThreadAllocated, 1);
        }

        /** Per kind of thread, the growth of a per-thread count since start, in {@code unit}s, over the threads still alive. */
        private static Map<String, Double> byGroup(Map<Long, Long> now, Map<Long, Long> start, double unit) {
            Map<String, Double> byGroup = new TreeMap<>();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (ThreadInfo info : threads.getThreadInfo(
                    now.keySet().stream().mapToLong(Long::longValue).toArray())) {
                if (info != null) {
                    long id = info.getThreadId();
                    byGroup.merge(
                            group(info.getThreadName()),
                            (now.get(id) - start.getOrDefault(id, 0L)) / unit,
                            Double::sum);
                }
            }
            return byGroup;
        }

        /**
         * CPU seconds per kind of thread between start and {@link #close}: Kafka Streams stream
         * threads, the background trainers, the broker, the bench's own clients, and what the JVM
         * lists no thread for (ND4J's OpenMP workers, GC, JIT). Threads that ended within the
         * phase count as unlisted.
         */
        public Map<String, Double> cpuByThreadGroup() {
            return cpuByThreadGroup == null ? Map.of() : cpuByThreadGroup;
        }

        /**
         * Seconds each kind of thread of {@link #cpuByThreadGroup} was runnable but waiting for a core
         * between start and {@link #close} ({@link RunQueueWaits}); empty where the kernel does not say.
         */
        public Map<String, Double> runQueueWaitByThreadGroup() {
            return runQueueWaitByThreadGroup == null ? Map.of() : runQueueWaitByThreadGroup;
        }

        /**
         * Heap bytes each kind of thread of {@link #cpuByThreadGroup} allocated between start and
         * {@link #close} (the JVM's per-thread count; threads that ended within the phase are left
         * out); empty where the JVM does not count. Unlike CPU time it hardly depends on what else the
         * machine is doing: per observation, a steady measure of what the per-record path costs.
         */
        public Map<String, Double> allocatedBytesByThreadGroup() {
            return allocatedByThreadGroup == null ? Map.of() : allocatedByThreadGroup;
        }
    }

    static String group(String name) {
        if (name.contains("StreamThread")) {
            return "stream threads";
        }
        if (name.startsWith("streamcast-train")) {
            return "trainers";
        }
        if (name.startsWith("bench-") || name.startsWith("kafka-producer-network-thread") || name.equals("main")) {
            return "bench clients";
        }
        if (name.contains("data-plane")
                || name.contains("kafka-")
                || name.contains("broker")
                || name.contains("controller")
                || name.contains("Raft")
                || name.contains("raft")
                || name.contains("ReplicaFetcher")
                || name.contains("ExpirationReaper")
                || name.contains("log-cleaner")
                || name.contains("group-coordinator")
                || name.contains("quorum")) {
            return "broker";
        }
        return "other";
    }

    /** Each live Java thread's allocated heap bytes so far; empty where the JVM does not count them. */
    private static Map<Long, Long> threadAllocated() {
        Map<Long, Long> allocated = new HashMap<>();
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported()
                && threads.isThreadAllocatedMemoryEnabled()) {
            long[] ids = threads.getAllThreadIds();
            long[] bytes = threads.getThreadAllocatedBytes(ids);
            for (int i = 0; i < ids.length; i++) {
                if (bytes[i] >= 0) {
                    allocated.put(ids[i], bytes[i]);
                }
            }
        }
        return allocated;
    }

    private static Map<Long, Long> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            if (t >= 0) {
                cpu.put(id, t);
            }
        }
        return cpu;
    }
}
