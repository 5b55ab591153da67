package io.streamcast.series;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The remembered forecasts of one series that still have a step to come, oldest origin first: at
 * most H of them, one per origin. Stored as one record per series ({@link RecentForecastsSerde}),
 * so an actual reads every forecast it scores with one store read, and an emitted forecast is
 * added with one write, instead of one store operation per forecast.
 */
public record RecentForecasts(List<RememberedForecast> forecasts) {
    public static final RecentForecasts NONE = new RecentForecasts(List.of());

    public RecentForecasts {
        forecasts = List.copyOf(forecasts);
    }

    /** The forecasts with a step at observation {@code index}: those made before it, at most their length back. */
    public List<RememberedForecast> dueAt(long index) {
        List<RememberedForecast> due = new ArrayList<>(forecasts.size());
        for (RememberedForecast f : forecasts) {
            if (f.originIndex() < index && index - f.originIndex() <= f.forecast().length) {
                due.add(f);
            }
        }
        return due;
    }

    /** Whether the forecast made at origin {@code originIndex} is among these (it was emitted). */
    public boolean holds(long originIndex) {
        for (RememberedForecast f : forecasts) {
            if (f.originIndex() == originIndex) {
                return true;
            }
        }
        return false;
    }

    /** The origin of the newest forecast, or -1 when there is none. */
    public long newestOrigin() {
        return forecasts.isEmpty() ? -1 : forecasts.get(forecasts.size() - 1).originIndex();
    }

    /**
     * These and {@code made}, the newest: the actual after its origin is the next any of them can
     * be scored against, so a forecast with no step after it is dropped. A forecast of the same
     * origin (emitted again after a restart) is replaced.
     */
    public RecentForecasts with(RememberedForecast made) {
        List<RememberedForecast> kept = new ArrayList<>(forecasts.size() + 1);
        for (RememberedForecast f : forecasts) {
            if (f.originIndex() < made.originIndex() && hasStepFrom(f, made.originIndex() + 1)) {
                kept.add(f);
            }
        }
        kept.add(made);
        return new RecentForecasts(kept);
    }

    /**
     * These and the forecasts an earlier layout kept elsewhere ({@code older}) that have a step at
     * observation {@code nextIndex} or later; where both hold an origin, these win (they are newer).
     */
    public RecentForecasts adopt(List<RememberedForecast> older, long nextIndex) {
        List<RememberedForecast> all = new ArrayList<>(forecasts);
        for (RememberedForecast f : older) {
            if (hasStepFrom(f, nextIndex) && all.stream().noneMatch(g -> g.originIndex() == f.originIndex())) {
                all.add(f);
            }
        }
        all.sort(Comparator.comparingLong(RememberedForecast::originIndex));
        return new RecentForecasts(all);
    }

    private static boolean hasStepFrom(RememberedForecast f, long index) {
        return f.originIndex() + f.forecast().length >= index;
    }
}
