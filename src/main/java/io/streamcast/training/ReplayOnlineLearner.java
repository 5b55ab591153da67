package io.streamcast.training;

import io.streamcast.config.TopologySpec;
import io.streamcast.model.ClipMode;
import io.streamcast.model.ModelCheckpoint;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.NetworkSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online fine-tuning with a replay buffer and guarded promotion. Runs in the stream thread at the
 * flush safe point (synchronous, so backtests are deterministic), or inside {@link AsyncTrainer}
 * in the task's turns on the topology's trainer threads; either way one thread at a time. It never writes the weights of
 * the network it is given as {@code serving}: it trains its own copy, the candidate.
 *
 * <p>Example flow: each example (complete, or one stage of an origin's early targets, see
 * {@link TargetStages}) first joins the shadow set (the latest {@code shadowWindow} examples, held
 * out from training so candidate and serving model are judged on data neither has learned from);
 * the example leaving the shadow set waits until its last target is no later than every target of
 * the examples still in the shadow set, then becomes a new training example. Without that gap of a horizon, the candidate would train on the very values
 * the shadow examples ask it to forecast (neighbouring origins share H-1 targets) and its shadow
 * score would flatter it. Every {@code batchSize} new examples, one clipped minibatch step runs on those examples
 * plus as many sampled from the replay buffer (recent ring and reservoir).
 *
 * <p>Guard: a step whose loss or weights are not finite, or whose candidate loss on the batch
 * exceeds {@code explodeFactor} times the serving model's, is discarded and the candidate reset
 * from the serving weights. Otherwise, once the shadow set is full, the candidate is promoted
 * when its shadow MAE (over known targets) beats the serving model's by {@code promotionMargin}. While the serving
 * network is untrained (version 0, the processor serves seasonal naive) the comparison is against
 * an output of zero, which is seasonal naive in normalized units.
 *
 * <p>State (candidate weights and Adam moments, replay buffer, shadow set, counters) goes to the
 * model store at every promotion and every {@value #CHECKPOINT_EVERY_STEPS} steps; a restart
 * resumes from the last one and loses at most the examples since.
 */
public final class ReplayOnlineLearner implements OnlineLearner {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayOnlineLearner.class);
    /** Steps between learner checkpoints: each one writes the replay buffer to the changelog. */
    static final int CHECKPOINT_EVERY_STEPS = 10;
    /**
     * Examples waiting out the gap that a checkpoint carries at most, an even sample of them: with
     * thousands of series a horizon of every series waits (up to {@code training.maxWaitingExamples},
     * about 5 MB at 17,500 examples of window 48), and the whole set in every checkpoint, every ten
     * updates, would write megabytes to the model store's changelog each time. A restart then resumes
     * with a sample of what waited; the replay buffer and the shadow set are carried whole.
     */
    static final int CHECKPOINTED_WAITING = 2048;
    /** Below this serving loss (normalized MSE) the explosion test compares against this floor instead: a near-perfect batch must not make ordinary losses look exploded. */
    private static final double EXPLODE_LOSS_FLOOR = 0.01;

    private static final int STATE_FORMAT = 3;
    /** Before examples carried their known-target range (complete examples only); still read. */
    private static final int STATE_FORMAT_WITHOUT_STAGES = 2;
    /** Before examples carried timestamps (no waiting list); still read. */
    private static final int STATE_FORMAT_WITHOUT_TIMES = 1;

    private final TopologySpec.Training config;
    /** Input channels per window step (the error and the covariates'): {@link Example#toDataSet}'s width. */
    private final int inputFeatures;
    /** Floats of one example's window: a stored example of another size was made for other covariates. */
    private final int exampleSize;

    private final int shadowWindow;
    private final ClipMode clipMode;
    private final double clipThreshold;
    private final long seed;
    private final TrainingEvents events;
    /** The autoregressive and seq2seq decoders' mix of truth and own predictions; direct: the batch as is. */
    private final FeedBackSampler sampler;
    /** Where checkpoints go: the model store (synchronous), or the hand-over to the stream thread ({@link AsyncTrainer}). */
    private final Consumer<byte[]> checkpoints;

    private final PreClipGradient probe = new PreClipGradient();

    private MultiLayerNetwork candidate;

    private ReplayBuffer replay;
    private ExampleRing shadow;
    /** Examples out of the shadow set whose targets still overlap the shadow examples' targets. */
    private GapQueue waiting;

    private List<Example> fresh = new ArrayList<>();
    /** Minibatch updates one {@link #step} call makes at most; unlimited unless {@link #limitEachStep}. */
    private int updatesPerStep = Integer.MAX_VALUE;
    /** New examples kept for training at most, the oldest dropped beyond; unlimited unless {@link #limitEachStep}. */
    private int freshCapacity = Integer.MAX_VALUE;

    private long steps;
    private long checkpointedAt;
    /** An operator pinned the serving version: train and score, never promote. Not in the checkpoint: the model store's pin is. */
    private boolean promotionsHeld;

    /**
     * A learner whose candidate starts from the serving weights, or from {@code store}'s learner
     * checkpoint when it holds a compatible one.
     */
    public ReplayOnlineLearner(TopologySpec spec, MultiLayerNetwork serving, ModelStore store, TrainingEvents events) {
        this(spec, serving, store.learnerState(), store::saveLearnerState, events);
    }

    /**
     * A learner that resumes from {@code saved} (a {@link #state()}; null for none) and hands its
     * checkpoints to {@code checkpoints} instead of writing a store itself.
     */
    ReplayOnlineLearner(
            TopologySpec spec,
            MultiLayerNetwork serving,
            byte[] saved,
            Consumer<byte[]> checkpoints,
            TrainingEvents events) {
        this.config = spec.training;
        this.inputFeatures = spec.inputFeatures();
        this.exampleSize = inputFeatures * spec.window;
        // The default counts origins: an origin's targets come as one example per stage, so the
        // set holds that many examples per origin. A configured size counts examples as written.
        this.shadowWindow = spec.training.shadowWindow > 0
                ? spec.training.shadowWindow
                : spec.shadowWindowValue() * TargetStages.of(spec).count();
        this.clipMode = spec.clipModeValue();
        this.clipThreshold = spec.training.clip.threshold;
        this.seed = spec.model.seed;
        this.events = Objects.requireNonNull(events, "events (TrainingEvents.NONE when nothing watches)");
        this.sampler = FeedBackSampler.of(spec, new Random(spec.model.seed * 53 + 11), events);
        this.checkpoints = checkpoints;
        this.waiting = new GapQueue(spec.training.maxWaitingExamples, spec.model.seed * 71 + 5);
        NetworkSpec networkSpec = NetworkSpecs.of(spec);
        if (saved == null || !restore(saved, serving.numParams())) {
            candidate = NetworkFactory.build(networkSpec);
            candidate.setParams(serving.params().dup());
            replay = new ReplayBuffer(config.replayRecent, config.replayReservoir, seed);
            shadow = new ExampleRing(shadowWindow);
        }
        candidate.setListeners(probe);
    }

    @Override
    public void add(Example example) {
        Example leaving = shadow.add(example);
        if (leaving != null) {
            thinned(waiting.add(leaving));
        }
        releaseClearOfShadow();
    }

    /** Moves waiting examples whose targets all precede every target of the shadow set into training. */
    private void releaseClearOfShadow() {
        long shadowTargetsAfter = shadow.earliestTargetsAfter();
        while (!waiting.isEmpty()) {
            long completed = waiting.peekFirst().completedMillis();
            boolean clear = completed == Example.UNKNOWN_TIME
                    || shadowTargetsAfter == Example.UNKNOWN_TIME
                    || completed <= shadowTargetsAfter;
            if (!clear) {
                break;
            }
            fresh.add(waiting.pollFirst());
        }
        if (fresh.size() > freshCapacity) {
            int dropped = fresh.size() - freshCapacity;
            fresh.subList(0, dropped).clear();
            events.trainingExamplesDropped(dropped);
        }
    }

    /**
     * Makes each {@link #step} call at most {@code updates} minibatch updates and keeps at most
     * {@code capacity} new examples, dropping the oldest beyond (counted as dropped). For the
     * background trainer, which charges each call against {@code training.cpuShare}: unlimited, one
     * call trained everything released at once, and with thousands of series a time step releases
     * thousands of examples (a bench of 10,000 series: one call of hundreds of updates, running
     * through the whole drain, so the budget was never charged and never paused anything).
     * Synchronous training (backtests) keeps the unlimited default: it trains at the flush safe
     * point on what the few series of a backtest completed.
     */
    void limitEachStep(int updates, int capacity) {
        if (updates < 1 || capacity < config.batchSize) {
            throw new IllegalArgumentException(
                    "updates must be >= 1 and capacity >= the batch size, got " + updates + ", " + capacity);
        }
        this.updatesPerStep = updates;
        this.freshCapacity = capacity;
    }

    private void thinned(int examples) {
        if (examples > 0) {
            events.trainingExamplesThinned(examples);
        }
    }

    /** Whether enough new examples wait for {@link #step} to train. */
    boolean batchReady() {
        return fresh.size() >= config.batchSize;
    }

    @Override
    public Promotion step(MultiLayerNetwork serving, long servingVersion) {
        if (!batchReady()) {
            return null;
        }
        boolean healthy = true;
        for (int updates = 0; healthy && fresh.size() >= config.batchSize && updates < updatesPerStep; updates++) {
            List<Example> batch = new ArrayList<>(fresh.subList(0, config.batchSize));
            fresh.subList(0, config.batchSize).clear();
            healthy = trainOn(batch, serving, servingVersion);
        }
        Promotion promotion = healthy ? promoteIfBetter(serving, servingVersion) : null;
        if (promotion != null || steps - checkpointedAt >= CHECKPOINT_EVERY_STEPS) {
            checkpoints.accept(state());
            checkpointedAt = steps;
        }
        return promotion;
    }

    /** One clipped minibatch step on the new examples plus a replay sample; false when the candidate was discarded. */
    private boolean trainOn(List<Example> newExamples, MultiLayerNetwork serving, long servingVersion) {
        List<Example> examples = new ArrayList<>(newExamples);
        examples.addAll(replay.sample(config.batchSize, new Random(seed * 31 + steps)));
        newExamples.forEach(replay::add);
        DataSet batch = Example.toDataSet(examples, inputFeatures);
        int n = examples.size();
        probe.clear();
        // Unknown targets (an origin's early stages) keep their mask: the decoders feed their own
        // prediction there and leave the step out of the loss.
        candidate.fit(sampler.online(batch));
        steps++;
        double trainLoss = candidate.score();
        double preClipNorm = probe.captured() ? probe.norm(n) : Double.NaN;
        events.trainingStep(trainLoss, preClipNorm, probe.captured() && probe.clipped(clipMode, clipThreshold, n));

        if (!Double.isFinite(trainLoss) || !finite(candidate.params())) {
            discard("NAN_LOSS", serving);
            return false;
        }
        double candidateLoss = mse(candidate.output(batch.getFeatures(), false), batch);
        double servingLoss = mse(servingOutput(serving, servingVersion, batch), batch);
        if (!Double.isFinite(candidateLoss)) {
            discard("NAN_LOSS", serving);
            return false;
        }
        if (candidateLoss > config.explodeFactor * Math.max(servingLoss, EXPLODE_LOSS_FLOOR)) {
            discard("EXPLODED", serving);
            return false;
        }
        return true;
    }

    private Promotion promoteIfBetter(MultiLayerNetwork serving, long servingVersion) {
        if (!shadow.isFull() || shadow.size() == 0) {
            return null;
        }
        DataSet held = Example.toDataSet(shadow.toList(), inputFeatures);
        double candidateMae = mae(candidate.output(held.getFeatures(), false), held);
        double servingMae = mae(servingOutput(serving, servingVersion, held), held);
        events.shadowError(candidateMae, servingMae);
        if (promotionsHeld) {
            return null;
        }
        if (Double.isFinite(candidateMae) && candidateMae < servingMae * (1 - config.promotionMargin)) {
            LOG.debug(
                    "candidate shadow MAE {} beats serving {} (version {})", candidateMae, servingMae, servingVersion);
            return new Promotion(candidate.params().dup(), servingVersion + 1);
        }
        return null;
    }

    /** What the serving side forecasts in normalized units: zero (seasonal naive) while no trained network serves. */
    private static INDArray servingOutput(MultiLayerNetwork serving, long servingVersion, DataSet examples) {
        return servingVersion == 0
                ? examples.getLabels().like().assign(0)
                : serving.output(examples.getFeatures(), false);
    }

    private void discard(String reason, MultiLayerNetwork serving) {
        LOG.warn("discarding the online candidate ({}); resetting it from the serving model", reason);
        events.discard(reason);
        resetCandidate(serving);
    }

    @Override
    public void reset(MultiLayerNetwork serving, long servingVersion) {
        resetCandidate(serving);
    }

    @Override
    public void holdPromotions(boolean held) {
        promotionsHeld = held;
    }

    private void resetCandidate(MultiLayerNetwork serving) {
        candidate.setParams(serving.params().dup());
        clearUpdaterState();
    }

    private void clearUpdaterState() {
        // Moments built up by a diverging run would push the fresh copy the same way.
        INDArray updaterState = candidate.getUpdater().getStateViewArray();
        if (updaterState != null) {
            updaterState.assign(0);
        }
    }

    /** Steps taken since this learner's state began (survives restarts). */
    public long steps() {
        return steps;
    }

    MultiLayerNetwork candidate() {
        return candidate;
    }

    /** The examples the candidate is judged on, oldest first. */
    List<Example> shadowExamples() {
        return shadow.toList();
    }

    /** Examples waiting out the gap to the shadow set. */
    int waitingCount() {
        return waiting.size();
    }

    /** The examples waiting out the gap, oldest first. */
    List<Example> waitingExamples() {
        return waiting.toList();
    }

    /** The examples the candidate trained on lately (the replay buffer's recent part), oldest first. */
    List<Example> recentlyTrainedOn() {
        return replay.recent();
    }

    private static boolean finite(INDArray params) {
        // Any NaN makes the sum NaN, any infinity makes it infinite or NaN.
        return Double.isFinite(params.sumNumber().doubleValue());
    }

    /** Mean squared error over the known targets of {@code examples} (each known target weighs the same). */
    static double mse(INDArray predicted, DataSet examples) {
        INDArray d = predicted.sub(examples.getLabels());
        return maskedMean(d.muli(d), examples.getLabelsMaskArray());
    }

    /** Mean absolute error over the known targets of {@code examples}. */
    static double mae(INDArray predicted, DataSet examples) {
        return maskedMean(Transforms.abs(predicted.sub(examples.getLabels()), false), examples.getLabelsMaskArray());
    }

    private static double maskedMean(INDArray errors, INDArray mask) {
        if (mask == null) {
            return errors.meanNumber().doubleValue();
        }
        return errors.muli(mask).sumNumber().doubleValue() / mask.sumNumber().doubleValue();
    }

    /** The learner's checkpoint: counters, candidate with updater state, replay buffer, shadow set, pending new examples, those waiting out the gap. */
    byte[] state() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(STATE_FORMAT);
            out.writeLong(steps);
            byte[] network = ModelCheckpoint.toBytes(candidate, true);
            out.writeInt(network.length);
            out.write(network);
            replay.write(out);
            shadow.write(out);
            ExampleRing.writeAll(fresh, out);
            ExampleRing.writeAll(waiting.evenSample(CHECKPOINTED_WAITING), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Restores {@link #state()}; false (and a warning) when it is unreadable or made for another network shape. */
    private boolean restore(byte[] saved, long expectedParams) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
            int format = in.readInt();
            ExampleRing.Layout layout = switch (format) {
                case STATE_FORMAT -> ExampleRing.Layout.STAGED;
                case STATE_FORMAT_WITHOUT_STAGES -> ExampleRing.Layout.TIMED;
                case STATE_FORMAT_WITHOUT_TIMES -> ExampleRing.Layout.PLAIN;
                default -> throw new IOException("unknown learner state format " + format);
            };
            long savedSteps = in.readLong();
            byte[] network = new byte[in.readInt()];
            in.readFully(network);
            MultiLayerNetwork net = ModelCheckpoint.fromBytes(network);
            if (net.numParams() != expectedParams) {
                throw new IOException(
                        "learner state has " + net.numParams() + " parameters, the serving network " + expectedParams);
            }
            ReplayBuffer savedReplay = ReplayBuffer.read(in);
            ExampleRing savedShadow = ExampleRing.read(in, layout);
            List<Example> savedFresh = ExampleRing.readAll(in, layout);
            List<Example> savedWaiting =
                    layout == ExampleRing.Layout.PLAIN ? List.of() : ExampleRing.readAll(in, layout);
            requireWindowSize(savedReplay.recent());
            requireWindowSize(savedReplay.reservoir());
            requireWindowSize(savedShadow.toList());
            requireWindowSize(savedFresh);
            requireWindowSize(savedWaiting);
            candidate = net;
            replay = savedReplay;
            fresh = new ArrayList<>(savedFresh);
            thinned(waiting.addAll(savedWaiting));
            shadow = savedShadow.capacity() == shadowWindow ? savedShadow : resized(savedShadow, shadowWindow);
            steps = savedSteps;
            checkpointedAt = savedSteps;
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "ignoring the stored learner state ({}); the candidate starts from the serving model",
                    e.toString());
            return false;
        }
    }

    /** Examples are windows of every input channel: one of another size was made for other covariates. */
    private void requireWindowSize(List<Example> examples) throws IOException {
        for (Example e : examples) {
            if (e.window().length != exampleSize) {
                throw new IOException("learner state holds windows of " + e.window().length
                        + " values, this topology's have " + exampleSize + " (its covariates changed)");
            }
        }
    }

    private ExampleRing resized(ExampleRing old, int capacity) {
        ExampleRing ring = new ExampleRing(capacity);
        for (Example e : old.toList()) {
            Example leaving = ring.add(e);
            if (leaving != null) {
                thinned(waiting.add(leaving));
            }
        }
        return ring;
    }

    @Override
    public void close() {
        // Nothing to release: the candidate is garbage collected with the task.
    }
}
