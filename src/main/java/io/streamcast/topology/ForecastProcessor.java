package io.streamcast.topology;

import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Anomaly;
import io.streamcast.emit.Step;
import io.streamcast.emit.StepGrid;
import io.streamcast.ingest.Observation;
import io.streamcast.ingest.ParseResult;
import io.streamcast.ingest.RejectReason;
import io.streamcast.ingest.Rejection;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.Covariates;
import io.streamcast.model.WindowEncoder;
import io.streamcast.series.RecentForecasts;
import io.streamcast.series.RememberedForecast;
import io.streamcast.series.SeriesState;
import io.streamcast.series.Smoothing;
import io.streamcast.series.SmoothingParams;
import io.streamcast.training.Example;
import io.streamcast.training.ModelPublisher;
import io.streamcast.training.ModelStore;
import io.streamcast.training.TargetStages;
import io.streamcast.training.TaskModel;
import io.streamcast.training.TaskModelFactory;
import io.streamcast.training.TrainingEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The heart of a topology, per observation and in this order: one that is not newer than its
 * series' last goes to the {@link LatePolicy} (into a filled-in step within {@code lateness.grace},
 * else the dead letter), fills skipped steps of the series' grid with the base, scores
 * the remembered forecasts the value is an actual of ({@link ForecastScorer}) and reports it when
 * it falls outside the interval of the latest of them ({@link AnomalyDetector}), adds it to the
 * series' window and smoothing, turns a completed horizon into a training example, writes the
 * series record (once: nothing later in the observation's life rewrites it) and queues the origin
 * for the next batch ({@link PendingOrigins}).
 *
 * <p>Batching: a network call costs about the same for one window as for a thousand, so origins
 * wait and are forecast together ({@link BatchForecaster}) when the batch is full, when a series
 * already waiting gets its next observation (its window is about to move), or on a wall-clock
 * punctuation. {@link ForecastEmitter} sends each forecast out with the observation's record
 * timestamp and remembers it for scoring. Every forecast starts from the series' exponential
 * smoothing base; where the network is ready its correction is computed too, and a
 * {@link CorrectionGate} decides from out-of-sample errors which of the two serves.
 */
final class ForecastProcessor implements Processor<String, ParseResult.Accepted, String, Outcome> {
    private final TopologySpec spec;
    /** The base that serves: each series' own constants (the topology's or its own) or, adapting online, an alternative set. */
    private final AdaptiveBase base;

    private final Step step;
    private final StepGrid grid;
    private final WindowEncoder encoder;
    /** The covariates the network reads; the observed ones are kept per step in each series' state. */
    private final Covariates covariates;
    /** When an origin's targets go to online training: as they arrive, in stages. */
    private final TargetStages targetStages;

    private final TopologyMetrics metrics;
    private final TaskModelFactory modelFactory;
    private final OriginFilter originFilter;
    /** Whether the topology has its control topics: operator commands to follow, a models topic to publish versions to. */
    private final boolean controlled;

    private final LatePolicy latePolicy;

    private ProcessorContext<String, Outcome> context;
    private KeyValueStore<String, SeriesState> states;
    private PendingOrigins pending;
    private RememberedForecasts remembered;
    /** Which forecasts are kept to be scored: all of them, or every k-th origin once the task has many series. */
    private ScoringSample sample;
    /** The task's model store: the command follower, the gate and the calibrators keep their state there. */
    private ModelStore models;

    private CorrectionGate gate;
    /** The task's gauges of the gate's comparison, beside its training health. */
    private TrainingEvents gateEvents;

    private IntervalCalibrators calibrators;
    private ForecastScorer scorer;
    private AnomalyDetector anomalies;
    private BatchForecaster forecaster;
    /** Each series' recurrent state between forecasts ({@code model.carryState}); null when windows re-run. */
    private CarriedStates carried;

    private TaskModel model;
    private Cancellable punctuator;
    /** Series gone silent for good by event and wall-clock time, dropped a slice of the store at a time ({@code gaps.expireSilent}); null when kept. */
    private SilentSeries silent;
    /** Wall-clock millis of the last slice {@link #silent} walked. */
    private long lastSweepMillis;
    /** The topology's commit pacing while records are live. */
    private final LiveCommits liveCommits;
    /** How far this task's forecasting is behind its input: the model's background training waits while it is too far. */
    private InputLag inputLag;
    /** Asked after each punctuation's flush: a live forecast is readable once committed. */
    private LiveCommits.Tracker live;
    /** Null when the topology takes no operator commands. */
    private CommandFollower commands;
    /** The versions the model started serving, until forwarded to the models topic; null when the topology has none. */
    private ModelVersionOutbox versions;

    private LongSupplier seriesCount;
    /**
     * Series with state in this task, counted exactly: entries found at init plus series created
     * since (a series is never deleted). The scrape thread reads this, never the store, whose
     * estimate counts overwrites (353 for 4 series) and which belongs to the stream thread.
     */
    private final AtomicLong seriesTracked = new AtomicLong();

    /** A slice every ten seconds: 100 series a second decoded, and a walk of a million series in three hours, against an expiry of days. */
    private static final long SWEEP_EVERY_MS = 10_000;

    ForecastProcessor(
            TopologySpec spec,
            TopologyMetrics metrics,
            TaskModelFactory modelFactory,
            OriginFilter originFilter,
            boolean controlled,
            LiveCommits liveCommits) {
        this.controlled = controlled;
        this.liveCommits = liveCommits;
        this.spec = spec;
        this.step = spec.stepValue();
        this.grid = spec.stepGrid();
        this.encoder =
                new WindowEncoder(spec.window, spec.period, spec.horizon, spec.model.clamp, spec.covariatesValue());
        this.covariates = encoder.covariates();
        this.targetStages = TargetStages.of(spec);
        this.base = new AdaptiveBase(spec);
        this.metrics = metrics;
        this.modelFactory = modelFactory;
        this.originFilter = originFilter;
        this.latePolicy = new LatePolicy(step, spec.latenessGraceValue(), spec.lateness.grace.trim());
    }

    @Override
    public void init(ProcessorContext<String, Outcome> context) {
        this.context = context;
        this.states = context.getStateStore(StoreNames.SERIES);
        this.pending = new PendingOrigins(context.getStateStore(StoreNames.PENDING));
        this.sample = new ScoringSample(spec.horizon, spec.scoring.perStep, seriesTracked::get);
        this.remembered = new RememberedForecasts(context.getStateStore(StoreNames.REMEMBERED), spec.horizon, sample);
        KeyValueStore<String, byte[]> modelStore = context.getStateStore(StoreNames.MODEL);
        this.models = new ModelStore(modelStore);
        if (controlled) {
            // Before the model exists: the follower tells a new task (empty model store) by it.
            commands = new CommandFollower(
                    spec.name, context.taskId(), context.getStateStore(StoreNames.COMMANDS), models);
            versions = new ModelVersionOutbox(spec.name, context.taskId().toString());
        }
        this.model =
                modelFactory.create(context.taskId(), modelStore, versions != null ? versions : ModelPublisher.NONE);
        int minPairs = Math.max(50, 10 * spec.horizon);
        // About 200 independent errors (one per H pairs): with the 20 it once had, a correction 5% better
        // than the base (hourly temperatures) could never clear three standard errors.
        int memoryPairs = Math.max(500, 200 * spec.horizon);
        this.gate = model.correctionGated()
                ? new CorrectionGate(
                        model.correctionProven(), minPairs, memoryPairs, spec.horizon, spec.training.promotionMargin)
                : CorrectionGate.heldOpen(minPairs, memoryPairs, spec.horizon, spec.training.promotionMargin);
        gate.restore(models.gateState());
        // Saved once at start too, so GET /models shows what a task serves before its first scored forecast.
        models.saveGateState(gate.toBytes());
        gateEvents = metrics.training().forTask(context.taskId().toString());
        reportGate();
        this.calibrators = new IntervalCalibrators(
                spec.horizon,
                spec.period,
                spec.interval.coverage,
                spec.interval.adaptRate,
                spec.interval.extraLevels(),
                models);
        this.scorer = new ForecastScorer(calibrators, gate, metrics.accuracy(), spec.period, spec.valueRange());
        this.anomalies = new AnomalyDetector(spec);
        ForecastEmitter emitter = new ForecastEmitter(spec, calibrators, remembered, context, metrics.forecasting());
        base.restore(models.baseSelectionState());
        this.carried = spec.carriesState() ? new CarriedStates(spec.window) : null;
        this.forecaster = new BatchForecaster(
                spec, base, step, encoder, model, gate, metrics.forecasting(), states, emitter, carried);
        this.silent = spec.gaps.expireSilent ? new SilentSeries(grid) : null;
        seriesTracked.set(countAndRecoverPending());
        seriesCount = seriesTracked::get;
        metrics.forecasting().trackSeries(seriesCount);
        live = liveCommits.tracker(context, false);
        inputLag = new InputLag();
        punctuator =
                context.schedule(Duration.ofMillis(spec.batching.maxDelayMs), PunctuationType.WALL_CLOCK_TIME, now -> {
                    flush();
                    if (commands != null) {
                        // After the flush: what was waiting is forecast by the model it arrived under.
                        commands.poll(model);
                    }
                    // A seed saved while the task initialised, or a rollback's version.
                    publishVersions();
                    model.forecastingBehind(inputLag.endInterval(now));
                    sweepSilentSeries(now);
                    live.maybeCommit(now);
                });
    }

    /**
     * Once per task start, one walk of the restored series store: counts the series and finds the
     * origins still owed a forecast ({@link PendingOrigins#recover}).
     */
    private long countAndRecoverPending() {
        long n = 0;
        try (KeyValueIterator<String, SeriesState> it = states.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                pending.recover(kv.key, kv.value, remembered);
                if (silent != null && kv.value.count() > 0) {
                    silent.observed(kv.value.lastTsMillis());
                }
                n++;
            }
        }
        return n;
    }

    @Override
    public void process(Record<String, ParseResult.Accepted> record) {
        Observation obs = record.value().observation();
        String series = record.key();
        live.processed(record.timestamp());
        inputLag.processed(context.currentSystemTimeMs(), record.timestamp());
        if (step.skips(obs.ts())) {
            if (step.outsideHours(obs.ts())) {
                deadLetter(
                        record,
                        RejectReason.OUTSIDE_HOURS,
                        "ts " + obs.ts() + " is " + obs.ts().atZone(step.zone()).toLocalTime() + " (" + step.zoneName()
                                + "), outside the topology's hours " + step.hours());
            } else {
                deadLetter(
                        record,
                        RejectReason.SKIPPED_DAY,
                        "ts " + obs.ts() + " is a " + step.dayOfWeek(obs.ts()) + " (" + step.zoneName()
                                + "), a day the topology's step skips (skipDays " + step.skippedDays() + ")");
            }
            return;
        }
        SeriesState state = null;
        if (pending.contains(series)) {
            // This series' window is about to move: forecast everything waiting first (its forecast
            // must be remembered before this value scores it). Its queued state is the stored one.
            state = pending.stateOf(series);
            flush();
        }
        if (state == null) {
            state = states.get(series);
        }
        if (state == null) {
            state = newSeriesState(series);
            // Always stored below: a first observation cannot be a duplicate or too old.
            seriesTracked.incrementAndGet();
        } else {
            // Before any step moves: a state kept without (or for other) features starts keeping these.
            state.useFeatures(covariates.observed().size(), covariates.layoutId());
        }
        long tsMillis = obs.ts().toEpochMilli();
        if (state.count() > 0 && tsMillis <= state.lastTsMillis()) {
            processLate(record, series, state);
            return;
        }
        Instant newest = state.count() == 0 ? null : Instant.ofEpochMilli(state.lastTsMillis());
        int steps = newest == null ? 1 : grid.stepsAfter(newest, obs.ts());
        if (steps == 0) {
            // A second reading within the newest's step (a resend stamped anew, an extra manual
            // reading): taken as the next step it would shift the series' seasonality and its
            // forecasts' targets by one step for good, as a late reading on a step with a value would.
            deadLetter(
                    record,
                    RejectReason.DUPLICATE_TS,
                    "ts " + obs.ts() + " falls on the step of " + newest + ", which already has a value"
                            + secondsHint(obs.ts()));
            return;
        }
        adoptLegacyAwaiting(series, state);
        state = fillMissingSteps(series, state, newest, steps, obs.value());
        // On the series' grid; a new series, or one restarted after a long gap, starts its grid here.
        Instant landing = newest == null ? obs.ts() : grid.landing(newest, steps, obs.ts());
        // The one read of this series' remembered forecasts for this observation; its forecast writes them once.
        RecentForecasts recent = remembered.load(series, state.count());
        List<RememberedForecast> due = recent.dueAt(state.count());
        // The unit of this actual's errors, for the scorer, the anomaly judge and the adaptive base:
        // a pass over the series' kept residuals, so taken once.
        double scale = state.scale();
        scorer.score(due, sample.unscoredOrigin(series, recent), state, scale, obs.value(), sample.scoredSeries());
        // At the step's grid time, the ts the forecasts it is judged against named.
        reportAnomaly(
                record, anomalies.judge(series, due, state.count(), landing, obs.value(), scale, state.resolution()));
        base.observe(series, state, scale, obs.value(), seriesTracked.get());
        SmoothingParams constants = base.own(series);
        state.append(
                landing.toEpochMilli(),
                obs.value(),
                stepFeatures(obs),
                encoder.stateCapacity(),
                spec.period,
                spec.horizon,
                constants,
                base.alternatives(constants));
        if (state.newestValueClipped()) {
            metrics.ingest().baseClipped();
        }
        base.remember(series, state, constants);
        if (silent != null) {
            silent.observed(landing.toEpochMilli());
        }
        offerTrainingExample(state, constants);
        metrics.ingest().observationAccepted();
        boolean origin = originFilter.isOrigin(series, obs.ts()) && state.strideDue(spec.stride);
        // Marked in the record, not in a store of its own: what a restarted task recovers pending origins from.
        state.queueOrigin(origin ? record.timestamp() : SeriesState.NOT_QUEUED);
        // The one write of this series' record for this observation.
        states.put(series, state);
        if (origin) {
            pending.add(series, record.timestamp(), state, recent);
            if (pending.size() >= spec.batching.maxBatch) {
                flush();
            }
        }
    }

    /**
     * An observation not newer than its series' newest: it replaces the value filled in for its
     * step when the {@link LatePolicy} allows, else it is dead-lettered. Taken, it moves nothing
     * on (no origin, no scoring, no anomaly, no example, no stride step) and is written in the
     * one store write of this observation, so under exactly once it commits with its offset.
     */
    private void processLate(Record<String, ParseResult.Accepted> record, String series, SeriesState state) {
        Observation obs = record.value().observation();
        LatePolicy.Verdict verdict = latePolicy.judge(state, obs.ts());
        if (verdict instanceof LatePolicy.Refused refused) {
            deadLetter(record, refused.reason(), refused.detail());
            return;
        }
        int stepsBack = ((LatePolicy.FillsGap) verdict).stepsBack();
        adoptLegacyAwaiting(series, state);
        SmoothingParams constants = base.own(series);
        state.replaceFill(
                stepsBack,
                obs.value(),
                stepFeatures(obs),
                spec.period,
                spec.horizon,
                constants,
                base.alternatives(constants));
        metrics.ingest().lateObservationAccepted();
        if (carried != null) {
            // A past input changed: the state carried through it no longer follows from the window.
            carried.forget(series);
        }
        states.put(series, state);
    }

    /** The observation's observed features as its series keeps them; null when the topology feeds none. */
    private float[] stepFeatures(Observation obs) {
        return covariates.observed().isEmpty() ? null : covariates.stepValues(obs.features());
    }

    /** A series with nothing yet, keeping the topology's observed features from its first step. */
    private SeriesState newSeriesState(String series) {
        SeriesState state = new SeriesState(spec.period, base.own(series).log());
        state.useFeatures(covariates.observed().size(), covariates.layoutId());
        return state;
    }

    /** A record written before remembered forecasts had a store of their own carries them: they move there before it is rewritten. */
    private void adoptLegacyAwaiting(String series, SeriesState state) {
        List<RememberedForecast> legacy = state.takeLegacyAwaiting();
        if (!legacy.isEmpty()) {
            remembered.adopt(series, legacy, state.count());
        }
    }

    /** Every {@link #SWEEP_EVERY_MS}: the next slice of the series store, dropping the series gone silent for good. */
    private void sweepSilentSeries(long now) {
        if (silent == null || now - lastSweepMillis < SWEEP_EVERY_MS) {
            return;
        }
        lastSweepMillis = now;
        silent.sweep(states, now, series -> {
            if (pending.contains(series)) {
                // Owed a forecast still: not silent for the stream, whatever its readings say.
                return;
            }
            states.delete(series);
            forgetFormerLife(series);
            seriesTracked.decrementAndGet();
            metrics.ingest().seriesExpired();
        });
    }

    /**
     * Forgets a series' remembered forecasts and carried recurrent state, where it restarts or is
     * dropped: its indices start again at 0, and forecasts of its former life must not be scored
     * against new values.
     */
    private void forgetFormerLife(String series) {
        remembered.forget(series);
        if (carried != null) {
            carried.forget(series);
        }
    }

    /** Before 1973 as epoch milliseconds, where epoch seconds of today land. */
    private static final Instant EPOCH_SECONDS_LAND_BEFORE = Instant.ofEpochMilli(100_000_000_000L);

    /**
     * For a duplicate dated before 1973: a producer that sends epoch seconds where the contract
     * says milliseconds (as {@code date +%s}, Python's {@code time.time()} and many devices count)
     * puts every reading of a series within seconds of January 1970, each on the step of the first,
     * and the series goes silent with nothing but this dead letter to say why.
     */
    private static String secondsHint(Instant ts) {
        return ts.isBefore(EPOCH_SECONDS_LAND_BEFORE) && ts.isAfter(Instant.EPOCH)
                ? " (a numeric ts is epoch milliseconds: " + ts.toEpochMilli() + " is " + ts
                        + "; as seconds it would be " + Instant.ofEpochSecond(ts.toEpochMilli()) + ")"
                : "";
    }

    /**
     * Fills the steps of the series' grid that the new observation skipped (it lands {@code steps}
     * after the newest, {@code last}) with the base's forecast (marked, so they are never scored
     * or trained on); a gap longer than {@code gaps.maxFill} (ten seasons or horizons by default)
     * restarts the series from the new value.
     */
    private SeriesState fillMissingSteps(String series, SeriesState state, Instant last, int steps, double next) {
        if (steps <= 1) {
            return state;
        }
        if (grid.restarts(steps)) {
            metrics.ingest().seriesRestarted();
            forgetFormerLife(series);
            return newSeriesState(series);
        }
        SmoothingParams constants = base.own(series);
        for (int k = 1; k < steps; k++) {
            state.fillMissing(
                    step.after(last, k).toEpochMilli(),
                    next,
                    steps - k + 1,
                    encoder.stateCapacity(),
                    spec.period,
                    spec.horizon,
                    constants,
                    base.alternatives(constants));
            metrics.ingest().stepFilled();
        }
        return state;
    }

    /**
     * Gives the model the training examples the newest value makes: for each {@link TargetStages}
     * stage due now, the window at the origin that many steps back with the targets that arrived
     * since its previous stage (the last stage completes the origin's horizon).
     */
    private void offerTrainingExample(SeriesState state, SmoothingParams constants) {
        if (!model.learning()) {
            return;
        }
        for (int i = 0; i < targetStages.count(); i++) {
            offerStage(state, constants, targetStages.start(i), targetStages.end(i));
        }
    }

    /** The example of the origin {@code known} steps back, its targets {@code [from, known)} known. */
    private void offerStage(SeriesState state, SmoothingParams constants, int from, int known) {
        int need = encoder.historyNeeded();
        double[] values = state.values();
        if (values.length < need + known || state.isOpenFill(known)) {
            // Too short, or the origin was filled in: the stream forecasts from observations only.
            // A fill in the window is the input the network is served after a gap: trained on.
            return;
        }
        // Filled-in targets (nobody observed them) are NaN: unknown, masked out of every loss.
        boolean filledTargets = state.lastFilledIndex() >= state.count() - known + from;
        if (filledTargets && filledCount(state, from, known) == known - from) {
            return;
        }
        if (!model.admitsExample()) {
            // A background trainer behind the stream has no room for it: not built at all, not even
            // the smoothing at its origin (with training.earlyTargets, one replay per stage).
            return;
        }
        Smoothing atOrigin = state.smoothingStepsBack(known, spec.horizon, constants);
        if (atOrigin == null || !atOrigin.ready()) {
            return;
        }
        int start = values.length - known - need;
        double[] hist = Arrays.copyOfRange(values, start, start + need);
        // Unknown targets are placeholders (the origin's last value) masked out of every loss.
        double[] actuals = new double[spec.horizon];
        Arrays.fill(actuals, hist[need - 1]);
        System.arraycopy(values, start + need, actuals, 0, known);
        Instant completed = Instant.ofEpochMilli(state.lastTsMillis());
        long origin = step.before(completed, known).toEpochMilli();
        float[] x = new float[encoder.exampleSize()];
        float[] residuals = state.residualsStepsBack(known, spec.window);
        // The window's features as kept up to the origin: nothing after it reaches the input.
        WindowEncoder.Norm norm = encoder.encode(
                hist,
                residuals,
                state.featuresOf(start, need),
                covariates.needsTimes() ? step.ending(origin, spec.window) : null,
                atOrigin,
                constants,
                x,
                0);
        float[] targets = encoder.targets(norm, actuals);
        Arrays.fill(targets, known, targets.length, 0f);
        Arrays.fill(targets, 0, from, 0f);
        for (int k = from; filledTargets && k < known; k++) {
            if (state.isOpenFill(known - 1 - k)) {
                targets[k] = Float.NaN;
            }
        }
        long targetsAfter = step.before(completed, known - from).toEpochMilli();
        model.onExample(new Example(x, targets, from, known, origin, targetsAfter, completed.toEpochMilli()));
    }

    /** How many of the targets {@code [from, known)} of the origin {@code known} steps back were filled in. */
    private static int filledCount(SeriesState state, int from, int known) {
        int filled = 0;
        for (int k = from; k < known; k++) {
            filled += state.isOpenFill(known - 1 - k) ? 1 : 0;
        }
        return filled;
    }

    /** Forecasts every pending origin in one network call (plus fallbacks), emits, and gives the model its safe point. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        forecaster.forecast(pending.drain());
        if (gate.dirty()) {
            models.saveGateState(gate.toBytes());
            reportGate();
        }
        byte[] selection = base.stateToSave();
        if (selection != null) {
            models.saveBaseSelectionState(selection);
            base.logChange();
        }
        calibrators.saveIfDue(context.currentSystemTimeMs());
        model.afterFlush();
        publishVersions();
    }

    /** Forwards the versions the model started serving: they commit with the model store that holds them. */
    private void publishVersions() {
        if (versions != null) {
            versions.forwardTo(context, context.currentSystemTimeMs());
        }
    }

    /**
     * Forwarded through the processor context like a forecast, so under exactly once the event
     * commits in the same transaction as the state this actual moved: never lost, never twice.
     */
    private void reportAnomaly(Record<String, ParseResult.Accepted> record, Anomaly anomaly) {
        if (anomaly == null) {
            return;
        }
        metrics.accuracy().anomaly(anomaly.h());
        context.forward(new Record<String, Outcome>(record.key(), new Outcome.Anomalous(anomaly), record.timestamp()));
    }

    private void deadLetter(Record<String, ParseResult.Accepted> record, RejectReason reason, String detail) {
        Rejection rejection =
                new Rejection(record.value().rawKey(), record.value().rawValue(), reason, detail);
        metrics.ingest().deadLetter(reason.name());
        context.forward(new Record<String, Outcome>(
                null,
                new Outcome.DeadLettered(rejection),
                record.timestamp(),
                DeadLetterHeaders.ofAccepted(record, rejection, spec)));
    }

    @Override
    public void close() {
        if (punctuator != null) {
            punctuator.cancel();
        }
        if (seriesCount != null) {
            metrics.forecasting().untrackSeries(seriesCount);
        }
        if (model != null) {
            model.close();
        }
        if (gateEvents != null) {
            // The task's gauges leave with it (the model's close does the same for a network task model).
            gateEvents.taskClosed();
        }
    }

    private void reportGate() {
        gateEvents.correctionComparison(gate.networkError(), gate.baseError(), gate.networkServes());
    }
}
