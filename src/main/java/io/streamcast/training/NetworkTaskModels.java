package io.streamcast.training;

import io.streamcast.config.TopologySpec;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.NetworkSpec;
import io.streamcast.model.VersionedModel;
import java.util.Objects;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueStore;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a task's model comes from, in order: the task's own changelogged model store (a restart
 * or a rebalance resumes the same model, and the learner its own state), else the seed checkpoint
 * (from {@code train}, version 1), else a fresh untrained network (version 0: the processor serves
 * the fallback until online learning promotes a trained version).
 */
public final class NetworkTaskModels implements TaskModelFactory {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkTaskModels.class);

    private final TopologySpec spec;
    private final NetworkSpec networkSpec;
    private final VersionedModel seed;
    private final TrainingEvents events;
    private final boolean online;
    private final boolean async;
    /** One per topology in this process, shared by its tasks' trainers (see {@link TrainingBudget}). */
    private final TrainingBudget budget;
    /** Shared by the topology's tasks: trainers wait while forecasting is behind. */
    private final ForecastingLag lag;
    /** The threads the topology's trainers take turns on ({@code training.threads}). */
    private final TrainerPool pool;

    private boolean correctionProven;
    private boolean gated = true;

    /**
     * Models that learn online when {@code spec.training.online} is true, frozen otherwise; in the
     * background, on the topology's trainer threads, when {@code spec.training.async} is true.
     *
     * @param seed    checkpoint every task without a model of its own starts from; null for none
     * @param events where training, promotions, discards and rollbacks are counted
     */
    public NetworkTaskModels(TopologySpec spec, VersionedModel seed, TrainingEvents events) {
        this(spec, seed, events, TrainingBudget.of(spec.training.cpuShare));
    }

    /** As the public constructor, the trainers sharing {@code budget} instead of one made from {@code training.cpuShare}. */
    NetworkTaskModels(TopologySpec spec, VersionedModel seed, TrainingEvents events, TrainingBudget budget) {
        this(spec, seed, events, budget, ForecastingLag.of(spec.training.yieldBehindMs));
    }

    /** As above, the trainers also sharing {@code lag} instead of one made from {@code training.yieldBehindMs}. */
    NetworkTaskModels(
            TopologySpec spec, VersionedModel seed, TrainingEvents events, TrainingBudget budget, ForecastingLag lag) {
        this(
                spec,
                checked(spec, seed),
                events,
                spec.training.online,
                spec.training.async,
                budget,
                lag,
                new TrainerPool(spec.name, spec.training.trainerThreads()));
    }

    /** Refuses a seed whose shape does not fit the topology; once per factory, not again for its variants below. */
    private static VersionedModel checked(TopologySpec spec, VersionedModel seed) {
        if (seed != null) {
            CheckpointCompatibility.check(
                    seed.network(), NetworkSpecs.of(spec), "checkpoint for topology " + spec.name);
        }
        return seed;
    }

    private NetworkTaskModels(
            TopologySpec spec,
            VersionedModel seed,
            TrainingEvents events,
            boolean online,
            boolean async,
            TrainingBudget budget,
            ForecastingLag lag,
            TrainerPool pool) {
        this.spec = spec;
        this.budget = budget;
        this.lag = lag;
        this.pool = pool;
        this.networkSpec = NetworkSpecs.of(spec);
        this.seed = seed;
        this.events = Objects.requireNonNull(events, "events (TrainingEvents.NONE when nothing watches)");
        this.online = online;
        this.async = async;
    }

    /**
     * The same models, told whether the seed's correction beat the smoothing base on held-out
     * examples (pretraining's verdict); without it the base serves until the network proves itself live.
     */
    public NetworkTaskModels correctionProven(boolean proven) {
        NetworkTaskModels copy = copy(online, async);
        copy.correctionProven = proven;
        return copy;
    }

    /** Models as the topology asks: online learning when {@code training.online} is true, frozen otherwise. */
    public static NetworkTaskModels forSpec(TopologySpec spec, VersionedModel seed, TrainingEvents events) {
        return new NetworkTaskModels(spec, seed, events);
    }

    /** Frozen models (no online learning), whatever the spec says. */
    public static NetworkTaskModels frozen(TopologySpec spec, VersionedModel seed) {
        return new NetworkTaskModels(
                spec,
                checked(spec, seed),
                TrainingEvents.NONE,
                false,
                false,
                TrainingBudget.of(spec.training.cpuShare),
                ForecastingLag.of(0),
                new TrainerPool(spec.name, 1));
    }

    /** The same models, learning (when online) on the stream thread at the flush safe point, whatever {@code training.async} says. */
    @Override
    public NetworkTaskModels synchronous() {
        if (!async) {
            return this;
        }
        return copy(online, false);
    }

    /**
     * The same models with the correction serving whenever a trained network exists, never held
     * back by the correction gate: what a backtest replays to score the network itself beside the
     * base and what was served.
     */
    @Override
    public NetworkTaskModels ungated() {
        NetworkTaskModels copy = copy(online, async);
        copy.gated = false;
        return copy;
    }

    private NetworkTaskModels copy(boolean online, boolean async) {
        NetworkTaskModels copy = new NetworkTaskModels(spec, seed, events, online, async, budget, lag, pool);
        copy.correctionProven = correctionProven;
        copy.gated = gated;
        return copy;
    }

    @Override
    public NetworkTaskModel create(TaskId task, KeyValueStore<String, byte[]> store) {
        return create(task, store, ModelPublisher.NONE);
    }

    @Override
    public NetworkTaskModel create(TaskId task, KeyValueStore<String, byte[]> store, ModelPublisher publisher) {
        ModelStore models = new ModelStore(store, publisher, spec.training.keepVersions);
        VersionedModel stored = models.servingOrPreviousGood("topology " + spec.name + " task " + task);
        MultiLayerNetwork serving;
        long version;
        if (stored != null) {
            serving = stored.network();
            version = stored.version();
            // The topology may have changed its network since this store was written (same
            // application id): serving the old one under the new name, or training it with the
            // new network's parameter layout, would go wrong without saying why.
            CheckpointCompatibility.check(
                    serving,
                    networkSpec,
                    "topology " + spec.name + " task " + task + ": model version " + version
                            + " in the model store (to start afresh, reset the application's state)");
            LOG.info("topology {} task {}: resuming model version {} from the model store", spec.name, task, version);
        } else if (seed != null) {
            serving = seed.network();
            version = Math.max(1, seed.version());
            models.saveServing(new VersionedModel(version, seed.checkpoint()));
            LOG.info("topology {} task {}: starting from the seed checkpoint, version {}", spec.name, task, version);
        } else {
            serving = NetworkFactory.build(networkSpec);
            version = 0;
            if (online) {
                // Kept (not published) so that an operator can return to the fallback: rollback to version 0.
                models.keepVersion(VersionedModel.of(0, serving, false));
            }
            LOG.info(
                    "topology {} task {}: no checkpoint; serving the seasonal-naive fallback until a trained model is promoted",
                    spec.name,
                    task);
        }
        TrainingEvents taskEvents = events.forTask(task.toString());
        taskEvents.modelVersion(version);
        OnlineLearner learner = !online
                ? null
                : async
                        ? new AsyncTrainer(
                                spec,
                                pool.lane(
                                        "topology " + spec.name + " task " + task + " trainer",
                                        taskEvents::trainingWaitedForThread),
                                serving,
                                version,
                                models,
                                taskEvents,
                                budget,
                                lag)
                        : new ReplayOnlineLearner(spec, serving, models, taskEvents);
        return new NetworkTaskModel(
                models,
                spec.modelName(),
                spec.inputFeatures(),
                spec.window,
                serving,
                version,
                learner,
                taskEvents,
                correctionProven && version > 0,
                gated);
    }
}
