package io.streamcast.training;

import io.streamcast.model.VersionedModel;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The task's model in its changelogged store: the serving version under {@code serving}, every
 * promoted version under {@code v<N>} (so a rollback can find it), and the learner's state. A
 * restarted or moved task reads it back from the changelog.
 */
public final class ModelStore {
    private static final String SERVING = "serving";
    private static final String LEARNER = "learner";

    private final KeyValueStore<String, byte[]> store;

    public ModelStore(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    public VersionedModel serving() {
        byte[] b = store.get(SERVING);
        return b == null ? null : VersionedModel.fromBytes(b);
    }

    public void saveServing(VersionedModel model) {
        byte[] bytes = model.toBytes();
        store.put(SERVING, bytes);
        store.put("v" + model.version(), bytes);
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
