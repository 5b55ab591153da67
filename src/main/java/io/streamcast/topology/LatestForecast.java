package io.streamcast.topology;

import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastPoint;
import io.streamcast.emit.PublishedForecastPoints;
import io.streamcast.emit.Step;
import io.streamcast.emit.ValueRange;
import io.streamcast.series.PublishedPoints;
import io.streamcast.series.RecentForecasts;
import io.streamcast.series.RememberedForecast;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The newest forecast of a series, what {@code GET /forecasts/{series}} answers with, read from its
 * remembered forecasts ({@link StoreNames#REMEMBERED}): that record is written with every forecast
 * anyway and keeps the newest one as published, so no store of latest forecasts is written (one
 * store write, one changelog record of about 300 bytes per forecast, and their cache and producer
 * work). The emitter builds the forecast it publishes here too, so both say the same.
 */
public final class LatestForecast {
    private LatestForecast() {}

    /**
     * The newest forecast of {@code series} in {@code store} (the remembered-forecasts store of a
     * topology named {@code topology} with this step), or null when it holds none.
     */
    public static Forecast read(
            ReadOnlyKeyValueStore<String, RecentForecasts> store,
            String series,
            Step step,
            String topology,
            ValueRange range) {
        RecentForecasts recent = store.get(RememberedForecasts.key(series));
        return recent == null ? null : of(series, recent, step, topology, range);
    }

    /** As {@link #read(ReadOnlyKeyValueStore, String, Step, String, ValueRange)} for a topology without {@code values}. */
    public static Forecast read(
            ReadOnlyKeyValueStore<String, RecentForecasts> store, String series, Step step, String topology) {
        return read(store, series, step, topology, ValueRange.UNBOUNDED);
    }

    /** The newest of {@code recent} as a forecast, or null when there is none or its origin time is not known. */
    static Forecast of(String series, RecentForecasts recent, Step step, String topology, ValueRange range) {
        RememberedForecast newest = recent.newest();
        if (newest == null || newest.originMillis() == RememberedForecast.UNKNOWN) {
            return null;
        }
        PublishedPoints published = recent.newestPublished();
        return published != null
                ? of(series, newest, published, step, topology, range)
                // A record of an earlier format: its float copy, until the series' next forecast.
                : of(series, newest, step, topology, range);
    }

    /** {@code made} as published: value and value -/+ half-width per step, the bounds inside {@code range}. */
    static Forecast of(
            String series,
            RememberedForecast made,
            PublishedPoints published,
            Step step,
            String topology,
            ValueRange range) {
        Instant origin = Instant.ofEpochMilli(made.originMillis());
        String[] keys = new String[published.probabilities().length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ForecastPoint.key(published.probabilities()[i]);
        }
        PublishedForecastPoints points = new PublishedForecastPoints(
                origin, step, published.values(), published.halfWidths(), keys, published.quantileValues(), range);
        return new Forecast(series, origin, made.model(), made.version(), topology, points);
    }

    private static Forecast of(String series, RememberedForecast made, Step step, String topology, ValueRange range) {
        Instant origin = Instant.ofEpochMilli(made.originMillis());
        float[] values = made.forecast();
        List<ForecastPoint> points = new ArrayList<>(values.length);
        Instant[] targets = step.targets(origin, values.length);
        for (int h = 0; h < values.length; h++) {
            Double lower = made.lower() == null ? null : range.clamp(made.lower()[h]);
            Double upper = made.upper() == null ? null : range.clamp(made.upper()[h]);
            points.add(new ForecastPoint(h + 1, targets[h], range.clamp(values[h]), lower, upper));
        }
        return new Forecast(series, origin, made.model(), made.version(), topology, points);
    }
}
