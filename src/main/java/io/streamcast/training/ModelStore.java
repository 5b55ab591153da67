package io.streamcast.training;

import io.streamcast.model.VersionedModel;
import java.nio.ByteBuffer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The task's model in its changelogged store: the serving version under {@code serving}, every
 * promoted version under {@code v<N>} (so a rollback can find it), and the learner's state. A
 * restarted or moved task reads it back from the changelog.
 */
public final class ModelStore {
    private static final String SERVING = "serving";
    private static final String LEARNER = "learner";
    private static final String HIGHEST = "highest";

    private final KeyValueStore<String, byte[]> store;

    public ModelStore(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    public VersionedModel serving() {
        byte[] b = store.get(SERVING);
        return b == null ? null : VersionedModel.fromBytes(b);
    }

    public void saveServing(VersionedModel model) {
        long highest = highestVersion();
        byte[] bytes = model.toBytes();
        store.put(SERVING, bytes);
        store.put("v" + model.version(), bytes);
        if (model.version() > highest || store.get(HIGHEST) == null) {
            store.put(HIGHEST, ByteBuffer.allocate(Long.BYTES).putLong(Math.max(highest, model.version())).array());
        }
    }

    /**
     * The highest version ever served (0 when none). After a rollback the serving version is lower;
     * the next promotion must still get a new number, never overwrite a stored version.
     */
    public long highestVersion() {
        byte[] b = store.get(HIGHEST);
        if (b != null) {
            return ByteBuffer.wrap(b).getLong();
        }
        VersionedModel serving = serving();
        return serving == null ? 0 : serving.version();
    }

    public VersionedModel version(long version) {
        byte[] b = store.get("v" + version);
        return b == null ? null : VersionedModel.fromBytes(b);
    }

    public byte[] learnerState() {
        return store.get(LEARNER);
    }

    public void saveLearnerState(byte[] state) {
        store.put(LEARNER, state);
    }
}
