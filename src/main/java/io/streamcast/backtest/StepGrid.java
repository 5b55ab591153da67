package io.streamcast.backtest;

import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Step;

/**
 * A topology's step grid as its series are placed on it: the {@code step}, and the most missing
 * steps it fills before a gap restarts a series (whose grid then starts at its new reading's time).
 */
public record StepGrid(Step step, int maxFill) {
    public static StepGrid of(TopologySpec spec) {
        return new StepGrid(spec.stepValue(), spec.maxGapFill());
    }
}
