package io.streamcast.training;

import java.util.function.LongSupplier;

/**
 * Whether a topology's forecasting has fallen behind its input, as its tasks report it; while it
 * has by more than {@code training.yieldBehindMs}, the topology's background trainers wait
 * ({@link AsyncTrainer}) and leave the cores to the stream threads. Forecasts first: on two cores
 * the trainers' share was what kept a live stream from keeping up (the performance issue's bench
 * at 15,849 observations/s: p99 latency past 5 s and growing with online training on, 471 ms with
 * it off), and examples that arrive while they wait are mostly not built ({@link ExampleAdmission}),
 * as when they fall behind.
 *
 * <p>A report holds for {@link #HOLD_NANOS}: the tasks report every punctuation while they are
 * behind, and a task that stops reporting (idle, closed) stops holding the trainers back.
 *
 * <p>Shared by the stream threads (reports) and the trainer threads (reads) of one topology.
 */
final class ForecastingLag {
    /** How long one report that forecasting is behind keeps the trainers waiting. */
    static final long HOLD_NANOS = 500_000_000L;

    private final long yieldBehindMs;
    private final LongSupplier clock;
    private volatile long behindUntilNanos;

    /**
     * @param yieldBehindMs how far behind forecasting may fall before the trainers wait; 0 never
     * @param clock         nanosecond clock ({@link System#nanoTime} in service)
     */
    ForecastingLag(long yieldBehindMs, LongSupplier clock) {
        this.yieldBehindMs = yieldBehindMs;
        this.clock = clock;
        this.behindUntilNanos = clock.getAsLong();
    }

    static ForecastingLag of(long yieldBehindMs) {
        return new ForecastingLag(yieldBehindMs, System::nanoTime);
    }

    /** A task's forecasting is {@code behindMs} behind its input ({@code TaskModel#forecastingBehind}). */
    void report(long behindMs) {
        if (yieldBehindMs > 0 && behindMs > yieldBehindMs) {
            behindUntilNanos = clock.getAsLong() + HOLD_NANOS;
        }
    }

    /** How long the trainers should still wait; 0 when forecasting keeps up. */
    long waitNanos() {
        return Math.max(0, behindUntilNanos - clock.getAsLong());
    }
}
