package io.streamcast.metrics;

import java.util.Set;

/**
 * Every meter name Streamcast publishes, in one place: the Micrometer (dotted) names used in code
 * and the Prometheus names that dashboards and alerts query. {@link TopologyMetrics} documents
 * units and tags; the dashboard test checks every PromQL expression against these sets.
 */
public final class MetricNames {

    public static final String OBSERVATIONS_ACCEPTED = "streamcast.observations.accepted";
    public static final String OBSERVATIONS_LATE = "streamcast.observations.late";
    public static final String DEAD_LETTERS = "streamcast.dead.letters";
    public static final String STEPS_FILLED = "streamcast.steps.filled";
    public static final String READINGS_AGGREGATED = "streamcast.readings.aggregated";
    public static final String SERIES_RESTARTED = "streamcast.series.restarted";
    public static final String SERIES_EXPIRED = "streamcast.series.expired";
    public static final String BASE_CLIPPED = "streamcast.base.clipped";
    public static final String FORECASTS_EMITTED = "streamcast.forecasts.emitted";
    public static final String FORECAST_LATENCY = "streamcast.forecast.latency";
    public static final String PROCESSING_LATENCY = "streamcast.processing.latency";
    public static final String INFERENCE_BATCH_SIZE = "streamcast.inference.batch.size";
    public static final String INFERENCE_DURATION = "streamcast.inference.duration";
    public static final String INFERENCE_STEPS = "streamcast.inference.steps";
    public static final String SERIES_TRACKED = "streamcast.series.tracked";
    public static final String ACCURACY_MAE = "streamcast.accuracy.mae";
    public static final String ACCURACY_SMAPE = "streamcast.accuracy.smape";
    public static final String ACCURACY_MASE = "streamcast.accuracy.mase";
    public static final String INTERVAL_COVERAGE = "streamcast.interval.coverage";
    public static final String INTERVAL_WIDTH = "streamcast.interval.width";
    public static final String QUANTILE_BELOW = "streamcast.quantile.below";
    public static final String ACCURACY_SCORED = "streamcast.accuracy.scored";
    public static final String ANOMALIES = "streamcast.anomalies";
    public static final String TRAINING_LOSS = "streamcast.training.loss";
    public static final String TRAINING_GRADIENT_NORM = "streamcast.training.gradient.norm";
    public static final String TRAINING_UPDATES = "streamcast.training.updates";
    public static final String TRAINING_CLIPPED = "streamcast.training.clipped";
    public static final String TRAINING_CLIPPED_RATIO = "streamcast.training.clipped.ratio";
    public static final String TRAINING_EXAMPLES_DROPPED = "streamcast.training.examples.dropped";
    public static final String TRAINING_EXAMPLES_THINNED = "streamcast.training.examples.thinned";
    public static final String TRAINING_PAUSED = "streamcast.training.paused.seconds";
    public static final String TRAINING_YIELDED = "streamcast.training.yielded.seconds";
    public static final String TRAINING_THREAD_WAIT = "streamcast.training.thread.wait.seconds";
    public static final String TRAINING_FED_BACK = "streamcast.training.fed.back";
    public static final String TRAINING_FED_BACK_CHOICES = "streamcast.training.fed.back.choices";
    public static final String TRAINING_FED_BACK_SHARE = "streamcast.training.fed.back.share";
    public static final String MODEL_PROMOTIONS = "streamcast.model.promotions";
    public static final String MODEL_DISCARDS = "streamcast.model.discards";
    public static final String MODEL_ROLLBACKS = "streamcast.model.rollbacks";
    public static final String MODEL_VERSION = "streamcast.model.version";
    public static final String SHADOW_ERROR = "streamcast.shadow.error";
    public static final String CORRECTION_ERROR = "streamcast.correction.error";
    public static final String CORRECTION_SERVES = "streamcast.correction.serves";

    /** Tag keys used by {@link TopologyMetrics}; all bounded, none names a series. */
    public static final String TAG_TOPOLOGY = "topology";

    public static final String TAG_CELL = "cell";
    public static final String TAG_MODEL = "model";
    public static final String TAG_REASON = "reason";
    public static final String TAG_HORIZON = "horizon";
    public static final String TAG_ROLE = "role";
    public static final String TAG_TASK = "task";
    public static final String TAG_QUANTILE = "quantile";

    /**
     * Prometheus names of the {@link TopologyMetrics} meters as they appear in the scrape:
     * counters end in {@code _total}; timers are in seconds and, like distribution summaries, show
     * {@code _bucket}, {@code _count}, {@code _sum} and a {@code _max} gauge.
     */
    public static final Set<String> PROMETHEUS = Set.of(
            "streamcast_observations_accepted_total",
            "streamcast_observations_late_total",
            "streamcast_dead_letters_total",
            "streamcast_forecasts_emitted_total",
            "streamcast_forecast_latency_seconds_bucket",
            "streamcast_forecast_latency_seconds_count",
            "streamcast_forecast_latency_seconds_sum",
            "streamcast_forecast_latency_seconds_max",
            "streamcast_processing_latency_seconds_bucket",
            "streamcast_processing_latency_seconds_count",
            "streamcast_processing_latency_seconds_sum",
            "streamcast_processing_latency_seconds_max",
            "streamcast_inference_batch_size_bucket",
            "streamcast_inference_batch_size_count",
            "streamcast_inference_batch_size_sum",
            "streamcast_inference_batch_size_max",
            "streamcast_inference_duration_seconds_bucket",
            "streamcast_inference_duration_seconds_count",
            "streamcast_inference_duration_seconds_sum",
            "streamcast_inference_duration_seconds_max",
            "streamcast_inference_steps_total",
            "streamcast_series_tracked",
            "streamcast_steps_filled_total",
            "streamcast_readings_aggregated_total",
            "streamcast_series_restarted_total",
            "streamcast_series_expired_total",
            "streamcast_base_clipped_total",
            "streamcast_accuracy_mae",
            "streamcast_accuracy_smape",
            "streamcast_accuracy_mase",
            "streamcast_interval_coverage",
            "streamcast_interval_width",
            "streamcast_quantile_below",
            "streamcast_accuracy_scored_total",
            "streamcast_anomalies_total",
            "streamcast_training_loss",
            "streamcast_training_gradient_norm_bucket",
            "streamcast_training_gradient_norm_count",
            "streamcast_training_gradient_norm_sum",
            "streamcast_training_gradient_norm_max",
            "streamcast_training_updates_total",
            "streamcast_training_clipped_total",
            "streamcast_training_clipped_ratio",
            "streamcast_training_examples_dropped_total",
            "streamcast_training_examples_thinned_total",
            "streamcast_training_paused_seconds_total",
            "streamcast_training_yielded_seconds_total",
            "streamcast_training_thread_wait_seconds_total",
            "streamcast_training_fed_back_total",
            "streamcast_training_fed_back_choices_total",
            "streamcast_training_fed_back_share",
            "streamcast_model_promotions_total",
            "streamcast_model_discards_total",
            "streamcast_model_rollbacks_total",
            "streamcast_model_version",
            "streamcast_shadow_error",
            "streamcast_correction_error",
            "streamcast_correction_serves");

    /**
     * Prometheus names from Micrometer's binders bound by {@link MetricsRegistries} that the
     * dashboard uses (JVM, process, Kafka Streams). Not every name Micrometer publishes; add one
     * here before querying it. {@code jvm_gc_pause_seconds_*} appears after the first collection.
     * The {@code kafka_*} names follow {@code KafkaStreamsMetrics}: {@code kafka.(group).(name)}
     * with "-metrics" dropped from the group.
     */
    public static final Set<String> BINDERS = Set.of(
            "jvm_memory_used_bytes",
            "jvm_memory_committed_bytes",
            "jvm_memory_max_bytes",
            "jvm_gc_pause_seconds_count",
            "jvm_gc_pause_seconds_sum",
            "jvm_gc_pause_seconds_max",
            "jvm_gc_memory_allocated_bytes_total",
            "jvm_threads_live_threads",
            "jvm_threads_daemon_threads",
            "jvm_threads_states_threads",
            "jvm_classes_loaded_classes",
            "process_cpu_usage",
            "process_uptime_seconds",
            "system_cpu_usage",
            "system_cpu_count",
            "kafka_consumer_fetch_manager_records_lag_max",
            "kafka_consumer_fetch_manager_records_consumed_rate",
            "kafka_stream_thread_process_rate",
            "kafka_stream_thread_commit_latency_avg",
            "kafka_stream_alive_stream_threads");

    private MetricNames() {}
}
