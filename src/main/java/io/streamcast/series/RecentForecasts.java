package io.streamcast.series;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The remembered forecasts of one series that still have a step to come, oldest origin first: at
 * most H of them, one per origin. Stored as one record per series ({@link RecentForecastsSerde}),
 * so an actual reads every forecast it scores with one store read, and an emitted forecast is
 * added with one write, instead of one store operation per forecast.
 *
 * <p>{@code newestPublished} is the newest forecast as it was published (null when not known: a
 * record of an earlier format, or none emitted): with it the record answers "what is the latest
 * forecast of this series?", so no store of latest forecasts is written beside it.
 */
public record RecentForecasts(List<RememberedForecast> forecasts, PublishedPoints newestPublished) {
    public static final RecentForecasts NONE = new RecentForecasts(List.of());

    public RecentForecasts {
        forecasts = List.copyOf(forecasts);
        if (newestPublished != null
                && (forecasts.isEmpty() || newest(forecasts).forecast().length != newestPublished.horizon())) {
            throw new IllegalArgumentException("published points must be those of the newest forecast");
        }
    }

    public RecentForecasts(List<RememberedForecast> forecasts) {
        this(forecasts, null);
    }

    /** The newest forecast, or null when there is none. */
    public RememberedForecast newest() {
        return forecasts.isEmpty() ? null : newest(forecasts);
    }

    private static RememberedForecast newest(List<RememberedForecast> forecasts) {
        return forecasts.get(forecasts.size() - 1);
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
     * These and {@code made}, the newest, with its points as published (null: not known): the
     * actual after its origin is the next any of them can be scored against, so a forecast with no
     * step after it is dropped. A forecast of the same origin (emitted again after a restart) is
     * replaced.
     */
    public RecentForecasts with(RememberedForecast made, PublishedPoints published) {
        return with(made, published, true);
    }

    /**
     * {@link #with(RememberedForecast, PublishedPoints)}, where the newest of these, superseded by
     * {@code made}, stays only if {@code keepSuperseded} (it is in the scoring sample of a task with
     * many series); every older one here already stayed so.
     */
    public RecentForecasts with(RememberedForecast made, PublishedPoints published, boolean keepSuperseded) {
        List<RememberedForecast> kept = new ArrayList<>(forecasts.size() + 1);
        long superseded = newestOrigin();
        for (RememberedForecast f : forecasts) {
            if (f.originIndex() < made.originIndex()
                    && hasStepFrom(f, made.originIndex() + 1)
                    && (keepSuperseded || f.originIndex() != superseded)) {
                kept.add(f);
            }
        }
        kept.add(made);
        return new RecentForecasts(kept, published);
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
        // The newest keeps its published points while it stays the newest.
        boolean sameNewest = !all.isEmpty() && newest(all).originIndex() == newestOrigin();
        return new RecentForecasts(all, sameNewest ? newestPublished : null);
    }

    private static boolean hasStepFrom(RememberedForecast f, long index) {
        return f.originIndex() + f.forecast().length >= index;
    }
}
