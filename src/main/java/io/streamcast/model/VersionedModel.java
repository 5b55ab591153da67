package io.streamcast.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A network checkpoint with the version every forecast names. Stored as bytes in the task's
 * changelogged model store (and the models topic), so a restarted or moved task resumes the
 * same model.
 */
public record VersionedModel(long version, byte[] checkpoint) {
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

    public static VersionedModel fromBytes(byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            long version = in.readLong();
            byte[] cp = new byte[in.readInt()];
            in.readFully(cp);
            return new VersionedModel(version, cp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
