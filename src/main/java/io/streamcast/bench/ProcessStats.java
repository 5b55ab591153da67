package io.streamcast.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's CPU time, heap and resident memory. The bench runs the broker, the producers and
 * the consumers in the same process as the topology, so these figures cover all of them; the
 * pass-through phase of the same run shows what that share costs.
 */
public final class ProcessStats {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private ProcessStats() {
    }

    /** CPU time of the whole process (all threads), in nanoseconds; -1 when the JVM does not say. */
    public static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
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
        private final long startNanos = System.nanoTime();

        public Sampler(long periodMillis) {
            thread = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(periodMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-sampler");
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

        /** CPU seconds the process used since this sampler started. */
        public double cpuSeconds() {
            return (cpuNanos() - startCpu) / 1e9;
        }

        public double wallSeconds() {
            return (System.nanoTime() - startNanos) / 1e9;
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
            sample();
        }
    }
}
