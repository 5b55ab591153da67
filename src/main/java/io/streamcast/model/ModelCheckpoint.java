package io.streamcast.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Saves and restores networks in DL4J's own checkpoint format (a zip of the JSON configuration,
 * the parameters and, optionally, the updater state). Bytes suit a compacted topic or a store;
 * files suit {@code train --out model.zip}.
 */
public final class ModelCheckpoint {
    /**
     * Largest model or learner checkpoint a topology may write to Kafka (its model store's
     * changelog, the models topic): checkpoints grow with hidden size and window (a two-layer
     * LSTM of 384 units is about 7 MB with no updater state), and the broker's and producer's
     * default of 1 MB would refuse them.
     */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    private ModelCheckpoint() {}

    /**
     * @param withUpdater also save the updater state (Adam's moment estimates), so training resumes
     *                    exactly where it stopped; without it the checkpoint is smaller but training
     *                    restarts the moments from zero
     */
    public static byte[] toBytes(MultiLayerNetwork network, boolean withUpdater) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(network, bytes, withUpdater);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write network checkpoint", e);
        }
        return bytes.toByteArray();
    }

    /** Restores a network, with its updater state when the checkpoint holds one. */
    public static MultiLayerNetwork fromBytes(byte[] bytes) {
        try {
            return read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read network checkpoint", e);
        }
    }

    /**
     * Writes a checkpoint with the updater state. The file is written next to {@code file} and
     * moved into place, so a reader never sees half a checkpoint.
     */
    public static void save(MultiLayerNetwork network, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temporary = Files.createTempFile(
                absolute.getParent(), absolute.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                ModelSerializer.writeModel(network, out, true);
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Restores a network saved by {@link #save}, or by any DL4J ModelSerializer call. */
    public static MultiLayerNetwork load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    private static MultiLayerNetwork read(InputStream in) throws IOException {
        // loadUpdater=true restores the updater state when present and is harmless when not.
        return ModelSerializer.restoreMultiLayerNetwork(in, true);
    }
}
