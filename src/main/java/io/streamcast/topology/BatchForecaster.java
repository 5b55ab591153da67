package io.streamcast.topology;

import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Step;
import io.streamcast.metrics.ForecastingMetrics;
import io.streamcast.model.FusedRecurrentForward;
import io.streamcast.model.SeasonalNaive;
import io.streamcast.model.WindowEncoder;
import io.streamcast.series.SeriesState;
import io.streamcast.series.SmoothingParams;
import io.streamcast.training.TaskModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Forecasts a batch of origins: every window the network can take goes into one network call (a
 * call costs about the same for one window as for a thousand), the rest get the smoothing base or,
 * before it is ready, seasonal naive. Where the network ran, both its corrected forecast and the
 * base's are emitted and remembered, and the {@link CorrectionGate} says which one serves.
 */
final class BatchForecaster {
    /** The {@code model} of a forecast the smoothing base made on its own. */
    static final String BASE_MODEL = "ets";

    private final TopologySpec spec;
    private final AdaptiveBase base;
    private final Step step;
    private final WindowEncoder encoder;
    private final TaskModel model;
    private final CorrectionGate gate;
    private final ForecastingMetrics metrics;
    private final KeyValueStore<String, SeriesState> states;
    private final ForecastEmitter emitter;
    /** Each series' recurrent state since its last forecast ({@code model.carryState}); null when windows re-run. */
    private final CarriedStates carried;

    BatchForecaster(
            TopologySpec spec,
            AdaptiveBase base,
            Step step,
            WindowEncoder encoder,
            TaskModel model,
            CorrectionGate gate,
            ForecastingMetrics metrics,
            KeyValueStore<String, SeriesState> states,
            ForecastEmitter emitter,
            CarriedStates carried) {
        this.spec = spec;
        this.base = base;
        this.step = step;
        this.encoder = encoder;
        this.model = model;
        this.gate = gate;
        this.metrics = metrics;
        this.states = states;
        this.emitter = emitter;
        this.carried = carried;
    }

    void forecast(List<PendingOrigins.Origin> batch) {
        int need = encoder.historyNeeded();
        boolean networkReady = model.ready();
        List<PendingOrigins.Origin> viaNetwork = new ArrayList<>();
        List<SeriesState> networkStates = new ArrayList<>();
        for (PendingOrigins.Origin origin : batch) {
            // Queued with its state, except across a restart: then the store has it.
            SeriesState state = origin.state() != null ? origin.state() : states.get(origin.series());
            if (state == null) {
                continue;
            }
            boolean baseReady = base.ready(state);
            if (networkReady && baseReady && state.values().length >= need) {
                viaNetwork.add(origin);
                networkStates.add(state);
            } else if (baseReady) {
                double[] f = base.forecast(state, base.own(origin.series()), spec.horizon);
                // The served forecast is the base: no second copy for the gate, which compares only where the network
                // ran.
                emitter.emit(origin, state, BASE_MODEL, 0, f, null, null);
            } else {
                double[] f = SeasonalNaive.forecast(state.values(), spec.period, spec.horizon);
                emitter.emit(
                        origin, state, SeasonalNaive.nameFor(state.values().length, spec.period), 0, f, null, null);
            }
        }
        if (viaNetwork.isEmpty()) {
            return;
        }
        int n = viaNetwork.size();
        int exampleSize = encoder.exampleSize();
        boolean needsTimes = encoder.covariates().needsTimes();
        float[] inputs = new float[n * exampleSize];
        WindowEncoder.Norm[] norms = new WindowEncoder.Norm[n];
        SmoothingParams[] own = new SmoothingParams[n];
        for (int i = 0; i < n; i++) {
            SeriesState state = networkStates.get(i);
            own[i] = base.own(viaNetwork.get(i).series());
            norms[i] = encoder.encode(
                    state.last(need),
                    state.lastResiduals(spec.window),
                    state.lastFeatures(need),
                    needsTimes ? step.ending(state.lastTsMillis(), spec.window) : null,
                    state.smoothing(),
                    own[i],
                    inputs,
                    i * exampleSize);
        }
        long t0 = System.nanoTime();
        FusedRecurrentForward forward = carried == null ? null : model.carriedForward();
        float[] z =
                forward == null ? model.predict(inputs, n) : predictCarried(forward, viaNetwork, networkStates, inputs);
        metrics.inferenceBatch(n, System.nanoTime() - t0);
        if (forward == null) {
            metrics.inferenceSteps((long) n * spec.window);
        }
        boolean networkServes = gate.networkServes();
        boolean adapted = base.chosen() != 0;
        for (int i = 0; i < n; i++) {
            double[] corrected = new double[spec.horizon];
            double[] uncorrected = new double[spec.horizon];
            for (int h = 0; h < spec.horizon; h++) {
                corrected[h] = norms[i].decode(h, z[i * spec.horizon + h]);
                uncorrected[h] = norms[i].baseForecast(h);
            }
            // The gate judges the correction against the base it uncorrected (remembered as the base):
            // that difference is what the network adds. Where the correction has not proved itself,
            // the base that serves is the adaptive one. (Judged against whichever base served, the
            // comparison changed with every switch; hourly temps then served the correction less.)
            double[] served = networkServes
                    ? corrected
                    : adapted ? base.forecast(networkStates.get(i), own[i], spec.horizon) : uncorrected;
            emitter.emit(
                    viaNetwork.get(i),
                    networkStates.get(i),
                    networkServes ? model.cell() : BASE_MODEL,
                    model.version(),
                    served,
                    uncorrected,
                    corrected);
        }
    }

    /**
     * The network's outputs, each series resuming its carried state over the steps since its last
     * forecast where it has one (else the steps since its anchor from zeros, {@link CarriedStates}),
     * and keeping its new state.
     * Several origins of one series in a batch all resume from the state carried before it; the
     * newest one's state is kept.
     */
    private float[] predictCarried(
            FusedRecurrentForward forward,
            List<PendingOrigins.Origin> origins,
            List<SeriesState> originStates,
            float[] inputs) {
        int n = origins.size();
        int size = forward.stateSize();
        int[] steps = new int[n];
        float[] states = new float[n * size];
        long run = 0;
        for (int i = 0; i < n; i++) {
            SeriesState state = originStates.get(i);
            steps[i] = carried.stepsToRun(
                    origins.get(i).series(), state.count(), state.smoothing().log(), forward, states, i * size, size);
            run += steps[i];
        }
        float[] z = forward.output(inputs, n, steps, states);
        for (int i = 0; i < n; i++) {
            SeriesState state = originStates.get(i);
            carried.keep(
                    origins.get(i).series(), state.count(), state.smoothing().log(), forward, states, i * size, size);
        }
        metrics.inferenceSteps(run);
        return z;
    }
}
