package io.streamcast.training;

import java.util.List;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training example in normalized units: the window at an origin, laid out [feature][time], and
 * the targets that followed it. Only the targets at indices {@code [knownFrom, knownTo)} are
 * known; the others are zero and masked out of every loss and error (see {@link TargetStages}: the
 * early horizon steps of recent origins train before the late ones exist). Within that range a
 * target that is NaN is unknown too: its step was filled in for want of an observation, so
 * nobody observed what the network should have forecast there (a series missing every night has
 * some in every horizon of a day). When known, the
 * timestamps (epoch millis) let a learner keep what it trains on apart in time from what it judges
 * on: the origin, the step before the first known target ({@code targetsAfterMillis}; every known
 * target lies strictly after it) and the step of the last known target ({@code completedMillis}).
 */
public record Example(
        float[] window,
        float[] targets,
        int knownFrom,
        int knownTo,
        long originMillis,
        long targetsAfterMillis,
        long completedMillis) {
    /** Marks a timestamp nobody recorded (examples from before timestamps were kept). */
    public static final long UNKNOWN_TIME = Long.MIN_VALUE;

    public Example {
        if (knownFrom < 0 || knownTo > targets.length || knownFrom >= knownTo) {
            throw new IllegalArgumentException("known targets [" + knownFrom + ", " + knownTo + ") outside the "
                    + targets.length + " targets or empty");
        }
    }

    /** An example with every target known and without timestamps: it is never held back for a gap. */
    public Example(float[] window, float[] targets) {
        this(window, targets, UNKNOWN_TIME, UNKNOWN_TIME);
    }

    /** An example with every target known: its targets lie after its origin. */
    public Example(float[] window, float[] targets, long originMillis, long completedMillis) {
        this(window, targets, 0, targets.length, originMillis, originMillis, completedMillis);
    }

    /** Whether every horizon step's target is known. */
    public boolean complete() {
        return knownFrom == 0 && knownTo == targets.length && knownCount() == targets.length;
    }

    /** How many targets are known (what this example weighs in a pair-weighted error). */
    public int knownCount() {
        int known = 0;
        for (int h = knownFrom; h < knownTo; h++) {
            known += Float.isNaN(targets[h]) ? 0 : 1;
        }
        return known;
    }

    /**
     * The examples as one minibatch: features [n, features, time] (NCW), labels [n, horizon], and a
     * labels mask of the same shape (1 = known) when any example lacks a target, so DL4J's loss
     * (per-output masking of 2D labels) and its gradient ignore the unknown ones.
     */
    public static DataSet toDataSet(List<Example> examples, int features) {
        int n = examples.size();
        int windowLength = examples.get(0).window().length;
        int horizon = examples.get(0).targets().length;
        float[] x = new float[n * windowLength];
        float[] y = new float[n * horizon];
        float[] mask = new float[n * horizon];
        boolean anyUnknown = false;
        for (int i = 0; i < n; i++) {
            Example e = examples.get(i);
            System.arraycopy(e.window(), 0, x, i * windowLength, windowLength);
            System.arraycopy(e.targets(), 0, y, i * horizon, horizon);
            for (int h = e.knownFrom(); h < e.knownTo(); h++) {
                if (Float.isNaN(y[i * horizon + h])) {
                    // A filled step's target: a placeholder the mask leaves out.
                    y[i * horizon + h] = 0f;
                    anyUnknown = true;
                } else {
                    mask[i * horizon + h] = 1f;
                }
            }
            anyUnknown |= e.knownFrom() > 0 || e.knownTo() < horizon;
        }
        return new DataSet(
                Nd4j.create(x, new long[] {n, features, windowLength / features}, 'c'),
                Nd4j.create(y, new long[] {n, horizon}, 'c'),
                null,
                anyUnknown ? Nd4j.create(mask, new long[] {n, horizon}, 'c') : null);
    }
}
