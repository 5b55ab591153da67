package io.streamcast.training;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleConsumer;

/**
 * The background trainer threads of one topology in this process ({@code training.threads}, one
 * per core by default), shared by all its tasks' {@link AsyncTrainer}s: each task trains in its
 * own {@link TrainerLane}, and the lanes take turns on the pool's threads.
 *
 * <p>Why a pool and not a thread per task: a trainer is runnable whenever examples wait, so a
 * thread per task put as many runnable threads on the machine as the instance has tasks, however
 * few its cores, each with its own turn at them. The budget
 * ({@code training.cpuShare}) bounds how much the trainers train; the pool bounds how many
 * threads do it. Measured on the performance bench (four tasks, two cores; performance.md, "Built:
 * the trainers' pool"): one, two or four threads left the live tail where it was, within the
 * runs' spread.
 *
 * <p>Threads are made when work first arrives and end after {@value #IDLE_SECONDS} s without
 * any, so a topology that never trains in the background (a backtest, a frozen model) never starts
 * one, and a closed one leaves none behind. They are daemons, named
 * {@code streamcast-train-<topology>-<n>}, and lower their own priority before their first step
 * ({@link TrainerPriority}).
 */
final class TrainerPool {
    /** How long an idle trainer thread lingers before it ends (a new one is made when work comes back). */
    static final long IDLE_SECONDS = 60;

    private final String topology;
    private final ThreadPoolExecutor threads;
    private final AtomicInteger made = new AtomicInteger();

    /** A pool of {@code size} threads for topology {@code topology}; none start until work arrives. */
    TrainerPool(String topology, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("training.threads must be >= 1, was " + size);
        }
        this.topology = topology;
        this.threads = new ThreadPoolExecutor(
                size, size, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), this::newThread);
        threads.allowCoreThreadTimeOut(true);
    }

    /**
     * A lane for one task's training work, named {@code name} in the log; {@code waitedForThread}
     * is told the seconds each of its turns waited for a thread.
     */
    TrainerLane lane(String name, DoubleConsumer waitedForThread) {
        return new TrainerLane(name, threads, waitedForThread);
    }

    private Thread newThread(Runnable work) {
        Thread t = new Thread(
                () -> {
                    // Forecasting first: the trainers take only the CPU the stream threads leave.
                    TrainerPriority.lowerCurrentThread();
                    work.run();
                },
                "streamcast-train-" + topology + "-" + made.incrementAndGet());
        // A trainer must never keep the JVM alive: its state is checkpointed by the stream thread anyway.
        t.setDaemon(true);
        return t;
    }
}
