package io.streamcast.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The meters one binder registered, all carrying the topology's tags, remembered so that
 * {@link #close} can take them out of the registry again (a registry outlives the topologies
 * that come and go in it). Meters made while unbound are not registered: the binder registers
 * what it has counted so far when it is bound. Not thread-safe: its binder guards it.
 */
final class TaggedMeters {

    private final Tags tags;
    private final List<Meter> registered = new ArrayList<>();
    private MeterRegistry registry;

    TaggedMeters(Tags tags) {
        this.tags = tags;
    }

    /**
     * @return false if already bound to {@code registry} (nothing to register again)
     * @throws IllegalStateException if bound to another registry
     */
    boolean bind(MeterRegistry registry) {
        if (this.registry == registry) {
            return false;
        }
        if (this.registry != null) {
            throw new IllegalStateException("already bound to another registry");
        }
        this.registry = registry;
        return true;
    }

    boolean bound() {
        return registry != null;
    }

    /** The bound registry, for meter builders this class has no shortcut for. */
    MeterRegistry registry() {
        return registry;
    }

    /** The topology's tags, for those builders. */
    Tags tags() {
        return tags;
    }

    void functionCounter(String name, String description, LongAdder count, Tags extra) {
        keep(FunctionCounter.builder(name, count, LongAdder::doubleValue)
                .description(description)
                .tags(tags.and(extra))
                .register(registry));
    }

    /** A gauge holding {@code state} strongly: the state objects here have no other owner the registry could outlive. */
    <T> Gauge gauge(String name, String description, T state, ToDoubleFunction<T> value, Tags extra) {
        return keep(Gauge.builder(name, state, value)
                .description(description)
                .tags(tags.and(extra))
                .strongReference(true)
                .register(registry));
    }

    <M extends Meter> M keep(M meter) {
        registered.add(meter);
        return meter;
    }

    /** Takes one meter out of the registry before the others go, e.g. a closed task's gauge. */
    void remove(Meter meter) {
        if (registry != null) {
            registry.remove(meter);
        }
        registered.remove(meter);
    }

    /** Takes every meter out of the registry; unbound afterwards. */
    void close() {
        if (registry != null) {
            registered.forEach(registry::remove);
        }
        registered.clear();
        registry = null;
    }
}
