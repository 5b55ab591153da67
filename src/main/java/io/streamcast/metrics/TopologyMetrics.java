package io.streamcast.metrics;

import static io.streamcast.metrics.MetricNames.ACCURACY_MAE;
import static io.streamcast.metrics.MetricNames.ACCURACY_MASE;
import static io.streamcast.metrics.MetricNames.ACCURACY_SCORED;
import static io.streamcast.metrics.MetricNames.ACCURACY_SMAPE;
import static io.streamcast.metrics.MetricNames.ANOMALIES;
import static io.streamcast.metrics.MetricNames.DEAD_LETTERS;
import static io.streamcast.metrics.MetricNames.FORECASTS_EMITTED;
import static io.streamcast.metrics.MetricNames.FORECAST_LATENCY;
import static io.streamcast.metrics.MetricNames.INFERENCE_BATCH_SIZE;
import static io.streamcast.metrics.MetricNames.INFERENCE_DURATION;
import static io.streamcast.metrics.MetricNames.INTERVAL_COVERAGE;
import static io.streamcast.metrics.MetricNames.MODEL_DISCARDS;
import static io.streamcast.metrics.MetricNames.MODEL_PROMOTIONS;
import static io.streamcast.metrics.MetricNames.MODEL_ROLLBACKS;
import static io.streamcast.metrics.MetricNames.MODEL_VERSION;
import static io.streamcast.metrics.MetricNames.OBSERVATIONS_ACCEPTED;
import static io.streamcast.metrics.MetricNames.OBSERVATIONS_LATE;
import static io.streamcast.metrics.MetricNames.PROCESSING_LATENCY;
import static io.streamcast.metrics.MetricNames.SERIES_RESTARTED;
import static io.streamcast.metrics.MetricNames.SERIES_TRACKED;
import static io.streamcast.metrics.MetricNames.SHADOW_ERROR;
import static io.streamcast.metrics.MetricNames.STEPS_FILLED;
import static io.streamcast.metrics.MetricNames.TAG_CELL;
import static io.streamcast.metrics.MetricNames.TAG_HORIZON;
import static io.streamcast.metrics.MetricNames.TAG_MODEL;
import static io.streamcast.metrics.MetricNames.TAG_REASON;
import static io.streamcast.metrics.MetricNames.TAG_ROLE;
import static io.streamcast.metrics.MetricNames.TAG_TASK;
import static io.streamcast.metrics.MetricNames.TAG_TOPOLOGY;
import static io.streamcast.metrics.MetricNames.TRAINING_CLIPPED;
import static io.streamcast.metrics.MetricNames.TRAINING_CLIPPED_RATIO;
import static io.streamcast.metrics.MetricNames.TRAINING_EXAMPLES_DROPPED;
import static io.streamcast.metrics.MetricNames.TRAINING_GRADIENT_NORM;
import static io.streamcast.metrics.MetricNames.TRAINING_LOSS;
import static io.streamcast.metrics.MetricNames.TRAINING_PAUSED;
import static io.streamcast.metrics.MetricNames.TRAINING_UPDATES;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamcast.training.TrainingMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Meters of one forecasting topology: ingest, forecasting, live accuracy and online training.
 * One instance per topology, shared by all its stream tasks and threads (every method is
 * thread-safe). Close it when the topology stops: its meters leave the registry.
 * <p>
 * Every meter carries the tags {@code topology} (the topology's name) and {@code cell}
 * ({@code gru}, {@code lstm} or {@code rnn}); the registry adds its common tags
 * ({@code app=streamcast}, see {@link MetricsRegistries}). The other tags are bounded codes:
 * a value that is not a short code ({@code [A-Za-z0-9_.-]{1,64}}), or beyond the
 * {@value #MAX_TAG_VALUES}th distinct value of a tag, is counted as {@code OTHER}. No meter
 * carries a series id; per-series detail belongs to the REST API.
 * <p>
 * Meter names ({@code Micrometer name} / Prometheus name), unit, extra tags:
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type, unit</th><th>extra tags</th><th>meaning</th></tr>
 * <tr><td>{@code streamcast.observations.accepted} / {@code streamcast_observations_accepted_total}</td>
 *     <td>counter, observations</td><td></td><td>observations that passed validation and moved their
 *     series on (late ones are counted apart)</td></tr>
 * <tr><td>{@code streamcast.observations.late} / {@code streamcast_observations_late_total}</td>
 *     <td>counter, observations</td><td></td><td>late observations taken within {@code lateness.grace}
 *     into a step that had been filled in (late ones refused are dead letters)</td></tr>
 * <tr><td>{@code streamcast.steps.filled} / {@code streamcast_steps_filled_total}</td>
 *     <td>counter, steps</td><td></td><td>missing steps filled with the base's forecast</td></tr>
 * <tr><td>{@code streamcast.series.restarted} / {@code streamcast_series_restarted_total}</td>
 *     <td>counter, series</td><td></td><td>series restarted after a gap longer than {@code gaps.maxFill}</td></tr>
 * <tr><td>{@code streamcast.dead.letters} / {@code streamcast_dead_letters_total}</td>
 *     <td>counter, records</td><td>{@code reason}</td>
 *     <td>records sent to the dead-letter topic, by reason code (e.g. {@code NOT_JSON}); a
 *     reason's series appears with its first record</td></tr>
 * <tr><td>{@code streamcast.forecasts.emitted} / {@code streamcast_forecasts_emitted_total}</td>
 *     <td>counter, forecasts</td><td>{@code model}</td>
 *     <td>forecasts forwarded, by the model that made them ({@code gru}, {@code lstm},
 *     {@code rnn}, {@code seasonal-naive}...); the topology's cell exists from the start</td></tr>
 * <tr><td>{@code streamcast.forecast.latency} / {@code streamcast_forecast_latency_seconds_*}</td>
 *     <td>timer, seconds, percentile histogram 1 ms..10 min</td><td></td>
 *     <td>end to end: wall time the forecast was emitted minus the observation record's
 *     timestamp (negative values, from clock skew, count as 0)</td></tr>
 * <tr><td>{@code streamcast.processing.latency} / {@code streamcast_processing_latency_seconds_*}</td>
 *     <td>timer, seconds, percentile histogram 100 µs..1 min</td><td></td>
 *     <td>record received by the processor to its forecast forwarded (includes batching wait)</td></tr>
 * <tr><td>{@code streamcast.inference.batch.size} / {@code streamcast_inference_batch_size_*}</td>
 *     <td>distribution summary, windows, percentile histogram 1..4096</td><td></td>
 *     <td>windows per batched network call</td></tr>
 * <tr><td>{@code streamcast.inference.duration} / {@code streamcast_inference_duration_seconds_*}</td>
 *     <td>timer, seconds, percentile histogram 100 µs..30 s</td><td></td>
 *     <td>wall time of one batched network call</td></tr>
 * <tr><td>{@code streamcast.series.tracked} / {@code streamcast_series_tracked}</td>
 *     <td>gauge, series</td><td></td><td>series with state, summed over the suppliers of
 *     {@link #trackSeries}</td></tr>
 * <tr><td>{@code streamcast.accuracy.mae} / {@code streamcast_accuracy_mae}</td>
 *     <td>gauge, series units</td><td>{@code horizon}</td><td>mean absolute error</td></tr>
 * <tr><td>{@code streamcast.accuracy.smape} / {@code streamcast_accuracy_smape}</td>
 *     <td>gauge, percent 0..200</td><td>{@code horizon}</td>
 *     <td>mean of 200·|a−f|/(|a|+|f|) (a point with a = f = 0 scores 0)</td></tr>
 * <tr><td>{@code streamcast.accuracy.mase} / {@code streamcast_accuracy_mase}</td>
 *     <td>gauge, ratio</td><td>{@code horizon}</td>
 *     <td>mean of |a−f| / seasonalScale (the series' in-sample seasonal-naive MAE), over
 *     points with a positive scale; below 1 beats seasonal naive</td></tr>
 * <tr><td>{@code streamcast.interval.coverage} / {@code streamcast_interval_coverage}</td>
 *     <td>gauge, ratio 0..1</td><td>{@code horizon}</td>
 *     <td>share of actuals inside [lower, upper], over points that had both bounds; compare
 *     with the topology's nominal coverage</td></tr>
 * <tr><td>{@code streamcast.accuracy.scored} / {@code streamcast_accuracy_scored_total}</td>
 *     <td>counter, points</td><td>{@code horizon}</td><td>forecast points scored against
 *     their actual</td></tr>
 * <tr><td>{@code streamcast.anomalies} / {@code streamcast_anomalies_total}</td>
 *     <td>counter, actuals</td><td>{@code horizon}</td><td>actuals reported on the anomalies topic
 *     (outside the interval of the latest forecast made for them), by the horizon bucket of that
 *     forecast; bucket {@code 1} exists from the start</td></tr>
 * <tr><td>{@code streamcast.training.loss} / {@code streamcast_training_loss}</td>
 *     <td>gauge, loss units</td><td></td><td>loss of the last online training step (NaN
 *     when that loss was NaN)</td></tr>
 * <tr><td>{@code streamcast.training.gradient.norm} / {@code streamcast_training_gradient_norm_*}</td>
 *     <td>distribution summary, histogram buckets 0.001..1000</td><td></td>
 *     <td>gradient L2 norm before clipping (non-finite norms are not recorded)</td></tr>
 * <tr><td>{@code streamcast.training.updates} / {@code streamcast_training_updates_total}</td>
 *     <td>counter, steps</td><td></td><td>online training steps</td></tr>
 * <tr><td>{@code streamcast.training.clipped} / {@code streamcast_training_clipped_total}</td>
 *     <td>counter, steps</td><td></td><td>steps whose gradient was clipped</td></tr>
 * <tr><td>{@code streamcast.training.clipped.ratio} / {@code streamcast_training_clipped_ratio}</td>
 *     <td>gauge, ratio 0..1</td><td></td><td>clipped / updates since start (NaN before the
 *     first step); for a recent ratio divide the counters' rates</td></tr>
 * <tr><td>{@code streamcast.training.examples.dropped} / {@code streamcast_training_examples_dropped_total}</td>
 *     <td>counter, examples</td><td></td><td>training examples the background trainer never saw:
 *     it fell behind and its bounded queue dropped the oldest (0 with synchronous training)</td></tr>
 * <tr><td>{@code streamcast.training.paused.seconds} / {@code streamcast_training_paused_seconds_total}</td>
 *     <td>counter, seconds</td><td></td><td>time the background trainers slept to stay within
 *     {@code training.cpuShare}; steadily rising means training is the topology's bottleneck</td></tr>
 * <tr><td>{@code streamcast.model.promotions} / {@code streamcast_model_promotions_total}</td>
 *     <td>counter</td><td></td><td>candidate models promoted to serving</td></tr>
 * <tr><td>{@code streamcast.model.discards} / {@code streamcast_model_discards_total}</td>
 *     <td>counter</td><td>{@code reason}</td><td>candidates thrown away, by reason
 *     ({@code NAN_LOSS}, {@code EXPLODED}, {@code NOT_BETTER}...)</td></tr>
 * <tr><td>{@code streamcast.model.rollbacks} / {@code streamcast_model_rollbacks_total}</td>
 *     <td>counter</td><td></td><td>returns to an earlier model version</td></tr>
 * <tr><td>{@code streamcast.model.version} / {@code streamcast_model_version}</td>
 *     <td>gauge</td><td></td><td>version of the serving model (NaN until known); set by
 *     {@link #modelVersion}, {@link #promotion} and {@link #rollback}</td></tr>
 * <tr><td>{@code streamcast.shadow.error} / {@code streamcast_shadow_error}</td>
 *     <td>gauge, series units</td><td>{@code role} = {@code candidate} | {@code serving}</td>
 *     <td>MAE of the candidate and the serving model on the same shadow points</td></tr>
 * </table>
 * <p>
 * Accuracy gauges are computed over the last {@value #ACCURACY_WINDOW} scored
 * points of each horizon bucket ({@link HorizonBucket}), across all series of the topology; they
 * are NaN until the bucket has a point. Bucket {@code 1} is registered by {@link #bindTo}; the
 * others when their first point is scored (the topology's horizon is not known here).
 */
public final class TopologyMetrics implements MeterBinder, AutoCloseable, TrainingMetrics {

    /** Distinct values per tag (reason, model) before further values count as {@code OTHER}. */
    public static final int MAX_TAG_VALUES = 32;

    /**
     * Scored points per horizon bucket that the accuracy gauges average: enough that one odd
     * series does not swing them, few enough that they follow drift within hours.
     */
    public static final int ACCURACY_WINDOW = 500;

    private final Tags tags;

    // State lives here rather than in meters: counts made before bindTo are not lost, and the
    // clipped ratio and accuracy gauges read it directly.
    private final LongAdder accepted = new LongAdder();
    private final LongAdder lateAccepted = new LongAdder();
    private final LongAdder stepsFilled = new LongAdder();
    private final LongAdder seriesRestarted = new LongAdder();
    private final BoundedCounts deadLetters = new BoundedCounts(MAX_TAG_VALUES);
    private final BoundedCounts emitted = new BoundedCounts(MAX_TAG_VALUES);
    private final Set<LongSupplier> seriesCounts = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<String, HorizonScores> horizons = new ConcurrentHashMap<>();
    /** Keyed by horizon bucket: at most {@link HorizonBucket#ALL} keys. */
    private final BoundedCounts anomalies = new BoundedCounts(MAX_TAG_VALUES);

    private final LongAdder updates = new LongAdder();
    private final LongAdder clipped = new LongAdder();
    private final LongAdder examplesDropped = new LongAdder();
    private final DoubleAdder pausedSeconds = new DoubleAdder();
    private final LongAdder promotions = new LongAdder();
    private final LongAdder rollbacks = new LongAdder();
    private final BoundedCounts discards = new BoundedCounts(MAX_TAG_VALUES);
    /** Training gauges per stream task: each task has its own model, loss and shadow errors. */
    private final ConcurrentMap<String, TaskTraining> tasks = new ConcurrentHashMap<>();

    /** Null while unbound; one read per record on the hot path. */
    private volatile Recorders recorders;

    // Guarded by this: binding, lazy registration and close must not interleave.
    private MeterRegistry registry;
    private final List<Meter> registered = new ArrayList<>();
    private boolean closed;

    /** The meters that record samples rather than read state. */
    private record Recorders(
            Timer forecastLatency,
            Timer processingLatency,
            DistributionSummary batchSize,
            Timer inferenceDuration,
            DistributionSummary gradientNorm) {}

    /** Rolling accuracy and scored count of one horizon bucket. */
    private record HorizonScores(RollingAccuracy accuracy, LongAdder scored) {}

    /**
     * @param topology the topology's name (bounded: one per topology file)
     * @param cell the network cell, {@code gru}, {@code lstm} or {@code rnn}
     */
    public TopologyMetrics(String topology, String cell) {
        this.tags = Tags.of(TAG_TOPOLOGY, requireCode("topology", topology), TAG_CELL, requireCode("cell", cell));
        // Present from the start so dashboards have a series before the first event.
        emitted.declare(cell);
        horizons.put(HorizonBucket.of(1), newHorizonScores());
        anomalies.declare(HorizonBucket.of(1));
    }

    private static String requireCode(String what, String value) {
        if (value == null || !BoundedCounts.CODE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must match " + BoundedCounts.CODE + ", got " + value);
        }
        return value;
    }

    /**
     * Registers every meter in the class description with {@code registry}. One registry per
     * instance: to publish to several, bind a {@code CompositeMeterRegistry}.
     *
     * @throws IllegalStateException if already bound to another registry, or closed
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (closed) {
            throw new IllegalStateException("TopologyMetrics is closed");
        }
        if (this.registry == registry) {
            return;
        }
        if (this.registry != null) {
            throw new IllegalStateException("TopologyMetrics is already bound to another registry");
        }
        this.registry = registry;

        functionCounter(
                OBSERVATIONS_ACCEPTED,
                "Observations that passed validation and moved their series on",
                accepted,
                Tags.empty());
        functionCounter(
                OBSERVATIONS_LATE,
                "Late observations taken within lateness.grace into a filled-in step",
                lateAccepted,
                Tags.empty());
        functionCounter(STEPS_FILLED, "Missing steps filled with the base's forecast", stepsFilled, Tags.empty());
        functionCounter(
                SERIES_RESTARTED, "Series restarted after a gap too long to fill", seriesRestarted, Tags.empty());
        deadLetters.forEach((reason, count) -> registerDeadLetters(reason));
        emitted.forEach((model, count) -> registerEmitted(model));
        recorders = new Recorders(
                keep(Timer.builder(FORECAST_LATENCY)
                        .description(
                                "End-to-end latency: forecast emit wall time minus the observation's record timestamp")
                        .tags(tags)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofMinutes(10))
                        .register(registry)),
                keep(Timer.builder(PROCESSING_LATENCY)
                        .description(
                                "Time from a record reaching the forecasting processor to its forecast being forwarded")
                        .tags(tags)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(100_000))
                        .maximumExpectedValue(Duration.ofMinutes(1))
                        .register(registry)),
                keep(DistributionSummary.builder(INFERENCE_BATCH_SIZE)
                        .description("Windows forecast in one batched network call")
                        .tags(tags)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(1.0)
                        .maximumExpectedValue(4096.0)
                        .register(registry)),
                keep(Timer.builder(INFERENCE_DURATION)
                        .description("Wall time of one batched network call")
                        .tags(tags)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(100_000))
                        .maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry)),
                keep(DistributionSummary.builder(TRAINING_GRADIENT_NORM)
                        .description("L2 norm of the gradient of an online training step, before clipping")
                        // Norms are mostly below 1, where the default integer-spaced buckets see nothing.
                        .serviceLevelObjectives(0.001, 0.01, 0.1, 0.25, 0.5, 1, 2, 5, 10, 100, 1000)
                        .tags(tags)
                        .register(registry)));

        gauge(
                SERIES_TRACKED,
                "Series with state in this topology's tasks",
                this,
                m -> m.seriesCounts.stream().mapToLong(LongSupplier::getAsLong).sum(),
                Tags.empty());
        horizons.forEach(this::registerHorizon);
        anomalies.forEach((bucket, count) -> registerAnomalies(bucket));

        functionCounter(TRAINING_UPDATES, "Online training steps", updates, Tags.empty());
        functionCounter(TRAINING_CLIPPED, "Online training steps whose gradient was clipped", clipped, Tags.empty());
        gauge(
                TRAINING_CLIPPED_RATIO,
                "Share of online training steps clipped since start",
                this,
                TopologyMetrics::clippedRatio,
                Tags.empty());
        functionCounter(
                TRAINING_EXAMPLES_DROPPED,
                "Training examples dropped because the background trainer fell behind",
                examplesDropped,
                Tags.empty());
        keep(FunctionCounter.builder(TRAINING_PAUSED, pausedSeconds, DoubleAdder::doubleValue)
                .description("Seconds background trainers paused to stay within training.cpuShare")
                .baseUnit("seconds")
                .tags(tags)
                .register(registry));
        functionCounter(MODEL_PROMOTIONS, "Candidate models promoted to serving", promotions, Tags.empty());
        discards.forEach((reason, count) -> registerDiscards(reason));
        functionCounter(MODEL_ROLLBACKS, "Returns to an earlier model version", rollbacks, Tags.empty());
        tasks.values().forEach(this::registerTask);
    }

    // ---- ingest

    /** One observation passed validation. */
    public void observationAccepted() {
        accepted.increment();
    }

    /** One late observation replaced the value filled in for its step ({@code lateness.grace}). */
    public void lateObservationAccepted() {
        lateAccepted.increment();
    }

    /** One missing step of a series was filled with the base's forecast. */
    public void stepFilled() {
        stepsFilled.increment();
    }

    /** A series was restarted after a gap too long to fill. */
    public void seriesRestarted() {
        seriesRestarted.increment();
    }

    /** One record went to the dead-letter topic; {@code reason} is its bounded code, e.g. {@code NOT_JSON}. */
    public void deadLetter(String reason) {
        deadLetters.increment(reason, this::registerDeadLetters);
    }

    // ---- forecasting

    /**
     * One forecast was forwarded.
     *
     * @param model the model that made it: {@code gru}, {@code lstm}, {@code rnn}, {@code seasonal-naive}...
     * @param endToEndMillis emit wall time minus the observation record's timestamp
     */
    public void forecastEmitted(String model, long endToEndMillis) {
        emitted.increment(model, this::registerEmitted);
        Recorders r = recorders;
        if (r != null) {
            r.forecastLatency().record(Math.max(0, endToEndMillis), TimeUnit.MILLISECONDS);
        }
    }

    /** Time from a record reaching the processor to its forecast being forwarded. */
    public void processingLatency(long nanos) {
        Recorders r = recorders;
        if (r != null) {
            r.processingLatency().record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        }
    }

    /** One batched network call forecasting {@code windows} windows took {@code nanos}. */
    public void inferenceBatch(int windows, long nanos) {
        Recorders r = recorders;
        if (r != null) {
            r.batchSize().record(windows);
            r.inferenceDuration().record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Adds a count of series (one supplier per stream task); the gauge reports the sum. The
     * supplier is called on the scrape thread, so it must be safe to call from any thread (read
     * a counter the task maintains rather than iterating a store).
     */
    public void trackSeries(LongSupplier count) {
        seriesCounts.add(count);
    }

    /** Removes a supplier added by {@link #trackSeries} (the same instance), e.g. when its task closes. */
    public void untrackSeries(LongSupplier count) {
        seriesCounts.remove(count);
    }

    // ---- live accuracy

    /**
     * An actual arrived for an earlier forecast at horizon {@code h}. Points whose actual or
     * forecast is not finite are ignored (not scored).
     *
     * @param h horizon, 1-based
     * @param seasonalScale the series' in-sample seasonal-naive MAE; MASE skips the point when
     *     it is not positive and finite
     * @param lower lower interval bound, or null when the forecast had none
     * @param upper upper interval bound, or null when the forecast had none
     */
    public void scored(int h, double actual, double forecast, double seasonalScale, Double lower, Double upper) {
        String bucket = HorizonBucket.of(h);
        HorizonScores scores = horizons.get(bucket);
        if (scores == null) {
            HorizonScores created = newHorizonScores();
            scores = horizons.putIfAbsent(bucket, created);
            if (scores == null) {
                scores = created;
                registerHorizon(bucket, created);
            }
        }
        if (scores.accuracy().add(actual, forecast, seasonalScale, lower, upper)) {
            scores.scored().increment();
        }
    }

    /**
     * An actual fell outside the interval of the forecast that judged it, made {@code h} steps
     * before it, and was reported on the anomalies topic.
     */
    public void anomaly(int h) {
        anomalies.increment(HorizonBucket.of(h), this::registerAnomalies);
    }

    // ---- training health

    /**
     * One online training step.
     *
     * @param loss its loss (NaN is reported as is: it is the signal)
     * @param preClipGradNorm gradient L2 norm before clipping
     * @param clipped whether clipping changed the gradient
     */
    @Override
    public void trainingStep(double loss, double preClipGradNorm, boolean clipped) {
        updates.increment();
        if (clipped) {
            this.clipped.increment();
        }
        Recorders r = recorders;
        if (r != null && Double.isFinite(preClipGradNorm)) {
            r.gradientNorm().record(preClipGradNorm);
        }
    }

    /** The background trainer fell behind: its queue dropped the {@code count} oldest examples it had not seen yet. */
    @Override
    public void trainingExamplesDropped(int count) {
        examplesDropped.add(count);
    }

    /** A background trainer paused {@code seconds} to keep the topology's trainers within {@code training.cpuShare}. */
    @Override
    public void trainingPaused(double seconds) {
        pausedSeconds.add(seconds);
    }

    /** A candidate became the serving model with version {@code newVersion}. */
    @Override
    public void promotion(long newVersion) {
        promotions.increment();
    }

    /** A candidate was thrown away; {@code reason} is a bounded code: NAN_LOSS, EXPLODED, NOT_BETTER... */
    @Override
    public void discard(String reason) {
        discards.increment(reason, this::registerDiscards);
    }

    /** Serving went back to the earlier version {@code toVersion}. */
    @Override
    public void rollback(long toVersion) {
        rollbacks.increment();
    }

    /**
     * The training metrics of one stream task: the counters add up across the topology's tasks,
     * while the serving version, the last loss and the shadow errors are gauges per task (tag
     * {@code task}): every task has its own model, and one value per topology showed whichever
     * task wrote last.
     */
    @Override
    public TrainingMetrics forTask(String task) {
        TaskTraining training = tasks.get(task);
        if (training == null) {
            TaskTraining created = new TaskTraining(requireCode("task", task));
            training = tasks.putIfAbsent(task, created);
            if (training == null) {
                training = created;
                registerTask(created);
            }
        }
        return training;
    }

    /** A task's gauges (read by the registry) and its share of the topology's counters. */
    private final class TaskTraining implements TrainingMetrics {
        private final String task;
        /** Its gauges in the registry, removed when the task closes. Guarded by the outer instance. */
        private final List<Meter> gauges = new ArrayList<>();

        private volatile double lastLoss = Double.NaN;
        private volatile double version = Double.NaN;
        private volatile double candidateError = Double.NaN;
        private volatile double servingError = Double.NaN;

        TaskTraining(String task) {
            this.task = task;
        }

        @Override
        public void trainingStep(double loss, double preClipGradNorm, boolean clipped) {
            lastLoss = loss;
            TopologyMetrics.this.trainingStep(loss, preClipGradNorm, clipped);
        }

        @Override
        public void trainingExamplesDropped(int count) {
            TopologyMetrics.this.trainingExamplesDropped(count);
        }

        @Override
        public void trainingPaused(double seconds) {
            TopologyMetrics.this.trainingPaused(seconds);
        }

        @Override
        public void promotion(long newVersion) {
            version = newVersion;
            TopologyMetrics.this.promotion(newVersion);
        }

        @Override
        public void discard(String reason) {
            TopologyMetrics.this.discard(reason);
        }

        @Override
        public void rollback(long toVersion) {
            version = toVersion;
            TopologyMetrics.this.rollback(toVersion);
        }

        @Override
        public void modelVersion(long version) {
            this.version = version;
        }

        @Override
        public void shadowError(double candidateMae, double servingMae) {
            candidateError = candidateMae;
            servingError = servingMae;
        }

        @Override
        public void taskClosed() {
            releaseTask(this);
        }
    }

    /** Forgets a closed task: its gauges leave the registry; a task that comes back registers anew. */
    private synchronized void releaseTask(TaskTraining training) {
        tasks.remove(training.task, training);
        if (registry != null) {
            training.gauges.forEach(g -> {
                registry.remove(g);
                registered.remove(g);
            });
        }
        training.gauges.clear();
    }

    private synchronized void registerTask(TaskTraining training) {
        if (registry == null) {
            return;
        }
        Tags task = Tags.of(TAG_TASK, training.task);
        training.gauges.add(
                gauge(TRAINING_LOSS, "Loss of the task's last online training step", training, t -> t.lastLoss, task));
        training.gauges.add(
                gauge(MODEL_VERSION, "Version of the task's serving model", training, t -> t.version, task));
        training.gauges.add(gauge(
                SHADOW_ERROR,
                "MAE on the task's shadow points of the candidate or the serving model",
                training,
                t -> t.candidateError,
                task.and(TAG_ROLE, "candidate")));
        training.gauges.add(gauge(
                SHADOW_ERROR,
                "MAE on the task's shadow points of the candidate or the serving model",
                training,
                t -> t.servingError,
                task.and(TAG_ROLE, "serving")));
    }

    /** Removes this instance's meters from the registry. Recording afterwards is harmless and unseen. */
    @Override
    public synchronized void close() {
        closed = true;
        recorders = null;
        if (registry != null) {
            registered.forEach(registry::remove);
        }
        registered.clear();
        registry = null;
    }

    // ---- registration

    private double clippedRatio() {
        long steps = updates.sum();
        return steps == 0 ? Double.NaN : (double) clipped.sum() / steps;
    }

    private static HorizonScores newHorizonScores() {
        return new HorizonScores(new RollingAccuracy(ACCURACY_WINDOW), new LongAdder());
    }

    private synchronized void registerHorizon(String bucket, HorizonScores scores) {
        if (registry == null) {
            return;
        }
        Tags horizon = Tags.of(TAG_HORIZON, bucket);
        RollingAccuracy accuracy = scores.accuracy();
        gauge(
                ACCURACY_MAE,
                "Mean absolute error of recent forecasts, per horizon bucket",
                accuracy,
                RollingAccuracy::mae,
                horizon);
        gauge(
                ACCURACY_SMAPE,
                "Symmetric MAPE in percent (0-200) of recent forecasts, per horizon bucket",
                accuracy,
                RollingAccuracy::smape,
                horizon);
        gauge(
                ACCURACY_MASE,
                "Absolute error over the seasonal-naive scale of recent forecasts, per horizon bucket",
                accuracy,
                RollingAccuracy::mase,
                horizon);
        gauge(
                INTERVAL_COVERAGE,
                "Share of recent actuals inside the forecast interval, per horizon bucket",
                accuracy,
                RollingAccuracy::coverage,
                horizon);
        functionCounter(ACCURACY_SCORED, "Forecast points scored against their actual", scores.scored(), horizon);
    }

    private synchronized void registerAnomalies(String bucket) {
        if (registry != null) {
            functionCounter(
                    ANOMALIES,
                    "Actuals outside the interval of the latest forecast made for them, by its horizon bucket",
                    anomalies.count(bucket),
                    Tags.of(TAG_HORIZON, bucket));
        }
    }

    private synchronized void registerDeadLetters(String reason) {
        if (registry != null) {
            functionCounter(
                    DEAD_LETTERS,
                    "Records sent to the dead-letter topic, by reason code",
                    deadLetters.count(reason),
                    Tags.of(TAG_REASON, reason));
        }
    }

    private synchronized void registerEmitted(String model) {
        if (registry != null) {
            functionCounter(
                    FORECASTS_EMITTED,
                    "Forecasts forwarded, by the model that made them",
                    emitted.count(model),
                    Tags.of(TAG_MODEL, model));
        }
    }

    private synchronized void registerDiscards(String reason) {
        if (registry != null) {
            functionCounter(
                    MODEL_DISCARDS,
                    "Candidate models thrown away, by reason code",
                    discards.count(reason),
                    Tags.of(TAG_REASON, reason));
        }
    }

    private void functionCounter(String name, String description, LongAdder count, Tags extra) {
        keep(FunctionCounter.builder(name, count, LongAdder::doubleValue)
                .description(description)
                .tags(tags.and(extra))
                .register(registry));
    }

    private <T> Gauge gauge(String name, String description, T state, ToDoubleFunction<T> value, Tags extra) {
        return keep(Gauge.builder(name, state, value)
                .description(description)
                .tags(tags.and(extra))
                .strongReference(true)
                .register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        registered.add(meter);
        return meter;
    }
}
