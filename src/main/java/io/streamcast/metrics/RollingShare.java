package io.streamcast.metrics;

/**
 * The share of true outcomes among the most recent {@code capacity} (a ring buffer, as
 * {@link RollingAccuracy} keeps its points): how often recent actuals fell at or below a quantile.
 * NaN before the first outcome. Thread-safe: stream threads add while the scrape reads.
 */
final class RollingShare {
    private final boolean[] outcomes;
    private int next;
    private int size;
    private int trues;

    RollingShare(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        outcomes = new boolean[capacity];
    }

    synchronized void add(boolean outcome) {
        if (size == outcomes.length && outcomes[next]) {
            trues--;
        }
        outcomes[next] = outcome;
        trues += outcome ? 1 : 0;
        next = (next + 1) % outcomes.length;
        size = Math.min(size + 1, outcomes.length);
    }

    synchronized double share() {
        return size == 0 ? Double.NaN : trues / (double) size;
    }
}
