package io.streamcast.backtest;

import java.util.List;
import java.util.Map;

/**
 * What placing a data set's series on the topology's step grid found, for the backtest to say
 * before its figures: steps no row was stamped on (filled, never scored), gaps too long to fill
 * (the series restarts there), and rows on a step that already had one (dead-lettered).
 */
public record GridSummary(long missingSteps, int restarts, int sameStepRows, int maxFill) {
    public static GridSummary of(Map<String, List<SeriesPoint>> data, StepGrid grid) {
        long missing = 0;
        int restarts = 0;
        int sameStep = 0;
        for (List<SeriesPoint> points : data.values()) {
            GriddedSeries placed = GriddedSeries.of(points, grid);
            sameStep += points.size() - placed.size();
            for (int i = 1; i < placed.size(); i++) {
                long skipped = placed.step()[i] - placed.step()[i - 1] - 1;
                if (skipped > grid.maxFill()) {
                    restarts++;
                } else {
                    missing += skipped;
                }
            }
        }
        return new GridSummary(missing, restarts, sameStep, grid.maxFill());
    }

    /** One line for the backtest's output; empty when every row lies on its own step and none is missing. */
    public String describe(String step) {
        if (missingSteps == 0 && restarts == 0 && sameStepRows == 0) {
            return "";
        }
        return String.format(
                "data on the step grid (%s): %d missing step%s filled (never scored), %d gap%s longer than gaps.maxFill %d"
                        + " (the series restarts there), %d row%s on a step that already had one (dead-lettered"
                        + " DUPLICATE_TS, not scored)",
                step,
                missingSteps,
                missingSteps == 1 ? "" : "s",
                restarts,
                restarts == 1 ? "" : "s",
                maxFill,
                sameStepRows,
                sameStepRows == 1 ? "" : "s");
    }
}
