package io.streamcast.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Values kept per horizon bucket ({@link HorizonBucket}) and found by horizon step: every actual
 * scores up to H forecasts, and a bucket's name and a map lookup per scored point were 2% of a
 * stream thread, so each step (up to a topology's largest horizon, 1024) remembers its bucket's
 * value once it has been seen.
 */
final class ByHorizonStep<T> {
    private static final int STEPS = 1025;

    private final ConcurrentMap<String, T> byBucket = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<T> byStep = new AtomicReferenceArray<>(STEPS);
    private final Supplier<T> create;
    private final BiConsumer<String, T> created;

    /**
     * The first time any step of a bucket is seen, {@code create} makes its value and
     * {@code created} is told (outside any map operation: it registers meters).
     */
    ByHorizonStep(Supplier<T> create, BiConsumer<String, T> created) {
        this.create = create;
        this.created = created;
    }

    /** Step {@code h}'s bucket value. */
    T get(int h) {
        T value = h < STEPS ? byStep.get(h) : null;
        if (value != null) {
            return value;
        }
        String bucket = HorizonBucket.of(h);
        value = byBucket.get(bucket);
        if (value == null) {
            T made = create.get();
            value = byBucket.putIfAbsent(bucket, made);
            if (value == null) {
                value = made;
                created.accept(bucket, made);
            }
        }
        if (h < STEPS) {
            byStep.set(h, value);
        }
        return value;
    }

    /** A bucket's value present before any step is scored (dashboards then have a series at once). */
    void put(String bucket, T value) {
        byBucket.put(bucket, value);
    }

    void forEach(BiConsumer<String, T> action) {
        byBucket.forEach(action);
    }
}
