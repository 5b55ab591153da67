package io.streamcast.topology;

import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastPoint;
import io.streamcast.emit.Step;
import io.streamcast.ingest.Observation;
import io.streamcast.ingest.ParseResult;
import io.streamcast.ingest.RejectReason;
import io.streamcast.ingest.Rejection;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.IntervalCalibrator;
import io.streamcast.model.SeasonalNaive;
import io.streamcast.model.WindowEncoder;
import io.streamcast.series.SeriesState;
import io.streamcast.series.Smoothing;
import io.streamcast.series.SmoothingParams;
import io.streamcast.training.ModelStore;
import io.streamcast.training.Example;
import io.streamcast.training.TaskModel;
import io.streamcast.training.TaskModelFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The heart of a topology: keeps each series' window in the {@link StoreNames#SERIES} store,
 * scores earlier forecasts as their actuals arrive, turns completed horizons into training
 * examples, and forecasts in batches.
 *
 * <p>Batching: a network call costs about the same for one window as for a thousand, so origins
 * wait in the changelogged {@link StoreNames#PENDING} store (not in memory: a commit may already
 * cover their input offsets when the process dies) and are forecast together when the batch is
 * full, when a series already waiting gets its next observation (its window is about to move), or
 * on a wall-clock punctuation. Forecasts carry the observation's record timestamp.
 *
 * <p>Every forecast starts from the series' exponential smoothing base; where the network is ready
 * its correction is computed too, and a {@link CorrectionGate} decides from out-of-sample errors
 * which of the two serves (the forecast's {@code model} says which: the cell, or {@code ets}).
 * Observations that skip steps of the series' grid get the missing steps filled by the base.
 */
final class ForecastProcessor implements Processor<String, ParseResult.Accepted, String, Outcome> {
    /** The {@code model} of a forecast the smoothing base made on its own. */
    static final String BASE_MODEL = "ets";

    private final TopologySpec spec;
    private final SmoothingParams smoothing;
    private CorrectionGate gate;
    /** The task's model store: the command follower and the gate keep their state there. */
    private ModelStore models;
    private final Step step;
    private final WindowEncoder encoder;
    private final TopologyMetrics metrics;
    private final TaskModelFactory modelFactory;
    private final OriginFilter originFilter;
    private final int maxAwaiting;
    private final boolean followCommands;

    private ProcessorContext<String, Outcome> context;
    private KeyValueStore<String, SeriesState> states;
    private KeyValueStore<String, Long> pending;
    private KeyValueStore<String, Forecast> latest;
    private TaskModel model;
    private Cancellable punctuator;
    /** Null when the topology takes no operator commands. */
    private CommandFollower commands;
    /** Mirror of the pending store's keys, so the per-record "is this series waiting?" check needs no store read. */
    private final java.util.Set<String> pendingSeries = new java.util.HashSet<>();
    /** Wall-clock receipt time per pending series, for the processing-latency metric only (lost on restart, by design). */
    private final Map<String, Long> receivedNanos = new HashMap<>();
    private final Map<String, IntervalCalibrator> calibrators = new HashMap<>();
    private final Map<String, Long> calibratorObservationsSaved = new HashMap<>();
    private long calibratorsSavedAt;
    static final Duration CALIBRATOR_SAVE_INTERVAL = Duration.ofSeconds(30);
    private LongSupplier seriesCount;

    ForecastProcessor(TopologySpec spec, TopologyMetrics metrics, TaskModelFactory modelFactory, OriginFilter originFilter,
            boolean followCommands) {
        this.followCommands = followCommands;
        this.spec = spec;
        this.step = spec.stepValue();
        this.encoder = new WindowEncoder(spec.window, spec.period, spec.horizon, spec.model.clamp);
        this.smoothing = spec.base.params();
        this.metrics = metrics;
        this.modelFactory = modelFactory;
        this.originFilter = originFilter;
        this.maxAwaiting = (spec.horizon + spec.stride - 1) / spec.stride + 1;
    }

    @Override
    public void init(ProcessorContext<String, Outcome> context) {
        this.context = context;
        this.states = context.getStateStore(StoreNames.SERIES);
        this.pending = context.getStateStore(StoreNames.PENDING);
        this.latest = context.getStateStore(StoreNames.LATEST);
        KeyValueStore<String, byte[]> modelStore = context.getStateStore(StoreNames.MODEL);
        this.models = new ModelStore(modelStore);
        if (followCommands) {
            // Before the model exists: the follower tells a new task (empty model store) by it.
            commands = new CommandFollower(spec.name, context.taskId(), context.getStateStore(StoreNames.COMMANDS),
                    models);
        }
        this.model = modelFactory.create(context.taskId(), modelStore);
        int minPairs = Math.max(50, 10 * spec.horizon);
        // About 200 independent errors (one per H pairs): with the 20 it once had, a correction 5% better
        // than the base (hourly temperatures) could never clear three standard errors.
        int memoryPairs = Math.max(500, 200 * spec.horizon);
        this.gate = model.correctionGated()
                ? new CorrectionGate(model.correctionProven(), minPairs, memoryPairs, spec.horizon, spec.training.promotionMargin)
                : CorrectionGate.heldOpen(minPairs, memoryPairs, spec.horizon, spec.training.promotionMargin);
        gate.restore(models.gateState());
        try (KeyValueIterator<String, Long> it = pending.all()) {
            while (it.hasNext()) {
                pendingSeries.add(it.next().key);
            }
        }
        seriesCount = () -> states.approximateNumEntries();
        metrics.trackSeries(seriesCount);
        punctuator = context.schedule(Duration.ofMillis(spec.batching.maxDelayMs), PunctuationType.WALL_CLOCK_TIME, now -> {
            flush();
            if (commands != null) {
                // After the flush: what was waiting is forecast by the model it arrived under.
                commands.poll(model);
            }
        });
    }

    @Override
    public void process(Record<String, ParseResult.Accepted> record) {
        Observation obs = record.value().observation();
        String series = record.key();
        if (pendingSeries.contains(series)) {
            // This series' window is about to move: forecast everything waiting first. Before the
            // state is read: the flush stores the forecast it remembers for scoring in that state.
            flush();
        }
        SeriesState state = states.get(series);
        if (state == null) {
            state = new SeriesState(spec.period, smoothing.log());
        }
        long tsMillis = obs.ts().toEpochMilli();
        if (state.count() > 0 && tsMillis <= state.lastTsMillis()) {
            RejectReason reason = tsMillis == state.lastTsMillis() ? RejectReason.DUPLICATE_TS : RejectReason.TOO_OLD;
            String detail = "ts " + obs.ts() + (reason == RejectReason.DUPLICATE_TS ? " was already accepted" : " is before the newest accepted " + Instant.ofEpochMilli(state.lastTsMillis()));
            deadLetter(record, reason, detail);
            return;
        }
        state = fillMissingSteps(series, state, obs.ts());
        scoreAwaiting(state, obs.value());
        state.append(tsMillis, obs.value(), encoder.stateCapacity(), spec.period, spec.horizon, smoothing);
        state.forgetScoredBefore(state.count() - spec.horizon);
        offerTrainingExample(state);
        metrics.observationAccepted();
        boolean origin = originFilter.isOrigin(series, obs.ts()) && state.strideDue(spec.stride);
        states.put(series, state);
        if (origin) {
            pending.put(series, record.timestamp());
            receivedNanos.put(series, System.nanoTime());
            pendingSeries.add(series);
            if (pendingSeries.size() >= spec.batching.maxBatch) {
                flush();
            }
        }
    }

    /**
     * Fills the steps of the series' grid that the new observation skipped with the base's forecast
     * (marked, so they are never scored or trained on); a gap longer than {@code gaps.maxFill}
     * restarts the series from the new value, since a forecast bridged over that long is a guess.
     */
    private SeriesState fillMissingSteps(String series, SeriesState state, Instant ts) {
        if (state.count() == 0) {
            return state;
        }
        Instant last = Instant.ofEpochMilli(state.lastTsMillis());
        int limit = spec.maxGapFill() + 1;
        int steps = step.stepsBetween(last, ts, limit + 1);
        if (steps <= 1) {
            return state;
        }
        if (steps - 1 > spec.maxGapFill()) {
            metrics.seriesRestarted();
            return new SeriesState(spec.period, smoothing.log());
        }
        for (int k = 1; k < steps; k++) {
            state.fillMissing(step.after(last, k).toEpochMilli(), encoder.stateCapacity(), spec.period, spec.horizon, smoothing);
            metrics.stepFilled();
        }
        return state;
    }

    /** Scores the forecasts made h steps ago against the value that just arrived. */
    private void scoreAwaiting(SeriesState state, double actual) {
        long index = state.count();
        double scale = state.seasonalScale();
        for (SeriesState.PendingScore p : state.awaitingActuals()) {
            int h = (int) (index - p.originIndex());
            if (h < 1 || h > p.forecast().length) {
                continue;
            }
            double f = p.forecast()[h - 1];
            Double lo = p.lower() == null ? null : (double) p.lower()[h - 1];
            Double hi = p.upper() == null ? null : (double) p.upper()[h - 1];
            metrics.scored(h, actual, f, scale, lo, hi);
            // Intervals learn from the errors of the model that made the forecast.
            calibrator(p.model()).observe(h - 1, Math.abs(actual - f), scale);
            if (p.network() != null && p.base() != null) {
                gate.observe(Math.abs(actual - p.network()[h - 1]) / scale, Math.abs(actual - p.base()[h - 1]) / scale);
            }
        }
    }

    /** When the newest value completes the horizon of an earlier origin, that (window, actuals) pair is a training example. */
    private void offerTrainingExample(SeriesState state) {
        if (!model.learning()) {
            return;
        }
        int need = encoder.historyNeeded();
        double[] values = state.values();
        Smoothing atOrigin = state.lagged();
        if (values.length < need + spec.horizon || atOrigin == null || !atOrigin.ready()
                || state.lastFilledIndex() >= state.count() - spec.horizon - need) {
            // Too short, or a filled-in value lies in the window or the targets: nobody observed it.
            return;
        }
        int start = values.length - spec.horizon - need;
        double[] hist = new double[need];
        System.arraycopy(values, start, hist, 0, need);
        double[] actuals = new double[spec.horizon];
        System.arraycopy(values, start + need, actuals, 0, spec.horizon);
        float[] x = new float[WindowEncoder.FEATURES * spec.window];
        float[] residuals = java.util.Arrays.copyOfRange(state.residuals(), start, start + need);
        WindowEncoder.Norm norm = encoder.encode(hist, residuals, atOrigin, smoothing, x, 0);
        long completed = state.lastTsMillis();
        long origin = step.before(Instant.ofEpochMilli(completed), spec.horizon).toEpochMilli();
        model.onExample(new Example(x, encoder.targets(norm, actuals), origin, completed));
    }

    /** Forecasts every pending origin in one network call (plus fallbacks), emits, and gives the model its safe point. */
    void flush() {
        if (pendingSeries.isEmpty()) {
            return;
        }
        List<KeyValue<String, Long>> batch = new ArrayList<>(pendingSeries.size());
        try (KeyValueIterator<String, Long> it = pending.all()) {
            while (it.hasNext()) {
                batch.add(it.next());
            }
        }
        int need = encoder.historyNeeded();
        boolean networkReady = model.ready();
        List<KeyValue<String, Long>> viaNetwork = new ArrayList<>();
        List<SeriesState> networkStates = new ArrayList<>();
        for (KeyValue<String, Long> kv : batch) {
            SeriesState state = states.get(kv.key);
            if (state == null) {
                continue;
            }
            Smoothing base = state.smoothing();
            boolean baseReady = base != null && base.ready();
            if (networkReady && baseReady && state.values().length >= need) {
                viaNetwork.add(kv);
                networkStates.add(state);
            } else if (baseReady) {
                double[] f = base.forecast(spec.horizon, smoothing);
                // The served forecast is the base: no second copy for the gate, which compares only where the network ran.
                emit(kv, state, BASE_MODEL, 0, f, null, null);
            } else {
                double[] f = SeasonalNaive.forecast(state.values(), spec.period, spec.horizon);
                emit(kv, state, SeasonalNaive.nameFor(state.values().length, spec.period), 0, f, null, null);
            }
        }
        if (!viaNetwork.isEmpty()) {
            int n = viaNetwork.size();
            int exampleSize = WindowEncoder.FEATURES * spec.window;
            float[] inputs = new float[n * exampleSize];
            WindowEncoder.Norm[] norms = new WindowEncoder.Norm[n];
            for (int i = 0; i < n; i++) {
                SeriesState state = networkStates.get(i);
                norms[i] = encoder.encode(state.last(need), state.lastResiduals(need), state.smoothing(), smoothing, inputs,
                        i * exampleSize);
            }
            long t0 = System.nanoTime();
            float[] z = model.predict(inputs, n);
            metrics.inferenceBatch(n, System.nanoTime() - t0);
            boolean networkServes = gate.networkServes();
            for (int i = 0; i < n; i++) {
                double[] corrected = new double[spec.horizon];
                double[] base = new double[spec.horizon];
                for (int h = 0; h < spec.horizon; h++) {
                    corrected[h] = norms[i].decode(h, z[i * spec.horizon + h]);
                    base[h] = norms[i].baseForecast(h);
                }
                emit(viaNetwork.get(i), networkStates.get(i), networkServes ? model.cell() : BASE_MODEL, model.version(),
                        networkServes ? corrected : base, base, corrected);
            }
        }
        for (KeyValue<String, Long> kv : batch) {
            pending.delete(kv.key);
        }
        pendingSeries.clear();
        if (gate.dirty()) {
            models.saveGateState(gate.toBytes());
        }
        saveCalibrators();
        model.afterFlush();
    }

    private void emit(KeyValue<String, Long> origin, SeriesState state, String modelName, long version, double[] values,
            double[] base, double[] network) {
        IntervalCalibrator calibrator = calibrator(modelName);
        double scale = state.seasonalScale();
        Instant originTs = Instant.ofEpochMilli(state.lastTsMillis());
        List<ForecastPoint> points = new ArrayList<>(spec.horizon);
        float[] f = new float[spec.horizon];
        float[] lo = new float[spec.horizon];
        float[] hi = new float[spec.horizon];
        for (int h = 0; h < spec.horizon; h++) {
            double v = values[h];
            if (!Double.isFinite(v)) {
                // A network can only get here with corrupted weights; never publish a NaN: fall back.
                v = base != null && Double.isFinite(base[h]) ? base[h] : SeasonalNaive.forecast(state.values(), spec.period, spec.horizon)[h];
            }
            double half = calibrator.halfWidth(h, scale);
            f[h] = (float) v;
            lo[h] = (float) (v - half);
            hi[h] = (float) (v + half);
            points.add(new ForecastPoint(h + 1, step.after(originTs, h + 1), v, v - half, v + half));
        }
        state.remember(new SeriesState.PendingScore(state.count() - 1, modelName, f, lo, hi, toFloats(base), toFloats(network)),
                maxAwaiting);
        states.put(origin.key, state);
        Forecast forecast = new Forecast(origin.key, originTs, modelName, version, spec.name, points);
        latest.put(origin.key, forecast);
        context.forward(new Record<>(origin.key, new Outcome.Forecasted(forecast), origin.value));
        long now = System.currentTimeMillis();
        metrics.forecastEmitted(modelName, Math.max(0, now - origin.value));
        Long received = receivedNanos.remove(origin.key);
        if (received != null) {
            metrics.processingLatency(System.nanoTime() - received);
        }
    }

    private static float[] toFloats(double[] a) {
        if (a == null) {
            return null;
        }
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    private IntervalCalibrator calibrator(String modelName) {
        return calibrators.computeIfAbsent(modelName, m -> {
            IntervalCalibrator c = new IntervalCalibrator(spec.horizon, spec.interval.coverage);
            c.restore(models.calibratorState(m));
            return c;
        });
    }

    /**
     * Writes the calibrators' remembered errors to the model store, at most every
     * {@link #CALIBRATOR_SAVE_INTERVAL}: a few kilobytes per model, too much for every flush; a
     * restart then resumes with errors at most that old (and never with the cold guess).
     */
    private void saveCalibrators() {
        long now = context.currentSystemTimeMs();
        if (now - calibratorsSavedAt < CALIBRATOR_SAVE_INTERVAL.toMillis()) {
            return;
        }
        calibratorsSavedAt = now;
        calibrators.forEach((modelName, c) -> {
            Long saved = calibratorObservationsSaved.get(modelName);
            if (saved == null || saved != c.observed()) {
                models.saveCalibratorState(modelName, c.toBytes());
                calibratorObservationsSaved.put(modelName, c.observed());
            }
        });
    }

    private void deadLetter(Record<String, ParseResult.Accepted> record, RejectReason reason, String detail) {
        Rejection rejection = new Rejection(record.value().rawKey(), record.value().rawValue(), reason, detail);
        metrics.deadLetter(reason.name());
        context.forward(new Record<String, Outcome>(null, new Outcome.DeadLettered(rejection), record.timestamp(),
                IngestProcessor.withReason(record, rejection)));
    }

    @Override
    public void close() {
        if (punctuator != null) {
            punctuator.cancel();
        }
        if (seriesCount != null) {
            metrics.untrackSeries(seriesCount);
        }
        if (model != null) {
            model.close();
        }
    }
}
