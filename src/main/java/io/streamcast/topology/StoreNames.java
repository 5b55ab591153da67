package io.streamcast.topology;

/**
 * Names of the state stores of a forecasting topology, for whoever looks a store up (processors,
 * interactive queries, tests). The stores are declared next to the processors that use them: the
 * task stores in {@link ForecastProcessorSupplier#stores()}, the global one in
 * {@link CommandStoreUpdater#store()}. The names are a compatibility contract: they name the local
 * state directories and the changelog topics ({@code <application id>-<name>-changelog}) of running
 * deployments.
 */
public final class StoreNames {
    /**
     * series id -> {@link io.streamcast.series.SeriesState}: window, scaling statistics, smoothing.
     * Written once per observation, so it holds nothing an observation does not change.
     */
    public static final String SERIES = "series-state";
    /**
     * series id -> record timestamp of the observation whose forecast is not yet emitted. Only read
     * (at task start) and emptied now: a waiting origin is marked in its series record instead
     * ({@link PendingOrigins}); kept for the origins a version that wrote it left waiting.
     */
    public static final String PENDING = "pending-forecasts";
    /**
     * series id + '#' -> {@link io.streamcast.series.RecentForecasts}: the series' emitted forecasts
     * awaiting actuals, read once per observation and written once per forecast (see
     * {@link RememberedForecasts}); its newest forecast as published is what the REST API answers
     * with ({@link LatestForecast}). A store named {@code latest-forecasts} held that before, written
     * for every forecast: a deployment upgraded from then leaves its directory and changelog topic
     * unused (delete them at leisure). An earlier layout's entries, series id + '#' + (origin index mod
     * horizon) -> one forecast, are still read, and taken over by a series' first observation.
     */
    public static final String REMEMBERED = "remembered-forecasts";
    /**
     * series id -> {@link io.streamcast.series.OpenStep}: the readings so far of the series' newest
     * step, in a topology that aggregates readings faster than its step ({@link StepAggregator});
     * absent from the others.
     */
    public static final String OPEN_STEPS = "open-steps";
    /** model key -> checkpoint bytes: serving weights, version, learner state. */
    public static final String MODEL = "model";

    /**
     * Global, in-memory, filled from the topology's commands topic (which is its changelog): topology
     * name -> the newest operator command as JSON ({@link io.streamcast.control.ModelCommand}).
     */
    public static final String COMMANDS = "model-commands";

    private StoreNames() {}
}
