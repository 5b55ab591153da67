package io.streamcast.training;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** A model store outside a topology, for tests of a learner on its own. */
final class InMemoryStores {
    private InMemoryStores() {}

    static ModelStore modelStore() {
        return new ModelStore(keyValueStore());
    }

    static KeyValueStore<String, byte[]> keyValueStore() {
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("model"), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled()
                .build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }
}
