package io.streamcast.training;

import java.util.List;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One completed training example in normalized units: the window at an origin, laid out
 * [feature][time], and the targets that followed it; when known, the origin's timestamp and that
 * of the last target (epoch millis), so a learner can keep what it trains on apart in time from
 * what it judges on.
 */
public record Example(float[] window, float[] targets, long originMillis, long completedMillis) {
    /** Marks a timestamp nobody recorded (examples from before timestamps were kept). */
    public static final long UNKNOWN_TIME = Long.MIN_VALUE;

    /** An example without timestamps: it is never held back for a gap. */
    public Example(float[] window, float[] targets) {
        this(window, targets, UNKNOWN_TIME, UNKNOWN_TIME);
    }

    /** The examples as one minibatch: features [n, features, time] (NCW), labels [n, horizon]. */
    public static DataSet toDataSet(List<Example> examples, int features) {
        int n = examples.size();
        int windowLength = examples.get(0).window().length;
        int horizon = examples.get(0).targets().length;
        float[] x = new float[n * windowLength];
        float[] y = new float[n * horizon];
        for (int i = 0; i < n; i++) {
            System.arraycopy(examples.get(i).window(), 0, x, i * windowLength, windowLength);
            System.arraycopy(examples.get(i).targets(), 0, y, i * horizon, horizon);
        }
        return new DataSet(
                Nd4j.create(x, new long[] {n, features, windowLength / features}, 'c'),
                Nd4j.create(y, new long[] {n, horizon}, 'c'));
    }
}
