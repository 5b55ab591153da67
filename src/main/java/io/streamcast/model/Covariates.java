package io.streamcast.model;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The covariates a topology feeds its network beside the base's errors, and how they become input
 * channels of a window (one channel per observed feature, then a sine and a cosine per calendar
 * feature, after {@link WindowEncoder}'s error channel):
 * <ul>
 *   <li>an <b>observed</b> feature (an observation's {@code "features": {"name": number}}) is known
 *       only up to the step that carried it, so only its window steps are fed. A step without it
 *       (a record that left it out, a filled-in step, state kept before the feature existed) takes
 *       the last value before it; steps before the first value take that first value, and a
 *       feature absent from the whole window is a channel of zeros. The window's values are then
 *       centred on their median and divided by their median absolute deviation (the mean absolute
 *       deviation when that is zero; a constant feature is zeros) and clamped like the error
 *       channel: the same robust, per-series and unit-free scaling the errors get, so a feature in
 *       euros and one in percent look alike and one wild value cannot flatten the rest;</li>
 *   <li>a <b>calendar</b> feature is computed from each window step's timestamp and is known
 *       ahead by construction: the target steps' calendar is the window's continued by {@code h}
 *       steps, which the network reads off the window's last step.</li>
 * </ul>
 * User-supplied known-ahead features are not supported: an observation carries its own step's
 * features only, never those of the steps to come.
 *
 * @param observed names of the observed features, in channel order
 * @param calendar calendar features, in channel order
 * @param zone     the time zone whose hours, days and months the calendar features are (null: UTC)
 */
public record Covariates(List<String> observed, List<CalendarFeature> calendar, ZoneId zone) {
    /** No covariates: the one error channel, as before covariates existed. */
    public static final Covariates NONE = new Covariates(List.of(), List.of());

    public Covariates {
        observed = List.copyOf(observed);
        calendar = List.copyOf(calendar);
        zone = zone == null ? ZoneOffset.UTC : zone;
    }

    /** Calendar features in UTC. */
    public Covariates(List<String> observed, List<CalendarFeature> calendar) {
        this(observed, calendar, ZoneOffset.UTC);
    }

    /** The covariates by name in channel order: the observed features, then the calendar's. */
    public List<String> names() {
        List<String> names = new java.util.ArrayList<>(observed);
        calendar.forEach(c -> names.add(c.yamlName()));
        return names;
    }

    /** Input channels beside the error channel. */
    public int extraChannels() {
        return observed.size() + CalendarFeature.CHANNELS * calendar.size();
    }

    public boolean isEmpty() {
        return extraChannels() == 0;
    }

    /** Whether encoding needs each window step's timestamp. */
    public boolean needsTimes() {
        return !calendar.isEmpty();
    }

    /**
     * Identifies the observed features kept per step by name and order: a series state kept under
     * another list reads as missing values rather than as the wrong feature's.
     */
    public int layoutId() {
        return observed.hashCode();
    }

    /** An observation's observed features as kept per step, in channel order; NaN where it has none. */
    public float[] stepValues(Map<String, Double> features) {
        float[] v = new float[observed.size()];
        for (int f = 0; f < v.length; f++) {
            Double x = features.get(observed.get(f));
            v[f] = x == null ? Float.NaN : x.floatValue();
        }
        return v;
    }

    /**
     * Writes the extra channels of one window into {@code out} starting at channel 1 of the
     * example at {@code offset} ([channel][time], {@code window} steps per channel).
     *
     * @param stepFeatures observed values of the {@code steps} history steps ending at the origin,
     *     [step][feature], NaN where missing; null when none were kept (all missing)
     * @param windowTimes  epoch millis of the window's steps, oldest first; null when no calendar
     */
    public void encode(
            float[] stepFeatures, int steps, long[] windowTimes, int window, double clamp, float[] out, int offset) {
        int nObserved = observed.size();
        for (int f = 0; f < nObserved; f++) {
            double[] filled = carriedForward(stepFeatures, steps, f, nObserved, window);
            int at = offset + (1 + f) * window;
            if (filled == null) {
                Arrays.fill(out, at, at + window, 0f);
                continue;
            }
            double center = median(filled);
            double spread = spread(filled, center);
            for (int k = 0; k < window; k++) {
                out[at + k] = spread == 0 ? 0f : (float) clamp((filled[k] - center) / spread, clamp);
            }
        }
        for (int c = 0; c < calendar.size(); c++) {
            int at = offset + (1 + nObserved + CalendarFeature.CHANNELS * c) * window;
            for (int k = 0; k < window; k++) {
                double angle = 2 * Math.PI * calendar.get(c).phase(windowTimes[k], zone);
                out[at + k] = (float) Math.sin(angle);
                out[at + window + k] = (float) Math.cos(angle);
            }
        }
    }

    /** Feature {@code f} at the window's steps, missing ones filled (see the class); null when none is known. */
    private static double[] carriedForward(float[] stepFeatures, int steps, int f, int width, int window) {
        if (stepFeatures == null) {
            return null;
        }
        double last = Double.NaN;
        double[] filled = new double[window];
        for (int i = 0; i < steps; i++) {
            float v = stepFeatures[i * width + f];
            if (!Float.isNaN(v)) {
                last = v;
            }
            int k = i - (steps - window);
            if (k >= 0) {
                filled[k] = last;
            }
        }
        int firstKnown = 0;
        while (firstKnown < window && Double.isNaN(filled[firstKnown])) {
            firstKnown++;
        }
        if (firstKnown == window) {
            return null;
        }
        Arrays.fill(filled, 0, firstKnown, filled[firstKnown]);
        return filled;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /** Median absolute deviation from {@code center}, else the mean one; 0 when the values are (nearly) constant. */
    private static double spread(double[] values, double center) {
        double[] dev = new double[values.length];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            dev[i] = Math.abs(values[i] - center);
            sum += dev[i];
        }
        double floor = 1e-6 * Math.max(1.0, Math.abs(center));
        double mad = median(dev);
        if (mad > floor) {
            return mad;
        }
        double mean = sum / values.length;
        return mean > floor ? mean : 0;
    }

    private static double clamp(double v, double clamp) {
        return Math.max(-clamp, Math.min(clamp, v));
    }
}
