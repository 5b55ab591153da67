package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamcast.series.SeriesState;
import io.streamcast.series.SmoothingParams;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowEncoderTest {
    private static final int WINDOW = 24;
    private static final int PERIOD = 12;
    private static final int HORIZON = 6;
    private static final SmoothingParams PARAMS = new SmoothingParams(0.3, 0.05, 0.3, 0.95, true);

    private static double value(int i, Random noise) {
        return 100 * Math.pow(1.005, i) * (1 + 0.2 * Math.sin(2 * Math.PI * i / PERIOD)) + noise.nextGaussian();
    }

    /**
     * The training example an origin becomes, rebuilt H steps later from the stored values, the
     * stored one-step errors and the lagged smoothing, is exactly the input the network saw when it
     * forecast from that origin: online learning trains on what was served, nothing later.
     */
    @Test
    void theExampleRebuiltWhenTheActualsArriveIsTheInputTheForecastSaw() {
        WindowEncoder encoder = new WindowEncoder(WINDOW, PERIOD, HORIZON, 20);
        int need = encoder.historyNeeded();
        SeriesState state = new SeriesState(PERIOD, true);
        Random noise = new Random(5);
        int origin = 80;
        float[] atForecast = new float[WindowEncoder.FEATURES * WINDOW];
        WindowEncoder.Norm forecastNorm = null;
        double[] actuals = new double[HORIZON];
        for (int i = 0; i <= origin + HORIZON; i++) {
            double y = value(i, noise);
            state.append(i, y, encoder.stateCapacity(), PERIOD, HORIZON, PARAMS);
            if (i == origin) {
                forecastNorm = encoder.encode(
                        state.last(need),
                        state.lastResiduals(WINDOW),
                        state.smoothing().copy(),
                        PARAMS,
                        atForecast,
                        0);
            } else if (i > origin) {
                actuals[i - origin - 1] = y;
            }
        }
        double[] values = state.values();
        int start = values.length - HORIZON - need;
        float[] atExample = new float[WindowEncoder.FEATURES * WINDOW];
        WindowEncoder.Norm exampleNorm = encoder.encode(
                Arrays.copyOfRange(values, start, start + need),
                state.residualsStepsBack(HORIZON, WINDOW),
                state.lagged(),
                PARAMS,
                atExample,
                0);
        assertArrayEquals(atForecast, atExample, "same input");
        assertArrayEquals(forecastNorm.base(), exampleNorm.base(), 1e-12, "same base forecast");
        assertEquals(forecastNorm.scale(), exampleNorm.scale(), 1e-12);
        float[] targets = encoder.targets(exampleNorm, actuals);
        for (int h = 0; h < HORIZON; h++) {
            assertEquals(
                    actuals[h],
                    exampleNorm.decode(h, targets[h]),
                    1e-3 * actuals[h],
                    "a target decodes back to its actual");
        }
    }

    @Test
    void anUntrainedCorrectionOfZeroForecastsTheBase() {
        WindowEncoder encoder = new WindowEncoder(WINDOW, PERIOD, HORIZON, 20);
        SeriesState state = new SeriesState(PERIOD, true);
        Random noise = new Random(6);
        for (int i = 0; i < 60; i++) {
            state.append(i, value(i, noise), encoder.stateCapacity(), PERIOD, HORIZON, PARAMS);
        }
        int need = encoder.historyNeeded();
        WindowEncoder.Norm norm = encoder.encode(
                state.last(need),
                state.lastResiduals(WINDOW),
                state.smoothing(),
                PARAMS,
                new float[WindowEncoder.FEATURES * WINDOW],
                0);
        double[] base = state.smoothing().forecast(HORIZON, PARAMS);
        for (int h = 0; h < HORIZON; h++) {
            assertEquals(base[h], norm.decode(h, 0), 1e-9);
        }
    }

    /**
     * The input is the base's recent one-step errors in units of the window's seasonal change:
     * a series and the same series in other units (times 1000) read alike, and a surprise in the
     * newest value shows only in the newest input step.
     */
    @Test
    void theInputIsTheBasesRecentErrorsWhateverTheUnits() {
        WindowEncoder encoder = new WindowEncoder(WINDOW, PERIOD, HORIZON, 20);
        int need = encoder.historyNeeded();
        float[][] inputs = new float[2][];
        for (int u = 0; u < 2; u++) {
            double units = u == 0 ? 1 : 1000;
            SeriesState state = new SeriesState(PERIOD, true);
            Random noise = new Random(8);
            for (int i = 0; i < 80; i++) {
                state.append(i, units * value(i, noise), encoder.stateCapacity(), PERIOD, HORIZON, PARAMS);
            }
            inputs[u] = new float[WindowEncoder.FEATURES * WINDOW];
            encoder.encode(state.last(need), state.lastResiduals(WINDOW), state.smoothing(), PARAMS, inputs[u], 0);
        }
        assertArrayEquals(inputs[0], inputs[1], 1e-4f, "same input in other units");

        SeriesState calm = new SeriesState(PERIOD, true);
        SeriesState surprised = new SeriesState(PERIOD, true);
        Random a = new Random(9);
        Random b = new Random(9);
        for (int i = 0; i < 80; i++) {
            double y = value(i, a);
            calm.append(i, y, encoder.stateCapacity(), PERIOD, HORIZON, PARAMS);
            surprised.append(
                    i, i == 79 ? value(i, b) * 1.3 : value(i, b), encoder.stateCapacity(), PERIOD, HORIZON, PARAMS);
        }
        float[] x = new float[WindowEncoder.FEATURES * WINDOW];
        float[] y = new float[WindowEncoder.FEATURES * WINDOW];
        WindowEncoder.Norm calmNorm =
                encoder.encode(calm.last(need), calm.lastResiduals(WINDOW), calm.smoothing(), PARAMS, x, 0);
        encoder.encode(surprised.last(need), surprised.lastResiduals(WINDOW), surprised.smoothing(), PARAMS, y, 0);
        float expected = (float) (calm.lastResiduals(WINDOW)[WINDOW - 1] / calmNorm.scale());
        assertEquals(expected, x[WINDOW - 1], 1e-5f, "newest input = newest one-step error / scale");
        assertArrayEquals(Arrays.copyOf(x, WINDOW - 1), Arrays.copyOf(y, WINDOW - 1), 0.2f, "older steps barely move");
        assertEquals(true, y[WINDOW - 1] - x[WINDOW - 1] > 1f, "the surprise shows in the newest step");
    }

    /** The selection finds exactly the median a sort does: odd and even counts, ties, one and two values. */
    @Test
    void theMedianIsTheSortedMiddle() {
        Random random = new Random(7);
        for (int n : new int[] {1, 2, 3, 15, 16, 17, 24, 47, 48, 96, 97}) {
            for (int trial = 0; trial < 50; trial++) {
                double[] values = new double[n];
                for (int i = 0; i < n; i++) {
                    // Rounded to tenths: many ties, as windows of counts or flat stretches have.
                    values[i] = trial % 2 == 0
                            ? Math.abs(random.nextGaussian())
                            : Math.round(random.nextDouble() * 10) / 10.0;
                }
                double[] sorted = values.clone();
                Arrays.sort(sorted);
                double expected = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
                assertEquals(expected, WindowEncoder.median(values.clone()), 0.0, "n = " + n + ", trial " + trial);
            }
        }
    }
}
