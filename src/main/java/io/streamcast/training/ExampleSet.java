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
 *
 * <p>A step filled in for want of an observation ({@link History#filled}) is in a window as the
 * stream holds it, the base's one-step forecast, since the network is served such windows after
 * every gap; as a target it is masked out of every loss and error (nobody observed it), and an
 * origin must be observed, as the stream forecasts only from observations. Until session 53 every
 * window and horizon touching a fill was left out: an hourly series with 3% of its hours missing
 * (an outage every few days) kept few examples, and one with a gap every night none at all.
 */
public final class ExampleSet {
    private final List<float[]> windows = new ArrayList<>();
    private final List<float[]> targets = new ArrayList<>();
    /** Per example, 1 where its target is known, 0 where it was a fill; null: all known. */
    private final List<float[]> masks = new ArrayList<>();

    private boolean anyMasked;
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
            // The values as the stream keeps them: a filled step holds its fill.
            double[] served = y.clone();
            for (int t = 0; t + h <= y.length - 1; t++) {
                // A filled step takes what the stream would have filled it with, so the base's state
                // after a gap is the one the stream will have.
                double value = history.filled(t) ? smoothing.fillValue(y[t], params) : y[t];
                served[t] = value;
                // Rounded as a series state keeps it: trained on the inputs served.
                residuals[t] = SeriesState.asKept(smoothing.residual(value, params));
                smoothing.update(value, params);
                if (t < need - 1 || !smoothing.ready() || history.filled(t)) {
                    // Too early, or not an origin: the stream forecasts from observations only.
                    continue;
                }
                float[] mask = history.anyFilled(t + 1, t + h + 1) ? new float[h] : null;
                if (mask != null) {
                    boolean anyKnown = false;
                    for (int k = 0; k < h; k++) {
                        boolean known = !history.filled(t + 1 + k);
                        mask[k] = known ? 1f : 0f;
                        anyKnown |= known;
                    }
                    if (!anyKnown) {
                        continue;
                    }
                }
                double[] hist = new double[need];
                System.arraycopy(served, t - need + 1, hist, 0, need);
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
                float[] targets = encoder.targets(norm, actuals);
                if (mask != null) {
                    for (int k = 0; k < h; k++) {
                        if (mask[k] == 0) {
                            // A placeholder the mask leaves out, as the stream's unknown targets are.
                            targets[k] = 0f;
                        }
                    }
                }
                set.add(x, targets, mask);
            }
        }
        return set;
    }

    public void add(float[] x, float[] y) {
        add(x, y, null);
    }

    /** Adds an example whose targets are known where {@code mask} is 1 (null: all of them). */
    public void add(float[] x, float[] y, float[] mask) {
        windows.add(x);
        targets.add(y);
        masks.add(mask);
        anyMasked |= mask != null;
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

    /** Example {@code i}'s known targets, 1 where known and 0 where its step was a fill; null: all known. */
    public float[] mask(int i) {
        return masks.get(i);
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
            s.add(windows.get(i), targets.get(i), masks.get(i));
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
        float[] known = anyMasked ? new float[n * horizon] : null;
        for (int i = 0; i < n; i++) {
            System.arraycopy(windows.get(from + i), 0, x, i * features * window, features * window);
            System.arraycopy(targets.get(from + i), 0, y, i * horizon, horizon);
            if (known != null) {
                float[] mask = masks.get(from + i);
                if (mask == null) {
                    Arrays.fill(known, i * horizon, (i + 1) * horizon, 1f);
                } else {
                    System.arraycopy(mask, 0, known, i * horizon, horizon);
                }
            }
        }
        INDArray features3 = Nd4j.create(x, new long[] {n, features, window}, 'c');
        INDArray labels = Nd4j.create(y, new long[] {n, horizon}, 'c');
        // Per-output masking of 2D labels: DL4J's loss and its gradient leave the fills out.
        return new DataSet(
                features3, labels, null, known == null ? null : Nd4j.create(known, new long[] {n, horizon}, 'c'));
    }
}
