package io.streamcast.backtest;

import io.streamcast.emit.StepGrid;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A series' points placed on its step grid as the topology places readings: point i (the input's
 * point {@code source[i]}) lies {@code step[i]} steps after the first (increasing), at the grid
 * time {@code ts[i]}, which the
 * topology's forecasts name as origin and target. Each point lands on the grid step nearest its
 * timestamp, counted from the previous point's grid time; a point on the previous point's step is
 * left out, as the topology dead-letters it; after a gap longer than the grid fills, the grid
 * starts again at the point's own time; a point on a day the step skips is left out. Without a
 * grid every point is the next step.
 */
record GriddedSeries(double[] y, long[] step, Instant[] ts, int[] source) {
    static GriddedSeries of(List<SeriesPoint> points, StepGrid grid) {
        int n = points.size();
        double[] y = new double[n];
        long[] step = new long[n];
        Instant[] ts = new Instant[n];
        int[] source = new int[n];
        int kept = 0;
        for (int j = 0; j < n; j++) {
            SeriesPoint p = points.get(j);
            if (grid != null && grid.step().skips(p.ts())) {
                // No step of the grid is there: the topology dead-letters it (SKIPPED_DAY).
                continue;
            }
            if (kept == 0 || grid == null) {
                step[kept] = kept == 0 ? 0 : step[kept - 1] + 1;
                ts[kept] = p.ts();
            } else {
                int k = grid.step().stepsBetween(ts[kept - 1], p.ts(), Integer.MAX_VALUE);
                if (k == 0) {
                    continue;
                }
                step[kept] = step[kept - 1] + k;
                ts[kept] = grid.landing(ts[kept - 1], k, p.ts());
            }
            source[kept] = j;
            y[kept++] = p.value();
        }
        return new GriddedSeries(
                Arrays.copyOf(y, kept),
                Arrays.copyOf(step, kept),
                Arrays.copyOf(ts, kept),
                Arrays.copyOf(source, kept));
    }

    int size() {
        return y.length;
    }

    /** The point {@code s} steps after the first; -1 when none was observed there. */
    int at(long s) {
        int i = Arrays.binarySearch(step, s);
        return i >= 0 ? i : -1;
    }
}
