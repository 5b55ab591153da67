package io.streamcast.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Counts per key where the key becomes a tag value (a reason code, a model name). Keeps the tag
 * bounded even if a caller passes something unbounded by mistake (an exception message, a series
 * id): a key that is not a short code, or that would exceed {@code maxKeys} distinct keys, is
 * counted under {@link #OTHER} (so at most {@code maxKeys} + 1 keys). Thread-safe.
 * <p>
 * Why not Micrometer's {@code MeterFilter.maximumAllowableTags(prefix, tagKey, max, onMaxReached)}:
 * that filter only accepts or denies a new meter once the limit is reached ({@code onMaxReached} is
 * consulted for {@code accept} and {@code configure}, never {@code map}), so the events past the
 * limit would go to a no-op meter and vanish; here they add up under {@code OTHER}, which the
 * dashboards show. It also counts the tag values of every topology in the registry together (one
 * filter per registry, where the bound here is per topology), does not turn a value that is no
 * short code into {@code OTHER}, and needs the registry at hand before counting starts, while counts
 * here are kept from construction and registered when the metrics are bound.
 */
final class BoundedCounts {

    static final String OTHER = "OTHER";

    /** Distinct keys per tag (reason, model) before further keys count as {@link #OTHER}. */
    static final int MAX_KEYS = 32;

    /** What a bounded code looks like: short, no spaces, no punctuation beyond . _ - */
    static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /**
     * A tag value the caller chose (topology, cell, task), checked rather than bounded: an
     * unbounded one there is a bug to find, not a count to keep.
     *
     * @throws IllegalArgumentException if {@code value} is not a {@link #CODE}
     */
    static String requireCode(String what, String value) {
        if (value == null || !CODE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must match " + CODE + ", got " + value);
        }
        return value;
    }

    private final int maxKeys;
    private final ConcurrentMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    BoundedCounts(int maxKeys) {
        this.maxKeys = maxKeys;
    }

    /** Creates the key with a zero count, so its meter exists before the first event. */
    void declare(String key) {
        counts.computeIfAbsent(bounded(key), k -> new LongAdder());
    }

    /**
     * Adds one to {@code rawKey} (or to {@link #OTHER}).
     *
     * @param onNewKey called with the key, once, when it is counted for the first time, so the
     *     caller can register a meter for it (outside any map lock)
     */
    void increment(String rawKey, Consumer<String> onNewKey) {
        String key = bounded(rawKey);
        LongAdder count = counts.get(key);
        if (count == null) {
            LongAdder created = new LongAdder();
            count = counts.putIfAbsent(key, created);
            if (count == null) {
                count = created;
                onNewKey.accept(key);
            }
        }
        count.increment();
    }

    void forEach(BiConsumer<String, LongAdder> action) {
        counts.forEach(action);
    }

    LongAdder count(String key) {
        return counts.get(key);
    }

    private String bounded(String rawKey) {
        if (rawKey == null || !CODE.matcher(rawKey).matches()) {
            return OTHER;
        }
        if (counts.containsKey(rawKey) || rawKey.equals(OTHER)) {
            return rawKey;
        }
        // Racing threads may overshoot by a few keys; the bound only has to stop an explosion.
        return counts.size() < maxKeys ? rawKey : OTHER;
    }
}
