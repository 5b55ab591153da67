package io.streamcast.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamcast.config.ConfigException;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.model.CheckpointMeta;
import io.streamcast.model.ModelCheckpoint;
import io.streamcast.model.NetworkFactory;
import io.streamcast.series.SmoothingParams;
import io.streamcast.training.NetworkSpecs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code train} checkpoint names the covariates it was trained with; a topology feeding others refuses it. */
class CheckpointCovariatesTest {
    @TempDir
    Path dir;

    private static TopologySpec spec(String feature, Path checkpoint) {
        return YamlConfig.parseTopology(
                "name: t\nwindow: 6\nhorizon: 2\nmodel: { cell: gru, hidden: 4, layers: 1, checkpoint: " + checkpoint
                        + " }\nfeatures: [{ name: " + feature + " }]\n",
                List.of());
    }

    private Path checkpointTrainedWith(String feature) throws Exception {
        Path file = dir.resolve("checkpoint.zip");
        TopologySpec spec = spec(feature, file);
        ModelCheckpoint.save(NetworkFactory.build(NetworkSpecs.of(spec)), file);
        new CheckpointMeta(
                        SmoothingParams.DEFAULT,
                        false,
                        Instant.parse("2024-01-01T00:00:00Z"),
                        spec.covariatesValue().names())
                .writeTo(file.toFile());
        return file;
    }

    @Test
    void theCovariatesItWasTrainedWithLoad() throws Exception {
        Path file = checkpointTrainedWith("price");
        assertEquals(List.of("price"), CheckpointMeta.readFrom(file.toFile()).covariates());
        assertNotNull(Checkpoints.of(spec("price", file)));
    }

    @Test
    void otherCovariatesOfTheSameWidthAreRefusedInOneLine() throws Exception {
        Path file = checkpointTrainedWith("price");
        String message = assertThrows(ConfigException.class, () -> Checkpoints.of(spec("promo", file)))
                .getMessage();
        assertEquals(
                "t: checkpoint " + file + " was trained with covariates [price] but the topology feeds [promo];"
                        + " train it again with this topology",
                message);
    }

    /**
     * The hour of day in Berlin is an hour or two past UTC's: a network trained on one clock's
     * calendar channels is refused by a topology that reads another's, and loads in its own.
     */
    @Test
    void calendarCovariatesReadInAnotherZoneAreRefused() throws Exception {
        Path file = dir.resolve("calendar.zip");
        java.util.function.Function<String, TopologySpec> inZone = zone -> YamlConfig.parseTopology(
                "name: t\nwindow: 6\nhorizon: 2\nmodel: { cell: gru, hidden: 4, layers: 1, checkpoint: " + file
                        + " }\ncalendar: [hourOfDay]\n" + (zone == null ? "" : "zone: " + zone + "\n"),
                List.of());
        TopologySpec berlin = inZone.apply("Europe/Berlin");
        ModelCheckpoint.save(NetworkFactory.build(NetworkSpecs.of(berlin)), file);
        new CheckpointMeta(
                        SmoothingParams.DEFAULT,
                        false,
                        Instant.parse("2024-01-01T00:00:00Z"),
                        berlin.covariatesValue().names(),
                        java.util.Map.of(),
                        CheckpointMeta.calendarZoneOf(berlin.covariatesValue()))
                .writeTo(file.toFile());
        assertEquals("Europe/Berlin", CheckpointMeta.readFrom(file.toFile()).calendarZone());
        assertNotNull(Checkpoints.of(inZone.apply("Europe/Berlin")));
        assertEquals(
                "t: checkpoint " + file + " read its calendar covariates in Europe/Berlin but the topology's zone is"
                        + " UTC; train it again with this topology",
                assertThrows(ConfigException.class, () -> Checkpoints.of(inZone.apply(null)))
                        .getMessage());
    }
}
