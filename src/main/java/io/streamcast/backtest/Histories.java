package io.streamcast.backtest;

import io.streamcast.config.TopologySpec;
import io.streamcast.model.Covariates;
import io.streamcast.training.History;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Series read from a file as pretraining takes them: values, timestamps and the topology's observed features. */
public final class Histories {
    private Histories() {}

    public static History of(List<SeriesPoint> points, TopologySpec spec) {
        Covariates covariates = spec.covariatesValue();
        int width = covariates.observed().size();
        double[] values = new double[points.size()];
        long[] times = new long[points.size()];
        float[] features = width == 0 ? null : new float[points.size() * width];
        for (int i = 0; i < points.size(); i++) {
            SeriesPoint p = points.get(i);
            values[i] = p.value();
            times[i] = p.ts().toEpochMilli();
            if (features != null) {
                System.arraycopy(covariates.stepValues(p.features()), 0, features, i * width, width);
            }
        }
        return new History(values, times, features);
    }

    public static Map<String, History> of(Map<String, List<SeriesPoint>> series, TopologySpec spec) {
        Map<String, History> histories = new LinkedHashMap<>();
        series.forEach((name, points) -> histories.put(name, of(points, spec)));
        return histories;
    }
}
