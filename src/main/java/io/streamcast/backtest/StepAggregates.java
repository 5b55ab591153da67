package io.streamcast.backtest;

import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Step;
import io.streamcast.emit.StepGrid;
import io.streamcast.series.Aggregation;
import io.streamcast.series.OpenStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A file's readings as a topology that aggregates ({@code aggregate}) makes them live: one point
 * per step that has readings, stamped at the step's start ({@link Step#stepContaining}), its value
 * the readings' aggregate and its features their means, computed by the same {@link OpenStep}
 * the stream keeps. Every step closes here, the last too (live it waits for the series' next
 * reading). Readings on a skipped day or outside the hours stay as they are, for the grid to leave
 * out as the topology dead-letters them. With {@code emptySteps: zero} the steps without readings
 * between two that have some are zeros, and with {@code increase} they take their share of the
 * counter's rise, as the stream sends them.
 *
 * @param series the points per series, in time order
 * @param readings how many readings went into the steps
 * @param steps how many steps they made
 * @param zeros how many steps without readings were made zeros ({@code emptySteps: zero}) or,
 *     with {@code increase}, shares of the counter's rise
 */
public record StepAggregates(Map<String, List<SeriesPoint>> series, long readings, long steps, long zeros) {

    /** {@code series}' points (each series in time order) made into the steps of {@code spec}, which aggregates. */
    public static StepAggregates of(Map<String, List<SeriesPoint>> series, TopologySpec spec) {
        return of(series, spec.stepGrid(), spec.aggregationValue(), spec.emptyStepsAreZero(), spec.stampedAtEnd());
    }

    /**
     * {@code series}' points (each series in time order) aggregated into {@code grid}'s steps;
     * with {@code zeros} ({@code emptySteps: zero}) a zero for each step without readings between
     * two that have some, unless more than the grid fills; with {@code stampedAtEnd} ({@code
     * stamps: end}) a reading's ts ends the interval it describes.
     */
    public static StepAggregates of(
            Map<String, List<SeriesPoint>> series,
            StepGrid grid,
            Aggregation aggregation,
            boolean zeros,
            boolean stampedAtEnd) {
        Step step = grid.step();
        Map<String, List<SeriesPoint>> out = new LinkedHashMap<>();
        long readings = 0;
        long steps = 0;
        long empty = 0;
        for (var e : series.entrySet()) {
            List<SeriesPoint> points = new ArrayList<>();
            OpenStep open = null;
            for (SeriesPoint p : e.getValue()) {
                if (step.skips(p.ts())) {
                    points.add(p);
                    continue;
                }
                long start = step.stepContaining(p.ts(), stampedAtEnd).toEpochMilli();
                if (open == null) {
                    open = new OpenStep(start);
                } else if (start != open.startMillis()) {
                    points.add(valueOf(open, aggregation, step, p));
                    steps++;
                    if (aggregation == Aggregation.INCREASE) {
                        empty += addRiseShares(points, grid, open, start, p);
                    } else if (zeros) {
                        empty += addEmptySteps(points, grid, open.startMillis(), start);
                    }
                    open = new OpenStep(start, open);
                }
                open.add(p.ts().toEpochMilli(), p.value(), p.features());
                readings++;
            }
            if (open != null) {
                // Live it stays open until the series' next reading; a counter's rise ends at its last reading.
                points.add(valueOf(open, aggregation, step, null));
                steps++;
            }
            out.put(e.getKey(), points);
        }
        return new StepAggregates(out, readings, steps, empty);
    }

    /** Zeros for the steps strictly between {@code fromMillis} and {@code toMillis}, as the stream sends them; how many. */
    private static int addEmptySteps(List<SeriesPoint> points, StepGrid grid, long fromMillis, long toMillis) {
        Instant from = Instant.ofEpochMilli(fromMillis);
        int steps = grid.stepsAfter(from, Instant.ofEpochMilli(toMillis));
        if (grid.restarts(steps)) {
            return 0;
        }
        for (int k = 1; k < steps; k++) {
            points.add(new SeriesPoint(grid.step().after(from, k), 0));
        }
        return steps - 1;
    }

    /**
     * With {@code increase}: each step without readings strictly between {@code open} and the step
     * at {@code toMillis} takes its share of the counter's rise to {@code next}, as the stream sends
     * them (see {@code StepAggregator}); how many.
     */
    private static int addRiseShares(
            List<SeriesPoint> points, StepGrid grid, OpenStep open, long toMillis, SeriesPoint next) {
        Instant from = Instant.ofEpochMilli(open.startMillis());
        int steps = grid.stepsAfter(from, Instant.ofEpochMilli(toMillis));
        if (grid.restarts(steps)) {
            return 0;
        }
        Map<Instant, Double> shares = open.riseSharesAfter(
                from, steps, t -> grid.step().after(t, 1), next.ts().toEpochMilli(), next.value());
        shares.forEach((start, share) -> points.add(new SeriesPoint(start, share)));
        return shares.size();
    }

    /** The step's point, closed by the reading {@code next} (null: none, the file's last step). */
    private static SeriesPoint valueOf(OpenStep open, Aggregation aggregation, Step step, SeriesPoint next) {
        Instant start = Instant.ofEpochMilli(open.startMillis());
        double value = next == null
                ? open.valueClosedBy(aggregation, open.lastTsMillis(), open.lastTsMillis(), 0)
                : open.valueClosedBy(
                        aggregation,
                        step.after(start, 1).toEpochMilli(),
                        next.ts().toEpochMilli(),
                        next.value());
        return new SeriesPoint(start, value, open.featureMeans());
    }

    /** One line for the command's output: {@code aggregate mean: 525,600 readings into 8,760 steps of PT1H ...}. */
    public String describe(Aggregation aggregation, String stepText) {
        return String.format(
                "aggregate %s: %,d readings into %,d steps of %s%s (each stamped at its step's start)",
                aggregation,
                readings,
                steps,
                stepText,
                zeros == 0
                        ? ""
                        : String.format(
                                aggregation == Aggregation.INCREASE
                                        ? ", and %,d steps without readings given their share of the rise"
                                        : ", and %,d steps without readings as zeros",
                                zeros));
    }
}
