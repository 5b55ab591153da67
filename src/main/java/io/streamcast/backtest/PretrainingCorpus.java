package io.streamcast.backtest;

import io.streamcast.config.ConfigException;
import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Step;
import io.streamcast.training.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The series a topology's {@code training.corpus} names, as pretraining adds them to its own: cut
 * at the same instant as the topology's own data, so a corpus can never carry what happened after
 * a backtest's first origin (or after {@code train --until}), and checked to lie on the topology's
 * step, since a window of daily values read as months would teach the network nonsense.
 */
public final class PretrainingCorpus {
    private final Map<String, History> series;
    private final int points;
    private final Instant newest;

    private PretrainingCorpus(Map<String, History> series, int points, Instant newest) {
        this.series = series;
        this.points = points;
        this.newest = newest;
    }

    /** None: the topology names no corpus. */
    public static PretrainingCorpus none() {
        return new PretrainingCorpus(Map.of(), 0, null);
    }

    /**
     * Reads the topology's corpus, keeping only observations at or before {@code until} (null:
     * all of them); a series with nothing left is dropped.
     *
     * @throws ConfigException when the file is missing or a series leaves the topology's step
     */
    public static PretrainingCorpus of(TopologySpec spec, Instant until) {
        if (spec.training.corpus == null) {
            return none();
        }
        Path file = Path.of(spec.training.corpus);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(spec.name + ": training.corpus " + file + " is not a readable file");
        }
        Step step = spec.stepValue();
        Map<String, History> histories = new LinkedHashMap<>();
        int points = 0;
        Instant newest = null;
        Map<String, List<SeriesPoint>> read = SeriesCsv.read(file, spec.aggregationValue() != null);
        if (spec.aggregationValue() != null) {
            // Readings faster than the step, made into steps as the topology's own data is.
            read = StepAggregates.of(read, spec).series();
        }
        for (Map.Entry<String, List<SeriesPoint>> e :
                SeriesCsv.upTo(read, until).entrySet()) {
            List<SeriesPoint> kept = e.getValue();
            requireContiguous(spec, file, e.getKey(), kept, step);
            histories.put(e.getKey(), Histories.of(kept, spec));
            points += kept.size();
            Instant last = kept.get(kept.size() - 1).ts();
            newest = newest == null || last.isAfter(newest) ? last : newest;
        }
        return new PretrainingCorpus(histories, points, newest);
    }

    private static void requireContiguous(
            TopologySpec spec, Path file, String series, List<SeriesPoint> points, Step step) {
        for (int i = 1; i < points.size(); i++) {
            Instant expected = step.after(points.get(i - 1).ts(), 1);
            if (!points.get(i).ts().equals(expected)) {
                throw new ConfigException(spec.name + ": training.corpus " + file + ", series " + series + ": "
                        + points.get(i).ts() + " follows " + points.get(i - 1).ts() + " but the topology's step "
                        + step + " puts the next value at " + expected + " (a corpus series must be contiguous)");
            }
        }
    }

    /** Per series, values and timestamps as pretraining takes them. */
    public Map<String, History> series() {
        return series;
    }

    /** The newest timestamp kept, null when nothing was (what a checkpoint says it was trained through). */
    public Instant newest() {
        return newest;
    }

    /** One line for the progress output: what the corpus added, or nothing. */
    public String describe(String topology) {
        return series.isEmpty()
                ? ""
                : String.format(
                        "%s: pretraining adds the corpus's %d series (%d values through %s)",
                        topology, series.size(), points, newest);
    }
}
