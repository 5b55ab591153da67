package io.streamcast.backtest;

import io.streamcast.emit.StepGrid;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What placing a data set's series on the topology's step grid found, for the backtest to say
 * before its figures: steps no row was stamped on (filled, never scored), gaps too long to fill
 * (the series restarts there), rows on a step that already had one (dead-lettered), and, when the
 * rows' typical spacing is far from the step (daily data in an hourly topology), that too.
 *
 * @param typicalSpacing the median time between a series' consecutive rows; null without two rows
 * @param stepLength     the step's length (a calendar step's first one from 2001-01-01: 31 days for P1M)
 */
public record GridSummary(
        long missingSteps, int restarts, int sameStepRows, int maxFill, Duration typicalSpacing, Duration stepLength) {
    private static final Instant REFERENCE = Instant.parse("2001-01-01T00:00:00Z");

    public static GridSummary of(Map<String, List<SeriesPoint>> data, StepGrid grid) {
        long missing = 0;
        int restarts = 0;
        int sameStep = 0;
        List<Duration> spacings = new ArrayList<>();
        for (List<SeriesPoint> points : data.values()) {
            GriddedSeries placed = GriddedSeries.of(points, grid);
            sameStep += points.size() - placed.size();
            for (int i = 1; i < placed.size(); i++) {
                int steps = Math.toIntExact(placed.step()[i] - placed.step()[i - 1]);
                if (grid.restarts(steps)) {
                    restarts++;
                } else {
                    missing += steps - 1;
                }
            }
            for (int i = 1; i < points.size(); i++) {
                spacings.add(
                        Duration.between(points.get(i - 1).ts(), points.get(i).ts()));
            }
        }
        Collections.sort(spacings);
        Duration typical = spacings.isEmpty() ? null : spacings.get(spacings.size() / 2);
        Duration stepLength = Duration.between(REFERENCE, grid.step().after(REFERENCE, 1));
        return new GridSummary(missing, restarts, sameStep, grid.maxFill(), typical, stepLength);
    }

    /** Whether the rows are typically less than half a step or more than two steps apart. */
    public boolean spacingDiffersFromStep() {
        if (typicalSpacing == null) {
            return false;
        }
        double ratio = (double) typicalSpacing.toMillis() / stepLength.toMillis();
        return ratio < 0.5 || ratio > 2;
    }

    /** One line for the backtest's output; empty when every row lies on its own step and none is missing. */
    public String describe(String step) {
        if (missingSteps == 0 && restarts == 0 && sameStepRows == 0) {
            return "";
        }
        String line = String.format(
                "data on the step grid (%s): %d missing step%s filled (never scored or trained on), %d gap%s longer than gaps.maxFill %d"
                        + " (the series restarts there), %d row%s on a step that already had one (left out, as"
                        + " the topology dead-letters them: DUPLICATE_TS)",
                step,
                missingSteps,
                missingSteps == 1 ? "" : "s",
                restarts,
                restarts == 1 ? "" : "s",
                maxFill,
                sameStepRows,
                sameStepRows == 1 ? "" : "s");
        return spacingDiffersFromStep()
                ? line + "; the rows are typically " + text(typicalSpacing) + " apart: is `step: " + step
                        + "` the data's spacing?"
                : line;
    }

    /** P1D for whole days, else the duration's ISO form (PT1H, PT15M). */
    private static String text(Duration d) {
        return !d.isZero() && d.toSeconds() % 86_400 == 0 ? "P" + d.toDays() + "D" : d.toString();
    }
}
