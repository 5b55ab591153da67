package io.streamcast.training;

import io.streamcast.model.WindowEncoder;
import io.streamcast.series.SeriesState;
import io.streamcast.series.Smoothing;
import io.streamcast.series.SmoothingParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Normalized (window, targets) examples cut from histories exactly as the stream cuts them: at
 * origin t the window ends at y[t] and the targets are y[t+1..t+H]. Used by {@code train} and
 * backtest pretraining; the stream builds the same examples one at a time as actuals arrive.
 */
public final class ExampleSet {
    private final List<float[]> windows = new ArrayList<>();
    private final List<float[]> targets = new ArrayList<>();
    private final int features;
    private final int window;
    private final int horizon;

    public ExampleSet(int features, int window, int horizon) {
        this.features = features;
        this.window = window;
        this.horizon = horizon;
    }

    /**
     * Every origin of every series whose window and horizon lie inside the given history and where
     * the series' smoothing (run over the history as the stream runs it) is initialised.
     */
    public static ExampleSet from(Map<String, double[]> histories, WindowEncoder encoder, SmoothingParams params) {
        return fromHistories(History.of(histories), encoder, params);
    }

    /**
     * As {@link #from}, with the encoder's covariates: each window's observed features are those
     * kept up to its origin and its calendar comes from its steps' timestamps, as in the stream.
     *
     * @throws IllegalArgumentException when the encoder has calendar covariates and a history no timestamps
     */
    public static ExampleSet fromHistories(
            Map<String, History> histories, WindowEncoder encoder, SmoothingParams params) {
        ExampleSet set = new ExampleSet(encoder.inputFeatures(), encoder.window(), encoder.horizon());
        int need = encoder.historyNeeded();
        int h = encoder.horizon();
        int width = encoder.covariates().observed().size();
        boolean needsTimes = encoder.covariates().needsTimes();
        for (History history : histories.values()) {
            double[] y = history.values();
            if (needsTimes && history.times() == null) {
                throw new IllegalArgumentException("calendar covariates need each step's timestamp");
            }
            Smoothing smoothing = new Smoothing(encoder.period(), params.log() && Smoothing.allPositive(y));
            float[] residuals = new float[y.length];
            for (int t = 0; t + h <= y.length - 1; t++) {
                // A filled step takes what the stream would have filled it with, so the base's state
                // after a gap is the one the stream will have.
                double value = history.filled(t) ? smoothing.fillValue(y[t], params) : y[t];
                // Rounded as a series state keeps it: trained on the inputs served.
                residuals[t] = SeriesState.asKept(smoothing.residual(value, params));
                smoothing.update(value, params);
                if (t < need - 1 || !smoothing.ready() || history.anyFilled(t - need + 1, t + h + 1)) {
                    // Too early, or a step nobody observed lies in the window or the targets.
                    continue;
                }
                double[] hist = new double[need];
                System.arraycopy(y, t - need + 1, hist, 0, need);
                double[] actuals = new double[h];
                System.arraycopy(y, t + 1, actuals, 0, h);
                float[] x = new float[encoder.exampleSize()];
                float[] stepFeatures = width == 0 || history.features() == null
                        ? null
                        : Arrays.copyOfRange(history.features(), (t - need + 1) * width, (t + 1) * width);
                long[] times = needsTimes ? Arrays.copyOfRange(history.times(), t - encoder.window() + 1, t + 1) : null;
                WindowEncoder.Norm norm = encoder.encode(
                        hist,
                        Arrays.copyOfRange(residuals, t - need + 1, t + 1),
                        stepFeatures,
                        times,
                        smoothing,
                        params,
                        x,
                        0);
                set.add(x, encoder.targets(norm, actuals));
            }
        }
        return set;
    }

    public void add(float[] x, float[] y) {
        windows.add(x);
        targets.add(y);
    }

    public int size() {
        return windows.size();
    }

    public float[] window(int i) {
        return windows.get(i);
    }

    public float[] targets(int i) {
        return targets.get(i);
    }

    /** A uniform random subset of at most {@code max} examples (all of them when fewer). */
    public ExampleSet sample(int max, Random random) {
        if (size() <= max) {
            return this;
        }
        ExampleSet s = new ExampleSet(features, window, horizon);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            idx.add(i);
        }
        java.util.Collections.shuffle(idx, random);
        idx.subList(max, idx.size()).clear();
        idx.sort(Integer::compare);
        for (int i : idx) {
            s.add(windows.get(i), targets.get(i));
        }
        return s;
    }

    public DataSet toDataSet() {
        return toDataSet(0, size());
    }

    public DataSet toDataSet(int from, int to) {
        int n = to - from;
        float[] x = new float[n * features * window];
        float[] y = new float[n * horizon];
        for (int i = 0; i < n; i++) {
            System.arraycopy(windows.get(from + i), 0, x, i * features * window, features * window);
            System.arraycopy(targets.get(from + i), 0, y, i * horizon, horizon);
        }
        INDArray features3 = Nd4j.create(x, new long[] {n, features, window}, 'c');
        INDArray labels = Nd4j.create(y, new long[] {n, horizon}, 'c');
        return new DataSet(features3, labels);
    }
}
