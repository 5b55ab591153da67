package io.streamcast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole machine's CPU over one phase, beside the process's own: the cores busy with any
 * process (the steal the hypervisor reports among them), and the seconds in which at least one
 * runnable task of any process waited for a core (the kernel's CPU pressure, {@code some}).
 *
 * <p>Why: the bench's threads wait for a core for a quarter of the live phase with the process at
 * about 1.4 of 2 cores, and those waits vary from run to run by more than most changes move them.
 * Whether the waiting was this process's own threads crowding each other, another process, or the
 * host taking the cores away (a guest sees that as time passing while it waits) decides what a
 * run says; the process's own figures cannot tell them apart. From {@code /proc/stat} (its first
 * line, every core together) and {@code /proc/pressure/cpu}; unavailable figures are NaN.
 */
final class MachineCpu {
    private static final Path STAT = Path.of("/proc/stat");
    private static final Path PRESSURE = Path.of("/proc/pressure/cpu");

    /** One reading: the kernel's tick counts over all cores, and its CPU-pressure total. */
    record Reading(long busyTicks, long stealTicks, long allTicks, int cores, long pressureSomeMicros) {
        static final Reading NONE = new Reading(-1, -1, -1, 0, -1);
    }

    /** A phase: cores busy with any process (steal among them) and seconds with some task waiting for a core. */
    record Summary(double busyCores, double stealCores, double pressureSeconds) {}

    private final Reading start;
    private final long startNanos;

    /** Starts a phase now. */
    MachineCpu() {
        start = read();
        startNanos = System.nanoTime();
    }

    /** The phase from construction to now. */
    Summary summary() {
        return between(start, read(), (System.nanoTime() - startNanos) / 1e9);
    }

    static Summary between(Reading from, Reading to, double wallSeconds) {
        double busy = Double.NaN;
        double steal = Double.NaN;
        long all = to.allTicks - from.allTicks;
        if (from.allTicks >= 0 && to.allTicks >= 0 && all > 0) {
            // Shares of every core's ticks, times the cores: no need to know the tick's length.
            busy = (double) (to.busyTicks - from.busyTicks) / all * to.cores;
            steal = (double) (to.stealTicks - from.stealTicks) / all * to.cores;
        }
        double pressure = from.pressureSomeMicros >= 0 && to.pressureSomeMicros >= 0 && wallSeconds > 0
                ? (to.pressureSomeMicros - from.pressureSomeMicros) / 1e6
                : Double.NaN;
        return new Summary(busy, steal, pressure);
    }

    static Reading read() {
        try {
            List<String> stat = Files.readAllLines(STAT);
            String pressure = Files.exists(PRESSURE) ? Files.readString(PRESSURE) : "";
            return parse(stat, pressure);
        } catch (IOException | RuntimeException e) {
            return Reading.NONE;
        }
    }

    /**
     * {@code /proc/stat}'s lines and {@code /proc/pressure/cpu}'s text. The first line sums every
     * core: user nice system idle iowait irq softirq steal (guest time is inside user already).
     */
    static Reading parse(List<String> stat, String pressure) {
        if (stat.isEmpty() || !stat.get(0).startsWith("cpu ")) {
            return Reading.NONE;
        }
        String[] f = stat.get(0).trim().split("\\s+");
        long[] t = new long[8];
        for (int i = 0; i < t.length && i + 1 < f.length; i++) {
            t[i] = Long.parseLong(f[i + 1]);
        }
        long idle = t[3] + t[4];
        long busy = t[0] + t[1] + t[2] + t[5] + t[6] + t[7];
        int cores = (int) stat.stream().filter(l -> l.matches("cpu\\d+ .*")).count();
        return new Reading(busy, t[7], busy + idle, cores, pressureSomeMicros(pressure));
    }

    /** The {@code total=} of the {@code some} line, in microseconds; -1 without one. */
    private static long pressureSomeMicros(String pressure) {
        for (String line : pressure.split("\n")) {
            if (line.startsWith("some ")) {
                for (String field : line.split("\\s+")) {
                    if (field.startsWith("total=")) {
                        return Long.parseLong(field.substring("total=".length()));
                    }
                }
            }
        }
        return -1;
    }
}
