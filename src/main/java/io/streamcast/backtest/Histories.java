package io.streamcast.backtest;

import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Step;
import io.streamcast.model.Covariates;
import io.streamcast.training.History;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Series read from a file as pretraining takes them: values on the topology's step grid, with
 * timestamps and the topology's observed features. A step the file has no value for (a sensor
 * offline) is filled on the straight line between the values around it and marked, so the
 * seasons after it stay in phase and no training example contains it; the smoothing fit runs
 * through the line. A row on the step of the row before it is left out, as the topology
 * dead-letters it.
 */
public final class Histories {
    private Histories() {}

    public static History of(List<SeriesPoint> points, TopologySpec spec) {
        Covariates covariates = spec.covariatesValue();
        int width = covariates.observed().size();
        GriddedSeries gridded = GriddedSeries.of(points, spec.stepGrid());
        int kept = gridded.size();
        int steps = kept == 0 ? 0 : Math.toIntExact(gridded.step()[kept - 1] + 1);
        double[] values = new double[steps];
        long[] times = new long[steps];
        boolean[] filled = new boolean[steps];
        float[] features = width == 0 ? null : new float[steps * width];
        Step step = spec.stepValue();
        for (int i = 0; i < kept; i++) {
            int at = (int) gridded.step()[i];
            values[at] = gridded.y()[i];
            times[at] = gridded.ts()[i].toEpochMilli();
            if (features != null) {
                SeriesPoint row = points.get(gridded.source()[i]);
                System.arraycopy(covariates.stepValues(row.features()), 0, features, at * width, width);
            }
            if (i > 0) {
                int before = (int) gridded.step()[i - 1];
                for (int k = before + 1; k < at; k++) {
                    double w = (double) (k - before) / (at - before);
                    values[k] = values[before] + w * (values[at] - values[before]);
                    times[k] = step.after(gridded.ts()[i - 1], k - before).toEpochMilli();
                    filled[k] = true;
                    if (features != null) {
                        // Observed features carry their last value over a missing step, as online.
                        System.arraycopy(features, before * width, features, k * width, width);
                    }
                }
            }
        }
        return new History(values, times, features, kept == steps ? null : filled);
    }

    public static Map<String, History> of(Map<String, List<SeriesPoint>> series, TopologySpec spec) {
        Map<String, History> histories = new LinkedHashMap<>();
        series.forEach((name, points) -> histories.put(name, of(points, spec)));
        return histories;
    }
}
