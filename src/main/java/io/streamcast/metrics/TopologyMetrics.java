package io.streamcast.metrics;

import static io.streamcast.metrics.MetricNames.TAG_CELL;
import static io.streamcast.metrics.MetricNames.TAG_TOPOLOGY;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamcast.training.TrainingEvents;
import java.util.List;

/**
 * Meters of one forecasting topology: ingest, forecasting, live accuracy and online training.
 * One instance per topology, shared by all its stream tasks and threads (every method is
 * thread-safe). Close it when the topology stops: its meters leave the registry.
 * <p>
 * The owner of one binder per concern, so the meters of a topology bind and close together:
 * {@link IngestMetrics}, {@link ForecastingMetrics}, {@link AccuracyMetrics} and
 * {@link TrainingHealthMetrics}, each registering its meters through its own {@link TaggedMeters}.
 * Callers record through the one concern they need ({@link #ingest}, {@link #forecasting},
 * {@link #accuracy}, {@link #training}), so a class that only emits forecasts cannot touch
 * training meters and its constructor says what it reports. This class keeps the table of every meter because the dashboards
 * and alerts read them as one set.
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
 * <tr><td>{@code streamcast.base.clipped} / {@code streamcast_base_clipped_total}</td>
 *     <td>counter, observations</td><td></td><td>observations a robust base ({@code base.robust}) took as k
 *     standard deviations of its one-step errors: likely faults</td></tr>
 * <tr><td>{@code streamcast.steps.filled} / {@code streamcast_steps_filled_total}</td>
 *     <td>counter, steps</td><td></td><td>missing steps filled with the base's forecast</td></tr>
 * <tr><td>{@code streamcast.readings.aggregated} / {@code streamcast_readings_aggregated_total}</td>
 *     <td>counter, readings</td><td></td><td>readings taken into their step's value ({@code aggregate}); each
 *     closed step is one accepted observation</td></tr>
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
 * <tr><td>{@code streamcast.inference.steps} / {@code streamcast_inference_steps_total}</td>
 *     <td>counter, recurrent time steps</td><td></td>
 *     <td>steps the serving network ran: about four per forecast with a carried state ({@code
 *     model.carryState}, the default where the design allows), a window per forecast without</td></tr>
 * <tr><td>{@code streamcast.series.tracked} / {@code streamcast_series_tracked}</td>
 *     <td>gauge, series</td><td></td><td>series with state, summed over the suppliers of
 *     {@link ForecastingMetrics#trackSeries}</td></tr>
 * <tr><td>{@code streamcast.accuracy.mae} / {@code streamcast_accuracy_mae}</td>
 *     <td>gauge, series units</td><td>{@code horizon}</td><td>mean absolute error</td></tr>
 * <tr><td>{@code streamcast.accuracy.smape} / {@code streamcast_accuracy_smape}</td>
 *     <td>gauge, percent 0..200</td><td>{@code horizon}</td>
 *     <td>mean of 200·|a−f|/(|a|+|f|) (a point with a = f = 0 scores 0)</td></tr>
 * <tr><td>{@code streamcast.accuracy.mase} / {@code streamcast_accuracy_mase}</td>
 *     <td>gauge, ratio</td><td>{@code horizon}</td>
 *     <td>mean of |a−f| / seasonalScale (the series' running seasonal-naive MAE, or its base's
 *     one-step MAE where larger), over points with a positive scale; below 1 beats seasonal
 *     naive</td></tr>
 * <tr><td>{@code streamcast.interval.coverage} / {@code streamcast_interval_coverage}</td>
 *     <td>gauge, ratio 0..1</td><td>{@code horizon}</td>
 *     <td>share of actuals inside [lower, upper], over points that had both bounds; compare
 *     with the topology's nominal coverage</td></tr>
 * <tr><td>{@code streamcast.interval.width} / {@code streamcast_interval_width}</td>
 *     <td>gauge, ratio</td><td>{@code horizon}</td>
 *     <td>mean (upper − lower) / seasonalScale, over points with both bounds and a positive
 *     scale: how wide the intervals that reached that coverage were, in MASE's units</td></tr>
 * <tr><td>{@code streamcast.quantile.below} / {@code streamcast_quantile_below}</td>
 *     <td>gauge, ratio 0..1</td><td>{@code horizon}, {@code quantile}</td>
 *     <td>share of the last 500 actuals at or below the forecast quantile of that probability
 *     ({@code interval.quantiles}; only those a topology asks for); compare with the
 *     probability</td></tr>
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
 *     it fell behind, so the stream thread did not build them or its bounded queue dropped the
 *     oldest (0 with synchronous training)</td></tr>
 * <tr><td>{@code streamcast.training.examples.thinned} / {@code streamcast_training_examples_thinned_total}</td>
 *     <td>counter, examples</td><td></td><td>examples left out of online training because more
 *     waited out the gap to the shadow set than {@code training.maxWaitingExamples} (a uniform
 *     sample of them trains); rising with many series per task</td></tr>
 * <tr><td>{@code streamcast.training.paused.seconds} / {@code streamcast_training_paused_seconds_total}</td>
 *     <td>counter, seconds</td><td></td><td>time the background trainers slept to stay within
 *     {@code training.cpuShare}; steadily rising means training is the topology's bottleneck</td></tr>
 * <tr><td>{@code streamcast.training.thread.wait.seconds} / {@code streamcast_training_thread_wait_seconds_total}</td>
 *     <td>counter, seconds</td><td></td><td>time background training work waited for one of the
 *     topology's trainer threads ({@code training.threads}), all busy with other tasks' steps or
 *     pauses; rising while examples are dropped means more threads would train more</td></tr>
 * <tr><td>{@code streamcast.model.promotions} / {@code streamcast_model_promotions_total}</td>
 *     <td>counter</td><td></td><td>candidate models promoted to serving</td></tr>
 * <tr><td>{@code streamcast.model.discards} / {@code streamcast_model_discards_total}</td>
 *     <td>counter</td><td>{@code reason}</td><td>candidates thrown away, by reason
 *     ({@code NAN_LOSS}, {@code EXPLODED}, {@code NOT_BETTER}...)</td></tr>
 * <tr><td>{@code streamcast.model.rollbacks} / {@code streamcast_model_rollbacks_total}</td>
 *     <td>counter</td><td></td><td>returns to an earlier model version</td></tr>
 * <tr><td>{@code streamcast.model.version} / {@code streamcast_model_version}</td>
 *     <td>gauge</td><td></td><td>version of the serving model (NaN until known); set by
 *     {@link TrainingEvents#modelVersion}, {@link TrainingEvents#promotion} and
 *     {@link TrainingEvents#rollback}</td></tr>
 * <tr><td>{@code streamcast.shadow.error} / {@code streamcast_shadow_error}</td>
 *     <td>gauge, series units</td><td>{@code role} = {@code candidate} | {@code serving}</td>
 *     <td>MAE of the candidate and the serving model on the same shadow points</td></tr>
 * <tr><td>{@code streamcast.correction.error} / {@code streamcast_correction_error}</td>
 *     <td>gauge, series scales</td><td>{@code role} = {@code network} | {@code base}</td>
 *     <td>the correction gate's running mean absolute error of the network's forecasts and of the
 *     base's, on the same live points, each in units of its series' scale: how far the network is
 *     from serving, or from handing back</td></tr>
 * <tr><td>{@code streamcast.correction.serves} / {@code streamcast_correction_serves}</td>
 *     <td>gauge</td><td></td><td>1 while the task serves the network's correction, 0 while the base
 *     serves</td></tr>
 * </table>
 * <p>
 * Accuracy gauges are computed over the last {@value #ACCURACY_WINDOW} scored
 * points of each horizon bucket ({@link HorizonBucket}), across all series of the topology; they
 * are NaN until the bucket has a point. Bucket {@code 1} is registered by {@link #bindTo}; the
 * others when their first point is scored (the topology's horizon is not known here).
 */
public final class TopologyMetrics implements MeterBinder, AutoCloseable {

    /** Distinct values per tag (reason, model) before further values count as {@code OTHER}. */
    public static final int MAX_TAG_VALUES = BoundedCounts.MAX_KEYS;

    /** Scored points per horizon bucket that the accuracy gauges average (see {@link AccuracyMetrics}). */
    public static final int ACCURACY_WINDOW = AccuracyMetrics.WINDOW;

    private final IngestMetrics ingest;
    private final ForecastingMetrics forecasting;
    private final AccuracyMetrics accuracy;
    private final TrainingHealthMetrics training;

    // Guarded by this: a closed or bound facade refuses another registry for all its parts at once.
    private MeterRegistry registry;
    private boolean closed;

    /**
     * @param topology the topology's name (bounded: one per topology file)
     * @param cell the network cell, {@code gru}, {@code lstm} or {@code rnn}
     */
    public TopologyMetrics(String topology, String cell) {
        Tags tags = Tags.of(
                TAG_TOPOLOGY,
                BoundedCounts.requireCode("topology", topology),
                TAG_CELL,
                BoundedCounts.requireCode("cell", cell));
        this.ingest = new IngestMetrics(tags);
        this.forecasting = new ForecastingMetrics(tags, cell);
        this.accuracy = new AccuracyMetrics(tags);
        this.training = new TrainingHealthMetrics(tags);
    }

    private List<MeterBinder> parts() {
        return List.of(ingest, forecasting, accuracy, training);
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
        parts().forEach(part -> part.bindTo(registry));
    }

    /** Removes this instance's meters from the registry. Recording afterwards is harmless and unseen. */
    @Override
    public synchronized void close() {
        closed = true;
        registry = null;
        ingest.close();
        forecasting.close();
        accuracy.close();
        training.close();
    }

    /** Ingest meters: observations accepted and late, steps filled, series restarted, dead letters. */
    public IngestMetrics ingest() {
        return ingest;
    }

    /** Forecasting meters: forecasts emitted, latencies, inference batches, series tracked. */
    public ForecastingMetrics forecasting() {
        return forecasting;
    }

    /** Live accuracy meters: scored points by horizon bucket, anomalies. */
    public AccuracyMetrics accuracy() {
        return accuracy;
    }

    /**
     * Training health meters, as the {@link TrainingEvents} sink the training package reports to
     * (it sits below metrics and knows only that interface); per-task values through
     * {@link TrainingHealthMetrics#forTask}.
     */
    public TrainingEvents training() {
        return training;
    }
}
