package io.streamcast.metrics;

import static io.streamcast.metrics.MetricNames.CORRECTION_ERROR;
import static io.streamcast.metrics.MetricNames.CORRECTION_SERVES;
import static io.streamcast.metrics.MetricNames.MODEL_DISCARDS;
import static io.streamcast.metrics.MetricNames.MODEL_PROMOTIONS;
import static io.streamcast.metrics.MetricNames.MODEL_ROLLBACKS;
import static io.streamcast.metrics.MetricNames.MODEL_VERSION;
import static io.streamcast.metrics.MetricNames.SHADOW_ERROR;
import static io.streamcast.metrics.MetricNames.TAG_REASON;
import static io.streamcast.metrics.MetricNames.TAG_ROLE;
import static io.streamcast.metrics.MetricNames.TAG_TASK;
import static io.streamcast.metrics.MetricNames.TRAINING_CLIPPED;
import static io.streamcast.metrics.MetricNames.TRAINING_CLIPPED_RATIO;
import static io.streamcast.metrics.MetricNames.TRAINING_EXAMPLES_DROPPED;
import static io.streamcast.metrics.MetricNames.TRAINING_EXAMPLES_THINNED;
import static io.streamcast.metrics.MetricNames.TRAINING_FED_BACK;
import static io.streamcast.metrics.MetricNames.TRAINING_FED_BACK_CHOICES;
import static io.streamcast.metrics.MetricNames.TRAINING_FED_BACK_SHARE;
import static io.streamcast.metrics.MetricNames.TRAINING_GRADIENT_NORM;
import static io.streamcast.metrics.MetricNames.TRAINING_LOSS;
import static io.streamcast.metrics.MetricNames.TRAINING_PAUSED;
import static io.streamcast.metrics.MetricNames.TRAINING_THREAD_WAIT;
import static io.streamcast.metrics.MetricNames.TRAINING_UPDATES;
import static io.streamcast.metrics.MetricNames.TRAINING_YIELDED;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamcast.training.TrainingEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Online training health meters of one topology: steps, clipping, gradient norm, examples dropped,
 * trainer pauses, promotions, discards and rollbacks, which add up across the topology's tasks;
 * and per task (tag {@code task}, see {@link #forTask}) the last loss, the serving version and the
 * shadow errors (see {@link TopologyMetrics} for the table). Counts live here rather than in
 * meters so those made before {@link #bindTo} are not lost. Thread-safe.
 */
public final class TrainingHealthMetrics implements MeterBinder, AutoCloseable, TrainingEvents {

    private final LongAdder updates = new LongAdder();
    private final LongAdder clipped = new LongAdder();
    private final LongAdder examplesDropped = new LongAdder();
    private final LongAdder examplesThinned = new LongAdder();
    private final LongAdder fedBackChoices = new LongAdder();
    private final LongAdder fedBack = new LongAdder();
    private final DoubleAdder pausedSeconds = new DoubleAdder();
    private final DoubleAdder yieldedSeconds = new DoubleAdder();
    private final DoubleAdder threadWaitSeconds = new DoubleAdder();
    private final LongAdder promotions = new LongAdder();
    private final LongAdder rollbacks = new LongAdder();
    private final BoundedCounts discards = new BoundedCounts(BoundedCounts.MAX_KEYS);
    /** Training gauges per stream task: each task has its own model, loss and shadow errors. */
    private final ConcurrentMap<String, TaskTraining> tasks = new ConcurrentHashMap<>();

    /** Null while unbound; read once per training step. */
    private volatile DistributionSummary gradientNorm;

    /** Guarded by this: binding, lazy registration and close must not interleave. */
    private final TaggedMeters meters;

    TrainingHealthMetrics(Tags topologyTags) {
        this.meters = new TaggedMeters(topologyTags);
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (!meters.bind(registry)) {
            return;
        }
        gradientNorm = meters.keep(DistributionSummary.builder(TRAINING_GRADIENT_NORM)
                .description("L2 norm of the gradient of an online training step, before clipping")
                // Norms are mostly below 1, where the default integer-spaced buckets see nothing.
                .serviceLevelObjectives(0.001, 0.01, 0.1, 0.25, 0.5, 1, 2, 5, 10, 100, 1000)
                .tags(meters.tags())
                .register(registry));
        meters.functionCounter(TRAINING_UPDATES, "Online training steps", updates, Tags.empty());
        meters.functionCounter(
                TRAINING_CLIPPED, "Online training steps whose gradient was clipped", clipped, Tags.empty());
        meters.gauge(
                TRAINING_CLIPPED_RATIO,
                "Share of online training steps clipped since start",
                this,
                TrainingHealthMetrics::clippedRatio,
                Tags.empty());
        meters.functionCounter(
                TRAINING_FED_BACK_CHOICES,
                "Horizon steps whose training input was drawn between truth and prediction (autoregressive, seq2seq)",
                fedBackChoices,
                Tags.empty());
        meters.functionCounter(
                TRAINING_FED_BACK, "Of those, steps fed the network's own prediction", fedBack, Tags.empty());
        meters.gauge(
                TRAINING_FED_BACK_SHARE,
                "Share of drawn horizon steps fed the network's own prediction since start (scheduled sampling)",
                this,
                TrainingHealthMetrics::fedBackShare,
                Tags.empty());
        meters.functionCounter(
                TRAINING_EXAMPLES_DROPPED,
                "Training examples not built or dropped because the background trainer fell behind",
                examplesDropped,
                Tags.empty());
        meters.functionCounter(
                TRAINING_EXAMPLES_THINNED,
                "Training examples left out because more waited out the gap than training.maxWaitingExamples",
                examplesThinned,
                Tags.empty());
        secondsCounter(
                registry,
                TRAINING_PAUSED,
                "Seconds background trainers paused to stay within training.cpuShare",
                pausedSeconds);
        secondsCounter(
                registry,
                TRAINING_YIELDED,
                "Seconds background trainers waited while forecasting was behind its input (training.yieldBehindMs)",
                yieldedSeconds);
        secondsCounter(
                registry,
                TRAINING_THREAD_WAIT,
                "Seconds background training work waited for one of the topology's trainer threads (training.threads)",
                threadWaitSeconds);
        meters.functionCounter(MODEL_PROMOTIONS, "Candidate models promoted to serving", promotions, Tags.empty());
        discards.forEach((reason, count) -> registerDiscards(reason));
        meters.functionCounter(MODEL_ROLLBACKS, "Returns to an earlier model version", rollbacks, Tags.empty());
        tasks.values().forEach(this::registerTask);
    }

    @Override
    public void trainingStep(double loss, double preClipGradNorm, boolean clipped) {
        updates.increment();
        if (clipped) {
            this.clipped.increment();
        }
        DistributionSummary norms = gradientNorm;
        if (norms != null && Double.isFinite(preClipGradNorm)) {
            norms.record(preClipGradNorm);
        }
    }

    @Override
    public void trainingExamplesDropped(int count) {
        examplesDropped.add(count);
    }

    @Override
    public void trainingExamplesThinned(int count) {
        examplesThinned.add(count);
    }

    @Override
    public void fedBack(long choices, long fedBack) {
        fedBackChoices.add(choices);
        this.fedBack.add(fedBack);
    }

    private double fedBackShare() {
        long choices = fedBackChoices.sum();
        return choices == 0 ? 0 : (double) fedBack.sum() / choices;
    }

    /** A counter of seconds summed in {@code seconds}, tagged with the topology. */
    private void secondsCounter(MeterRegistry registry, String name, String description, DoubleAdder seconds) {
        meters.keep(FunctionCounter.builder(name, seconds, DoubleAdder::doubleValue)
                .description(description)
                .baseUnit("seconds")
                .tags(meters.tags())
                .register(registry));
    }

    @Override
    public void trainingPaused(double seconds) {
        pausedSeconds.add(seconds);
    }

    @Override
    public void trainingYielded(double seconds) {
        yieldedSeconds.add(seconds);
    }

    @Override
    public void trainingWaitedForThread(double seconds) {
        threadWaitSeconds.add(seconds);
    }

    @Override
    public void promotion(long newVersion) {
        promotions.increment();
    }

    @Override
    public void discard(String reason) {
        discards.increment(reason, this::registerDiscards);
    }

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
    public TrainingEvents forTask(String task) {
        TaskTraining training = tasks.get(task);
        if (training == null) {
            TaskTraining created = new TaskTraining(BoundedCounts.requireCode("task", task));
            training = tasks.putIfAbsent(task, created);
            if (training == null) {
                training = created;
                registerTask(created);
            }
        }
        return training;
    }

    /** A task's gauges (read by the registry) and its share of the topology's counters. */
    private final class TaskTraining implements TrainingEvents {
        private final String task;
        /** Its gauges in the registry, removed when the task closes. Guarded by the outer instance. */
        private final List<Meter> gauges = new ArrayList<>();

        private volatile double lastLoss = Double.NaN;
        private volatile double version = Double.NaN;
        private volatile double candidateError = Double.NaN;
        private volatile double servingError = Double.NaN;
        private volatile double correctionNetworkError = Double.NaN;
        private volatile double correctionBaseError = Double.NaN;
        private volatile double correctionServes = Double.NaN;

        TaskTraining(String task) {
            this.task = task;
        }

        @Override
        public void trainingStep(double loss, double preClipGradNorm, boolean clipped) {
            lastLoss = loss;
            TrainingHealthMetrics.this.trainingStep(loss, preClipGradNorm, clipped);
        }

        @Override
        public void trainingExamplesDropped(int count) {
            TrainingHealthMetrics.this.trainingExamplesDropped(count);
        }

        @Override
        public void trainingExamplesThinned(int count) {
            TrainingHealthMetrics.this.trainingExamplesThinned(count);
        }

        @Override
        public void fedBack(long choices, long fedBack) {
            TrainingHealthMetrics.this.fedBack(choices, fedBack);
        }

        @Override
        public void trainingPaused(double seconds) {
            TrainingHealthMetrics.this.trainingPaused(seconds);
        }

        @Override
        public void trainingYielded(double seconds) {
            TrainingHealthMetrics.this.trainingYielded(seconds);
        }

        @Override
        public void trainingWaitedForThread(double seconds) {
            TrainingHealthMetrics.this.trainingWaitedForThread(seconds);
        }

        @Override
        public void promotion(long newVersion) {
            version = newVersion;
            TrainingHealthMetrics.this.promotion(newVersion);
        }

        @Override
        public void discard(String reason) {
            TrainingHealthMetrics.this.discard(reason);
        }

        @Override
        public void rollback(long toVersion) {
            version = toVersion;
            TrainingHealthMetrics.this.rollback(toVersion);
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
        public void correctionComparison(double networkError, double baseError, boolean networkServes) {
            correctionNetworkError = networkError;
            correctionBaseError = baseError;
            correctionServes = networkServes ? 1 : 0;
        }

        @Override
        public void taskClosed() {
            releaseTask(this);
        }
    }

    /** Forgets a closed task: its gauges leave the registry; a task that comes back registers anew. */
    private synchronized void releaseTask(TaskTraining training) {
        tasks.remove(training.task, training);
        training.gauges.forEach(meters::remove);
        training.gauges.clear();
    }

    private synchronized void registerTask(TaskTraining training) {
        if (!meters.bound()) {
            return;
        }
        Tags task = Tags.of(TAG_TASK, training.task);
        training.gauges.add(meters.gauge(
                TRAINING_LOSS, "Loss of the task's last online training step", training, t -> t.lastLoss, task));
        training.gauges.add(
                meters.gauge(MODEL_VERSION, "Version of the task's serving model", training, t -> t.version, task));
        training.gauges.add(meters.gauge(
                SHADOW_ERROR,
                "MAE on the task's shadow points of the candidate or the serving model",
                training,
                t -> t.candidateError,
                task.and(TAG_ROLE, "candidate")));
        training.gauges.add(meters.gauge(
                SHADOW_ERROR,
                "MAE on the task's shadow points of the candidate or the serving model",
                training,
                t -> t.servingError,
                task.and(TAG_ROLE, "serving")));
        String correction = "Mean absolute error, in units of each series' scale, of the task's live forecasts by the"
                + " network's correction or by the base it corrects, over the points the correction gate scored";
        training.gauges.add(meters.gauge(
                CORRECTION_ERROR, correction, training, t -> t.correctionNetworkError, task.and(TAG_ROLE, "network")));
        training.gauges.add(meters.gauge(
                CORRECTION_ERROR, correction, training, t -> t.correctionBaseError, task.and(TAG_ROLE, "base")));
        training.gauges.add(meters.gauge(
                CORRECTION_SERVES,
                "1 while the task serves the network's correction, 0 while it serves the base (NaN until known)",
                training,
                t -> t.correctionServes,
                task));
    }

    private double clippedRatio() {
        long steps = updates.sum();
        return steps == 0 ? Double.NaN : (double) clipped.sum() / steps;
    }

    private synchronized void registerDiscards(String reason) {
        if (meters.bound()) {
            meters.functionCounter(
                    MODEL_DISCARDS,
                    "Candidate models thrown away, by reason code",
                    discards.count(reason),
                    Tags.of(TAG_REASON, reason));
        }
    }

    @Override
    public synchronized void close() {
        gradientNorm = null;
        meters.close();
    }
}
