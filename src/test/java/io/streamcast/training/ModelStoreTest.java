package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.streamcast.model.VersionedModel;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class ModelStoreTest {
    private final KeyValueStore<String, byte[]> kv = InMemoryStores.keyValueStore();
    private final ModelStore store = new ModelStore(kv, model -> {}, 3);

    private static VersionedModel model(long version) {
        return new VersionedModel(version, new byte[] {(byte) version});
    }

    @Test
    void onlyTheNewestVersionsStayForRollback() {
        for (long v = 1; v <= 12; v++) {
            store.saveServing(model(v));
        }
        assertEquals(List.of(10L, 11L, 12L), store.versions());
        assertNull(store.version(9), "older versions are deleted from the store (and so from its changelog)");
        assertEquals(12, store.highestVersion());
    }

    @Test
    void aRolledBackVersionStaysWhileItServesAndGoesOnceItNoLongerDoes() {
        for (long v = 1; v <= 3; v++) {
            store.saveServing(model(v));
        }
        store.saveServing(store.version(1)); // the rollback
        store.saveServing(model(4));
        store.saveServing(model(5));
        // Serving went 1 -> 4 -> 5: version 1 is no longer served, and 3, 4, 5 are the newest.
        assertEquals(List.of(3L, 4L, 5L), store.versions());

        store.saveServing(store.version(3)); // roll back again, then promotions push past it
        store.saveServing(model(6));
        store.saveServing(model(7));
        assertEquals(List.of(5L, 6L, 7L), store.versions());
    }

    @Test
    void theServingVersionIsNeverDeletedEvenWhenOlderThanTheRest() {
        for (long v = 1; v <= 3; v++) {
            store.saveServing(model(v));
        }
        store.saveServing(store.version(1));
        assertEquals(1, store.serving().version());
        // Room for only the two newest: version 1 still stays, beside them, while it serves.
        ModelStore keeping = new ModelStore(kv, model -> {}, 2);
        keeping.saveServing(store.version(1));
        assertNotNull(keeping.version(1));
        assertEquals(List.of(1L, 2L, 3L), keeping.versions());
    }

    @Test
    void versionsSortNumericallyNotAsText() {
        ModelStore all = new ModelStore(kv);
        for (long v : new long[] {9, 10, 100, 2}) {
            all.saveServing(model(v));
        }
        assertEquals(List.of(2L, 9L, 10L, 100L), all.versions());
    }
}
