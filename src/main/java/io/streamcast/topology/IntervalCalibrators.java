package io.streamcast.topology;

import io.streamcast.model.IntervalCalibrator;
import io.streamcast.training.ModelStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A task's interval calibrators, one per model name ({@code gru}, {@code ets}, {@code naive}...):
 * the scorer feeds each the errors of its own model's forecasts, the emitter asks it for
 * half-widths. Restored from and saved to the task's model store.
 */
final class IntervalCalibrators {
    static final Duration SAVE_INTERVAL = Duration.ofSeconds(30);

    private final int horizon;
    private final int period;
    private final double coverage;
    private final double adaptRate;
    private final double[] extraLevels;
    private final ModelStore models;
    private final Map<String, IntervalCalibrator> calibrators = new HashMap<>();
    private final Map<String, Long> observationsSaved = new HashMap<>();
    private long savedAt;

    /** {@code extraLevels}: the further central-interval coverages the topology's quantiles need. */
    IntervalCalibrators(
            int horizon, int period, double coverage, double adaptRate, double[] extraLevels, ModelStore models) {
        this.horizon = horizon;
        this.period = period;
        this.coverage = coverage;
        this.adaptRate = adaptRate;
        this.extraLevels = extraLevels.clone();
        this.models = models;
    }

    IntervalCalibrator of(String modelName) {
        IntervalCalibrator known = calibrators.get(modelName);
        if (known != null) {
            // Asked for every scored point and every forecast: no capturing lambda allocated once the model has one.
            return known;
        }
        return calibrators.computeIfAbsent(modelName, m -> {
            IntervalCalibrator c = new IntervalCalibrator(horizon, coverage, adaptRate, extraLevels, period);
            c.restore(models.calibratorState(m));
            return c;
        });
    }

    /**
     * Writes the calibrators' remembered errors to the model store, at most every
     * {@link #SAVE_INTERVAL}: a few kilobytes per model, too much for every flush; a restart then
     * resumes with errors at most that old (and never with the cold guess).
     */
    void saveIfDue(long nowMs) {
        if (nowMs - savedAt < SAVE_INTERVAL.toMillis()) {
            return;
        }
        savedAt = nowMs;
        calibrators.forEach((modelName, c) -> {
            Long saved = observationsSaved.get(modelName);
            if (saved == null || saved != c.observed()) {
                models.saveCalibratorState(modelName, c.toBytes());
                observationsSaved.put(modelName, c.observed());
            }
        });
    }
}
