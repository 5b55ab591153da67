package io.streamcast.topology;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A typed in-memory store over a bytes store that counts the operations reaching it (get, put,
 * delete, ...), uncached: what a test of store operations per observation counts. {@link #putRaw}
 * writes bytes as an earlier version's serde wrote them.
 */
final class CountingStore<V> {
    final KeyValueStore<String, V> store;
    private final KeyValueStore<Bytes, byte[]> raw;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    CountingStore(String name, Serde<V> values) {
        KeyValueStore<Bytes, byte[]> inner = Stores.inMemoryKeyValueStore(name).get();
        this.raw = (KeyValueStore<Bytes, byte[]>) Proxy.newProxyInstance(
                KeyValueStore.class.getClassLoader(), new Class<?>[] {KeyValueStore.class}, (proxy, m, args) -> {
                    calls.computeIfAbsent(m.getName(), k -> new AtomicInteger()).incrementAndGet();
                    try {
                        return m.invoke(inner, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        KeyValueBytesStoreSupplier supplier = new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return raw;
            }

            @Override
            public String metricsScope() {
                return "counting";
            }
        };
        this.store = Stores.keyValueStoreBuilder(supplier, Serdes.String(), values)
                .withLoggingDisabled()
                .withCachingDisabled()
                .build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        reset();
    }

    void putRaw(String key, byte[] value) {
        raw.put(Bytes.wrap(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)), value);
    }

    /** How many times {@code operation} (get, put, delete, ...) reached the store since the last reset. */
    int count(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    int reads() {
        return count("get") + count("range") + count("all") + count("prefixScan");
    }

    int writes() {
        return count("put") + count("delete") + count("putIfAbsent") + count("putAll");
    }

    void reset() {
        calls.clear();
    }
}
