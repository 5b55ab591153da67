package io.streamcast.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.series.BaseConstants;
import io.streamcast.series.SmoothingParams;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.util.ModelSerializer;

/**
 * What a checkpoint from {@code train} needs besides the weights: the smoothing constants its
 * inputs were normalised with (a network only fits the base it was trained on): the topology's
 * and, by series id, those of series with constants of their own (null or empty in a checkpoint
 * written before series had them), whether its
 * correction beat that base on held-out data, the newest timestamp it was trained on (so a
 * backtest can refuse a checkpoint that has seen its test period) and the covariates its input
 * channels carry, by name ({@link Covariates#names()}; null in a checkpoint written before them,
 * which had none) and the time zone its calendar covariates read ({@link #calendarZone}). Stored as
 * a JSON entry inside the checkpoint zip, next to DL4J's own entries.
 *
 * @param calendarZone the zone whose clock its calendar covariates read (the topology's {@code
 *     zone}); null for UTC, for a checkpoint without calendar covariates and for one written before
 *     topologies had a zone
 */
public record CheckpointMeta(
        SmoothingParams smoothing,
        boolean correctionProven,
        Instant trainedThrough,
        List<String> covariates,
        Map<String, SmoothingParams> seriesSmoothing,
        String calendarZone) {
    private static final String ENTRY = "streamcast-meta";
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** Metadata of a checkpoint whose series all run with the topology's constants. */
    public CheckpointMeta(
            SmoothingParams smoothing, boolean correctionProven, Instant trainedThrough, List<String> covariates) {
        this(smoothing, correctionProven, trainedThrough, covariates, Map.of(), null);
    }

    /** The zone a topology's calendar covariates read, as a checkpoint records it: null for UTC or none. */
    public static String calendarZoneOf(Covariates covariates) {
        return covariates.calendar().isEmpty() || covariates.zone().equals(java.time.ZoneOffset.UTC)
                ? null
                : covariates.zone().getId();
    }

    /** Metadata of a checkpoint trained without covariates, every series with the topology's constants. */
    public CheckpointMeta(SmoothingParams smoothing, boolean correctionProven, Instant trainedThrough) {
        this(smoothing, correctionProven, trainedThrough, List.of());
    }

    /** The constants the checkpoint's series were trained with: the topology's and the series' own. */
    public BaseConstants constants() {
        return new BaseConstants(smoothing, seriesSmoothing);
    }

    public void writeTo(File checkpoint) {
        try {
            ModelSerializer.addObjectToFile(checkpoint, ENTRY, JSON.writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint metadata", e);
        }
    }

    /** The metadata of a checkpoint, or null for one written without it. */
    public static CheckpointMeta readFrom(File checkpoint) {
        try {
            if (!ModelSerializer.listObjectsInFile(checkpoint).contains(ENTRY)) {
                return null;
            }
            String json = ModelSerializer.getObjectFromFile(checkpoint, ENTRY);
            return JSON.readValue(json, CheckpointMeta.class);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read checkpoint metadata", e);
        }
    }
}
