package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.CheckpointIntegrity;
import io.streamcast.model.CorruptCheckpointException;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.VersionedModel;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A damaged model record (truncated, or bytes that no longer match their CRC) is refused before it
 * is loaded, and the task keeps the previous whole version instead of failing or serving garbage.
 */
class CheckpointVerificationTest {
    private final TopologySpec spec = YamlConfig.parseTopology("""
            name: verify
            step: PT1H
            period: 4
            window: 8
            horizon: 3
            model: { cell: lstm, hidden: 4, layers: 1 }
            training: { online: false }
            """, List.of());

    private VersionedModel model(long version, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return VersionedModel.of(version, NetworkFactory.build(NetworkSpecs.of(spec)), false);
    }

    @Test
    void aWholeCheckpointPassesAndEveryTruncationIsRefused() {
        byte[] checkpoint = model(1, 1).checkpoint();
        CheckpointIntegrity.verify(checkpoint);
        for (int length : new int[] {0, 1, 21, checkpoint.length / 2, checkpoint.length - 22, checkpoint.length - 1}) {
            byte[] cut = Arrays.copyOf(checkpoint, length);
            CorruptCheckpointException refused = assertThrows(
                    CorruptCheckpointException.class,
                    () -> CheckpointIntegrity.verify(cut),
                    "truncated to " + length + " of " + checkpoint.length + " bytes");
            assertTrue(refused.getMessage().startsWith("checkpoint of " + length + " bytes"), refused.getMessage());
        }
    }

    @Test
    void aFlippedByteInsideTheParametersIsRefusedByItsCrc() {
        byte[] checkpoint = model(1, 1).checkpoint();
        byte[] damaged = checkpoint.clone();
        damaged[damaged.length / 2] ^= 0x55;
        assertThrows(CorruptCheckpointException.class, () -> CheckpointIntegrity.verify(damaged));
    }

    @Test
    void aTruncatedModelRecordIsRefusedByItsLengthBeforeItsCheckpointIsRead() {
        byte[] record = model(3, 1).toBytes();
        byte[] cut = Arrays.copyOf(record, record.length - 100);
        CorruptCheckpointException refused =
                assertThrows(CorruptCheckpointException.class, () -> VersionedModel.fromBytes(cut));
        assertTrue(
                refused.getMessage().contains("version 3")
                        && refused.getMessage().contains("truncated"),
                refused.getMessage());
        assertThrows(CorruptCheckpointException.class, () -> VersionedModel.fromBytes(new byte[5]));
        assertEquals(3, VersionedModel.versionOf(cut), "the header still names its version");
    }

    @Test
    void aDamagedServingModelIsRefusedAndThePreviousWholeVersionServesAgain() {
        KeyValueStore<String, byte[]> raw = InMemoryStores.keyValueStore();
        ModelStore store = new ModelStore(raw);
        VersionedModel good = model(1, 1);
        VersionedModel promoted = model(2, 2);
        store.saveServing(good);
        store.saveServing(promoted);
        // Version 2 arrives truncated, in the serving record and its kept copy (a damaged changelog record).
        byte[] truncated = Arrays.copyOf(promoted.toBytes(), promoted.toBytes().length / 2);
        raw.put("serving", truncated);
        raw.put("v2", truncated);

        VersionedModel serving = store.servingOrPreviousGood("test task");
        assertEquals(1, serving.version(), "the previous whole version");
        assertEquals(
                1, store.serving().version(), "recorded as serving, so a restart does not meet the damaged one again");
        assertEquals(2, store.highestVersion(), "the next promotion still gets a new number");

        // The task built on this store serves version 1's weights rather than failing.
        NetworkTaskModel task = new NetworkTaskModels(spec, null, new TopologyMetrics("verify", "lstm").training())
                .create(new TaskId(0, 0), raw);
        assertEquals(1, task.version());
        assertEquals(good.network().params(), task.serving().params());
        // A rollback to the damaged version is refused like one to a missing version, and changes nothing.
        // A whole record whose checkpoint has a flipped byte.
        byte[] flipped = promoted.toBytes();
        flipped[flipped.length / 2] ^= 0x55;
        raw.put("v2", flipped);
        assertThrows(CorruptCheckpointException.class, () -> task.rollback(2));
        assertEquals(1, task.version());
        assertEquals(false, task.pinned(), "nothing pinned");
    }

    @Test
    void withNoWholeVersionLeftTheTaskStartsAsIfItHadNone() {
        KeyValueStore<String, byte[]> raw = InMemoryStores.keyValueStore();
        ModelStore store = new ModelStore(raw);
        store.saveServing(model(1, 1));
        byte[] truncated = Arrays.copyOf(raw.get("serving"), 40);
        raw.put("serving", truncated);
        raw.put("v1", truncated);
        assertNull(store.servingOrPreviousGood("test task"));
        assertEquals(
                0,
                new NetworkTaskModels(spec, null, new TopologyMetrics("verify", "lstm").training())
                        .create(new TaskId(0, 0), raw)
                        .version(),
                "no checkpoint: the fallback serves");
    }
}
