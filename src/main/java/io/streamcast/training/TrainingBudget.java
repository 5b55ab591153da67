package io.streamcast.training;

import java.util.function.LongSupplier;

/**
 * Caps the CPU time a topology's background trainers spend training, together, at {@code share}
 * seconds per second of wall-clock time ({@code training.cpuShare}; {@link AsyncTrainer} charges
 * each step the CPU time its thread used, since a trainer at the lowest priority waits while
 * the stream threads work and must not be charged for that): with four tasks on a
 * two-core machine, unthrottled trainers would take the cores the stream threads
 * need to forecast, and forecasts would fall behind while training caught up.
 *
 * <p>A rate limiter in the style of the generic cell rate algorithm: every step charges its busy
 * time divided by the share against a shared virtual clock; a trainer whose charge puts that clock
 * ahead of real time sleeps for the difference before its next step. Up to {@code burstNanos}
 * of unused budget carries over, so an idle topology's first steps run at once. Examples that
 * arrive while a trainer sleeps wait in its inbox, whose oldest are dropped (and counted) if it
 * fills: forecasting never waits for training.
 *
 * <p>Shared by the trainer threads of one topology, hence synchronized; the lock is held only
 * for the arithmetic, never while sleeping.
 */
final class TrainingBudget {
    /** Budget an idle topology may spend at once before pacing starts. */
    static final long DEFAULT_BURST_NANOS = 1_000_000_000L;

    private final double share;
    private final long burstNanos;
    private final LongSupplier clock;
    /** Real time at which everything charged so far would have been paid for at {@code share}. */
    private long paidUntil;

    /**
     * @param share      busy seconds allowed per wall-clock second, all trainers of the topology together
     * @param burstNanos budget carried over while idle
     * @param clock      nanosecond clock ({@link System#nanoTime} in service)
     */
    TrainingBudget(double share, long burstNanos, LongSupplier clock) {
        if (!(share > 0) || Double.isInfinite(share)) {
            throw new IllegalArgumentException("share must be positive and finite, got " + share);
        }
        this.share = share;
        this.burstNanos = burstNanos;
        this.clock = clock;
        this.paidUntil = clock.getAsLong() - burstNanos;
    }

    static TrainingBudget of(double share) {
        return new TrainingBudget(share, DEFAULT_BURST_NANOS, System::nanoTime);
    }

    /**
     * Charges one step that kept a trainer busy for {@code busyNanos}; returns how long the
     * trainer should pause before its next step (0 while within budget).
     */
    synchronized long charge(long busyNanos) {
        long now = clock.getAsLong();
        long busy = Math.max(0, busyNanos);
        // The step ran from now - busy; idle time before it refilled the budget, but by no more
        // than the burst: the past cannot be saved up forever.
        paidUntil = Math.max(paidUntil, now - busy - burstNanos) + (long) (busy / share);
        return Math.max(0, paidUntil - now);
    }

    double share() {
        return share;
    }
}
