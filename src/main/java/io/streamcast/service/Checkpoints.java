package io.streamcast.service;

import io.streamcast.config.ConfigException;
import io.streamcast.config.TopologySpec;
import io.streamcast.model.ModelCheckpoint;
import io.streamcast.model.VersionedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the checkpoint a topology names in {@code model.checkpoint} (written by {@code train}). */
public final class Checkpoints {
    private Checkpoints() {
    }

    /** The topology's seed checkpoint as version 1, or null when it names none. */
    public static VersionedModel of(TopologySpec spec) {
        if (spec.model.checkpoint == null) {
            return null;
        }
        Path file = Path.of(spec.model.checkpoint);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(spec.name + ": model.checkpoint " + file + " not found (run `streamcast train` first)");
        }
        try {
            return VersionedModel.of(1, ModelCheckpoint.load(file), true);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(spec.name + ": cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
