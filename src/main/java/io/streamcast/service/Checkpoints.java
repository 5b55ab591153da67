package io.streamcast.service;

import io.streamcast.config.ConfigException;
import io.streamcast.config.TopologySpec;
import io.streamcast.model.CheckpointMeta;
import io.streamcast.model.ModelCheckpoint;
import io.streamcast.model.VersionedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Reads the checkpoint a topology names in {@code model.checkpoint} (written by {@code train}). */
public final class Checkpoints {
    private Checkpoints() {}

    /**
     * The topology's seed checkpoint as version 1, or null when it names none. The smoothing
     * constants the checkpoint was trained with (the topology's and the series' own) fill those the
     * topology leaves to fitting: the network's inputs are only meaningful under the base it
     * learned to correct.
     */
    public static VersionedModel of(TopologySpec spec) {
        CheckpointMeta meta = meta(spec);
        List<String> fed = spec.covariatesValue().names();
        if (meta != null && meta.covariates() != null && !meta.covariates().equals(fed)) {
            // Same count, other names: the shapes agree, the channels would not mean what the network learned.
            throw new ConfigException(spec.name + ": checkpoint " + spec.model.checkpoint
                    + " was trained with covariates " + meta.covariates() + " but the topology feeds " + fed
                    + "; train it again with this topology");
        }
        String zone = CheckpointMeta.calendarZoneOf(spec.covariatesValue());
        if (meta != null && meta.covariates() != null && !Objects.equals(meta.calendarZone(), zone)) {
            // An hour or two off on every step: the calendar channels would not be the ones it learned.
            throw new ConfigException(spec.name + ": checkpoint " + spec.model.checkpoint
                    + " read its calendar covariates in " + (meta.calendarZone() == null ? "UTC" : meta.calendarZone())
                    + " but the topology's zone is " + (zone == null ? "UTC" : zone)
                    + "; train it again with this topology");
        }
        if (meta != null && meta.smoothing() != null) {
            spec.base.useFitted(meta.constants());
            spec.base.correctionProven = meta.correctionProven();
        }
        return load(spec);
    }

    /** The metadata the topology's checkpoint carries; null without a checkpoint or metadata. */
    public static CheckpointMeta meta(TopologySpec spec) {
        if (spec.model.checkpoint == null || !Files.isRegularFile(Path.of(spec.model.checkpoint))) {
            return null;
        }
        try {
            return CheckpointMeta.readFrom(Path.of(spec.model.checkpoint).toFile());
        } catch (RuntimeException e) {
            throw new ConfigException(
                    spec.name + ": cannot read checkpoint metadata " + spec.model.checkpoint + ": " + e.getMessage(),
                    e);
        }
    }

    private static VersionedModel load(TopologySpec spec) {
        if (spec.model.checkpoint == null) {
            return null;
        }
        Path file = Path.of(spec.model.checkpoint);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(
                    spec.name + ": model.checkpoint " + file + " not found (run `streamcast train` first)");
        }
        try {
            return VersionedModel.of(1, ModelCheckpoint.load(file), true);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(spec.name + ": cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
