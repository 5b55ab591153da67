package io.streamcast.training;

import io.streamcast.model.CorruptCheckpointException;
import io.streamcast.model.VersionedModel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's model in its changelogged store: the serving version under {@code serving}, the
 * newest promoted versions under {@code v<N>} (so a rollback can find them; see
 * {@code training.keepVersions}), the learner's state, the id of the last operator command
 * handled and the version an operator pinned, if any. A restarted or moved task reads it back
 * from the changelog.
 */
public final class ModelStore {
    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
    private static final String SERVING = "serving";
    private static final String LEARNER = "learner";
    private static final String HIGHEST = "highest";
    /** The correction gate's saved state (read by GET /models through {@code topology.CorrectionStatus}). */
    public static final String GATE = "correction-gate";

    private static final String BASE_SELECTION = "base-selection";
    private static final String CALIBRATOR = "interval-calibrator/";
    /** Id of the last operator command this task has handled (applied or refused); never starts with "v". */
    private static final String COMMAND = "applied-command";
    /** The version an operator's rollback pinned (promotion held until a resume); absent when none. Never starts with "v". */
    public static final String PINNED = "pinned";

    /** Every stored version's key starts with this, and no other key does. */
    private static final String VERSION_PREFIX = "v";

    private final KeyValueStore<String, byte[]> store;
    private final ModelPublisher publisher;
    private final int keepVersions;

    /** A store that keeps every version it is given (for reading, and for tests of a learner alone). */
    public ModelStore(KeyValueStore<String, byte[]> store) {
        this(store, ModelPublisher.NONE, Integer.MAX_VALUE);
    }

    /**
     * @param publisher    told of every model saved as serving (seed, promotion, rollback), after it is stored
     * @param keepVersions how many of the newest versions to keep for rollbacks; older ones are
     *                     deleted, except the one serving. Without a limit every promotion would
     *                     stay in RocksDB and in the changelog (compaction keeps one record per key).
     */
    public ModelStore(KeyValueStore<String, byte[]> store, ModelPublisher publisher, int keepVersions) {
        if (keepVersions < 1) {
            throw new IllegalArgumentException("keepVersions must be >= 1, got " + keepVersions);
        }
        this.store = store;
        this.publisher = publisher;
        this.keepVersions = keepVersions;
    }

    public boolean hasServing() {
        return store.get(SERVING) != null;
    }

    public VersionedModel serving() {
        byte[] b = store.get(SERVING);
        return b == null ? null : VersionedModel.fromBytes(b);
    }

    /**
     * The serving model, checked whole before anything loads it. A damaged one (a truncated or
     * corrupted record in the store or its changelog) is refused with one warning, and the newest
     * kept version that is whole serves instead, recorded as serving (not published: the models
     * topic never goes back a version); null when there is no serving model, or no whole one.
     *
     * @param who names the task in the warning
     */
    public VersionedModel servingOrPreviousGood(String who) {
        byte[] b = store.get(SERVING);
        if (b == null) {
            return null;
        }
        try {
            return VersionedModel.verified(b);
        } catch (CorruptCheckpointException e) {
            List<Long> damaged = new ArrayList<>();
            VersionedModel previous = newestWhole(damaged);
            // One line: what was refused, why, and what serves instead.
            LOG.warn(
                    "{}: refused the serving model in the model store ({}); {}{}",
                    who,
                    e.getMessage(),
                    previous == null
                            ? "no kept version is whole: starting as if it had none"
                            : "serving version " + previous.version() + " instead",
                    damaged.isEmpty() ? "" : " (kept versions also damaged: " + damaged + ")");
            if (previous != null) {
                store.put(SERVING, previous.toBytes());
            }
            return previous;
        }
    }

    /** The newest kept version whose checkpoint is whole, or null; the damaged ones passed over are added to {@code damaged}. */
    private VersionedModel newestWhole(List<Long> damaged) {
        List<Long> kept = versions();
        for (int i = kept.size() - 1; i >= 0; i--) {
            try {
                return VersionedModel.verified(store.get(VERSION_PREFIX + kept.get(i)));
            } catch (CorruptCheckpointException e) {
                damaged.add(kept.get(i));
            }
        }
        return null;
    }

    public void saveServing(VersionedModel model) {
        long highest = highestVersion();
        byte[] bytes = model.toBytes();
        store.put(SERVING, bytes);
        store.put(VERSION_PREFIX + model.version(), bytes);
        if (model.version() > highest || store.get(HIGHEST) == null) {
            store.put(
                    HIGHEST,
                    ByteBuffer.allocate(Long.BYTES)
                            .putLong(Math.max(highest, model.version()))
                            .array());
        }
        deleteOldVersions(model.version());
        publisher.published(model);
    }

    /** Deletes the versions beyond the newest {@code keepVersions}, never the one serving. */
    private void deleteOldVersions(long serving) {
        if (keepVersions == Integer.MAX_VALUE) {
            return;
        }
        List<Long> versions = versions();
        for (int i = 0; i < versions.size() - keepVersions; i++) {
            if (versions.get(i) != serving) {
                store.delete(VERSION_PREFIX + versions.get(i));
            }
        }
    }

    /** The versions stored for rollback, oldest first. */
    public List<Long> versions() {
        List<Long> versions = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(VERSION_PREFIX, new StringSerializer())) {
            while (it.hasNext()) {
                versions.add(Long.parseLong(it.next().key.substring(VERSION_PREFIX.length())));
            }
        }
        Collections.sort(versions);
        return versions;
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

    /**
     * Keeps {@code model} under its version for a later rollback without serving it (the untrained
     * network a task starts from, version 0), and without publishing it.
     */
    public void keepVersion(VersionedModel model) {
        store.put(VERSION_PREFIX + model.version(), model.toBytes());
    }

    /** The version an operator pinned with a rollback, or null while promotion is free. */
    public Long pinned() {
        return decodePinned(store.get(PINNED));
    }

    public static Long decodePinned(byte[] b) {
        return b == null ? null : ByteBuffer.wrap(b).getLong();
    }

    public void savePinned(long version) {
        store.put(PINNED, ByteBuffer.allocate(Long.BYTES).putLong(version).array());
    }

    public void clearPinned() {
        store.delete(PINNED);
    }

    public VersionedModel version(long version) {
        byte[] b = store.get(VERSION_PREFIX + version);
        return b == null ? null : VersionedModel.fromBytes(b);
    }

    /** Id of the last operator command handled, or null. */
    public String appliedCommand() {
        byte[] b = store.get(COMMAND);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    public void saveAppliedCommand(String id) {
        store.put(COMMAND, id.getBytes(StandardCharsets.UTF_8));
    }

    /** The remembered forecast errors of one model's interval calibrator, or null. */
    public byte[] calibratorState(String model) {
        return store.get(CALIBRATOR + model);
    }

    public void saveCalibratorState(String model, byte[] state) {
        store.put(CALIBRATOR + model, state);
    }

    /** The task's record of how the network's correction and the base fared on live forecasts; null for none. */
    public byte[] gateState() {
        return store.get(GATE);
    }

    public void saveGateState(byte[] state) {
        store.put(GATE, state);
    }

    /** The adaptive base's running comparison of its candidates, or null when none was saved. */
    public byte[] baseSelectionState() {
        return store.get(BASE_SELECTION);
    }

    public void saveBaseSelectionState(byte[] state) {
        store.put(BASE_SELECTION, state);
    }

    public byte[] learnerState() {
        return store.get(LEARNER);
    }

    public void saveLearnerState(byte[] state) {
        store.put(LEARNER, state);
    }
}
