package io.streamcast.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority of the calling thread (a background trainer) so that the stream
 * threads and the broker client threads run first whenever they are runnable.
 *
 * <p>Why: {@link TrainingBudget} caps how much training happens on average, but not when. A
 * training step is tens of milliseconds of arithmetic; on a machine with as few cores as trainers,
 * a stream thread woken by new records waits behind whole steps, and its forecasts reach readers
 * that much later. With the trainers at the lowest priority (nice 19) the kernel gives them only
 * the CPU nothing else wants, which is exactly what background learning should use. RocksDB does
 * the same to its compaction threads.
 *
 * <p>How: on Linux a nice value belongs to a thread, not to the whole process, and anyone may
 * lower their own threads' priority. The JVM offers no call for it (Java thread priorities are
 * ignored unless the JVM is started with extra flags, which warn when not run as root), so the
 * thread looks up its kernel thread id in {@code /proc/thread-self} and runs {@code renice} on
 * it. Anywhere that fails (not Linux, no {@code renice}) the trainer simply keeps the normal
 * priority: the budget still bounds its share.
 */
final class TrainerPriority {
    private static final Logger LOG = LoggerFactory.getLogger(TrainerPriority.class);
    /** Said once per process: every trainer thread would fail the same way. */
    private static final AtomicBoolean TOLD = new AtomicBoolean();
    /** The lowest priority Linux offers a normal thread. */
    static final int BACKGROUND_NICE = 19;

    private TrainerPriority() {}

    /** Lowers the calling thread to {@link #BACKGROUND_NICE}; returns whether it took effect. */
    static boolean lowerCurrentThread() {
        String tid = currentThreadId();
        if (tid == null) {
            keepsNormalPriority("no /proc/thread-self (not Linux)");
            return false;
        }
        try {
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(BACKGROUND_NICE), "-p", tid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!renice.waitFor(10, TimeUnit.SECONDS)) {
                renice.destroyForcibly();
                keepsNormalPriority("renice did not finish in 10 s");
                return false;
            }
            boolean lowered = renice.exitValue() == 0 && niceOf(tid) == BACKGROUND_NICE;
            if (!lowered) {
                keepsNormalPriority("renice exited with status " + renice.exitValue());
            }
            return lowered;
        } catch (IOException | RuntimeException e) {
            keepsNormalPriority(e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void keepsNormalPriority(String why) {
        if (TOLD.compareAndSet(false, true)) {
            LOG.info(
                    "background trainers keep the normal scheduling priority ({}); training.cpuShare still bounds them",
                    why);
        }
    }

    /** The nice value of a thread of this process, from its {@code stat} (field 19), or {@link Integer#MIN_VALUE}. */
    private static int niceOf(String tid) {
        try {
            String stat = Files.readString(Path.of("/proc/self/task", tid, "stat"));
            // The command name (field 2) is in parentheses and may contain spaces: count from after it.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[19 - 3]);
        } catch (IOException | RuntimeException e) {
            return Integer.MIN_VALUE;
        }
    }

    /** The calling thread's nice value, or {@link Integer#MIN_VALUE} where it cannot be read. */
    static int currentNice() {
        String tid = currentThreadId();
        return tid == null ? Integer.MIN_VALUE : niceOf(tid);
    }

    /** The calling thread's kernel thread id, from the {@code /proc/thread-self} link ({@code <pid>/task/<tid>}); null without it. */
    private static String currentThreadId() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self"))
                    .getFileName()
                    .toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
