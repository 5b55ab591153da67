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
                forecastNorm = encoder.encode(state.last(need), state.lastResiduals(need), state.smoothing().copy(), PARAMS, atForecast, 0);
            } else if (i > origin) {
                actuals[i - origin - 1] = y;
            }
        }
        double[] values = state.values();
        int start = values.length - HORIZON - need;
        float[] atExample = new float[WindowEncoder.FEATURES * WINDOW];
        WindowEncoder.Norm exampleNorm = encoder.encode(Arrays.copyOfRange(values, start, start + need),
                Arrays.copyOfRange(state.residuals(), start, start + need), state.lagged(), PARAMS, atExample, 0);
        assertArrayEquals(atForecast, atExample, "same input");
        assertArrayEquals(forecastNorm.base(), exampleNorm.base(), 1e-12, "same base forecast");
        assertEquals(forecastNorm.scale(), exampleNorm.scale(), 1e-12);
        float[] targets = encoder.targets(exampleNorm, actuals);
        for (int h = 0; h < HORIZON; h++) {
            assertEquals(actuals[h], exampleNorm.decode(h, targets[h]), 1e-3 * actuals[h], "a target decodes back to its actual");
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
        WindowEncoder.Norm norm = encoder.encode(state.last(need), state.lastResiduals(need), state.smoothing(), PARAMS,
                new float[WindowEncoder.FEATURES * WINDOW], 0);
        double[] base = state.smoothing().forecast(HORIZON, PARAMS);
        for (int h = 0; h < HORIZON; h++) {
            assertEquals(base[h], norm.decode(h, 0), 1e-9);
        }
    }
}
