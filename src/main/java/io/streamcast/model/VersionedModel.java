package io.streamcast.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A network checkpoint with the version every forecast names. Stored as bytes in the task's
 * changelogged model store (and the models topic), so a restarted or moved task resumes the
 * same model.
 */
public record VersionedModel(long version, byte[] checkpoint) {
    /** The version (a long) and the checkpoint's length (an int) before the checkpoint. */
    private static final int HEADER_BYTES = Long.BYTES + Integer.BYTES;

    public static VersionedModel of(long version, MultiLayerNetwork network, boolean withUpdater) {
        return new VersionedModel(version, ModelCheckpoint.toBytes(network, withUpdater));
    }

    public MultiLayerNetwork network() {
        return ModelCheckpoint.fromBytes(checkpoint);
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream(checkpoint.length + 16);
            DataOutputStream out = new DataOutputStream(b);
            out.writeLong(version);
            out.writeInt(checkpoint.length);
            out.write(checkpoint);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws CorruptCheckpointException when the record is shorter or longer than its header says
     *     (a truncated record would otherwise read as garbage or allocate whatever its length claims)
     */
    public static VersionedModel fromBytes(byte[] bytes) {
        if (bytes.length < HEADER_BYTES) {
            throw new CorruptCheckpointException(
                    "model record of " + bytes.length + " bytes is shorter than its header");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            long version = in.readLong();
            int length = in.readInt();
            if (length != bytes.length - HEADER_BYTES) {
                throw new CorruptCheckpointException("model record of version " + version + " says " + length
                        + " checkpoint bytes but holds " + (bytes.length - HEADER_BYTES) + " (truncated?)");
            }
            byte[] cp = new byte[length];
            in.readFully(cp);
            return new VersionedModel(version, cp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #fromBytes}, and the checkpoint checked whole ({@link CheckpointIntegrity}): what a
     * task may load.
     *
     * @throws CorruptCheckpointException when it is not
     */
    public static VersionedModel verified(byte[] bytes) {
        VersionedModel model = fromBytes(bytes);
        try {
            CheckpointIntegrity.verify(model.checkpoint());
        } catch (CorruptCheckpointException e) {
            throw new CorruptCheckpointException("version " + model.version() + ": " + e.getMessage());
        }
        return model;
    }

    /** The version a record names, read from its header alone; -1 when it is too short to name one. */
    public static long versionOf(byte[] bytes) {
        return bytes.length < Long.BYTES ? -1 : ByteBuffer.wrap(bytes).getLong();
    }
}
