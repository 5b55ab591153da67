package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pretraining says when the clock ended it rather than its epoch budget or early stopping: such a
 * network depends on how fast the machine was that day, so backtest and train warn, and the
 * scripts that publish figures lift the clock out of the way (on a loaded machine the hourly
 * autoregressive LSTM stopped at 12 of its 15 epochs under the default 600 s).
 */
class PretrainingTimeBudgetTest {
    private static final Map<String, double[]> HISTORY = Map.of("s", seasonal(120));

    @Test
    void aBudgetThatRunsOutBeforeTheEpochsIsReported() {
        Pretrainer.Result cut = Pretrainer.train(spec(50), HISTORY, Duration.ZERO, null);

        assertTrue(cut.cutByTimeBudget(), "the clock ended it");
        assertTrue(cut.epochs() < 50, "epochs run: " + cut.epochs());
    }

    @Test
    void theEpochBudgetEndingItIsNotReported() {
        Pretrainer.Result full = Pretrainer.train(spec(2), HISTORY, Duration.ofMinutes(10), null);

        assertEquals(2, full.epochs());
        assertFalse(full.cutByTimeBudget(), "the epoch budget ended it");
    }

    @Test
    void withoutABudgetOnlyEpochsAndEarlyStoppingEndIt() {
        assertFalse(Pretrainer.train(spec(2), HISTORY, null, null).cutByTimeBudget());
    }

    private static TopologySpec spec(int epochs) {
        return YamlConfig.parseTopology("""
                name: budget
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                model: { cell: gru, hidden: 4, layers: 1 }
                training: { epochs: %d, batchSize: 8 }
                """.formatted(epochs), List.of());
    }

    private static double[] seasonal(int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 10 + 0.05 * i + 2 * Math.sin(2 * Math.PI * i / 4) + 0.3 * Math.cos(1.7 * i);
        }
        return y;
    }
}
