package io.streamcast.training;

import io.streamcast.config.TopologySpec;
import io.streamcast.model.ModelCheckpoint;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online learning in the background, so forecasting never waits behind {@code fit}: each task's
 * trainer runs the same {@link ReplayOnlineLearner} the synchronous mode runs at the flush safe
 * point, in its own {@link TrainerLane} on the topology's {@link TrainerPool} (the tasks taking
 * turns on its threads, one per core by default).
 *
 * <p>Who owns what, and why:
 * <ul>
 * <li><b>Stream thread</b> (calls every public method): the serving network, because inference
 * runs there and DL4J networks are not thread-safe; the model store, because Kafka Streams state
 * stores may only be written from their task's thread; the examples of the current batch
 * ({@code staged}).</li>
 * <li><b>Trainer</b> (the lane's items, one at a time, on whichever pool thread runs them; the
 * lane's lock orders one item's writes before the next item's reads): the learner (candidate
 * network, Adam state, replay buffer, shadow set) and {@code servingCopy}, its own copy of the serving weights for shadow scoring and for
 * resetting a discarded candidate. It is refreshed by each promotion the trainer makes and by a
 * rollback, so it always holds what the stream thread serves or is about to serve.</li>
 * <li><b>Shared</b>, only through the two hand-over points: {@code inbox}, a bounded queue of
 * examples (stream → trainer), and {@code outbox}, the latest finished work (trainer → stream):
 * promoted weights with their serialized checkpoint, and the learner's serialized state.</li>
 * </ul>
 *
 * <p>At the flush safe point ({@link #step}) the stream thread hands the batch's examples over
 * (no peeking, as in the synchronous mode: the trainer only sees examples whose forecasts are out),
 * then takes whatever the trainer finished, writes the prepared bytes to the model store and
 * returns the promotion for {@link NetworkTaskModel} to {@code setParams} into the serving network.
 * A promotion the trainer finishes lands at the next safe point after it.
 *
 * <p>Back-pressure: when the trainer falls behind, the stream thread builds only about as many
 * examples as it takes ({@link ExampleAdmission}) and the inbox drops its oldest when it fills all
 * the same (both counted in {@code streamcast.training.examples.dropped}, warned once in the log);
 * the stream never waits.
 * Results depend on thread timing, which is why backtests use the synchronous mode.
 */
final class AsyncTrainer implements OnlineLearner {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncTrainer.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean THREAD_CPU = cpuTimeAvailable();
    /** Inbox capacity in training batches: several steps of slack before examples are dropped. */
    static final int INBOX_BATCHES = 16;
    /**
     * Minibatch updates per training step, each step then charged against the budget (and the
     * candidate judged on the shadow set): a few, so the pauses that keep training within
     * {@code training.cpuShare} come every second or so whatever the series count.
     */
    static final int UPDATES_PER_STEP = 4;
    /** How long {@link #close} lets an in-flight step finish before interrupting it. */
    private static final long CLOSE_WAIT_MILLIS = 2000;

    /**
     * What the trainer finished since the stream thread last looked.
     *
     * @param epoch           the rollback epoch it was trained in; stale after a rollback
     * @param params          promoted weights, or null
     * @param checkpoint      the promoted network serialized (without updater), or null
     * @param learnerState    the learner's latest checkpoint, or null
     */
    private record Handover(long epoch, INDArray params, byte[] checkpoint, byte[] learnerState) {
        /** This followed by {@code newer}: the newest promotion and the newest learner state win. */
        Handover then(Handover newer) {
            if (newer.epoch != epoch) {
                return newer;
            }
            boolean promoted = newer.params != null;
            return new Handover(
                    epoch,
                    promoted ? newer.params : params,
                    promoted ? newer.checkpoint : checkpoint,
                    newer.learnerState != null ? newer.learnerState : learnerState);
        }
    }

    private final TrainerLane lane;
    private final BlockingQueue<Example> inbox;
    private final AtomicBoolean stepQueued = new AtomicBoolean();
    private final AtomicReference<Handover> outbox = new AtomicReference<>();
    /** Test hook: runs on the trainer's thread when a training step begins. */
    private volatile Runnable onStepStart = () -> {};

    // Stream thread only.
    private final ModelStore store;
    private final TrainingEvents events;
    private final List<Example> staged = new ArrayList<>();
    private final ExampleAdmission admission = new ExampleAdmission();
    private long epoch;
    private boolean warnedDropping;

    // Trainer only (built on the stream thread before the lane sees them; the pool's hand-off
    // makes them visible to the trainer's thread).
    private final ReplayOnlineLearner learner;
    private final TrainingBudget budget;
    /** Read by the trainer, reported to by the stream thread. */
    private final ForecastingLag lag;

    private final MultiLayerNetwork servingCopy;
    private long servingCopyVersion;
    private long trainerEpoch;
    private byte[] learnerCheckpoint;

    /**
     * The trainer of one task, training in {@code lane}; call on the task's stream thread (it reads
     * the model store and copies the serving network).
     */
    AsyncTrainer(
            TopologySpec spec,
            TrainerLane lane,
            MultiLayerNetwork serving,
            long servingVersion,
            ModelStore store,
            TrainingEvents events,
            TrainingBudget budget,
            ForecastingLag lag) {
        this.lane = lane;
        this.budget = budget;
        this.lag = lag;
        this.store = store;
        this.events = Objects.requireNonNull(events, "events (TrainingEvents.NONE when nothing watches)");
        this.servingCopy = serving.clone();
        this.servingCopyVersion = servingVersion;
        this.learner = new ReplayOnlineLearner(
                spec, servingCopy, store.learnerState(), state -> learnerCheckpoint = state, events);
        learner.limitEachStep(UPDATES_PER_STEP, INBOX_BATCHES * spec.training.batchSize);
        this.inbox = new ArrayBlockingQueue<>(INBOX_BATCHES * spec.training.batchSize);
    }

    // ---- stream thread

    @Override
    public void add(Example example) {
        staged.add(example);
    }

    /** Whether the trainer has room for the next example: about as many are built as it takes ({@link ExampleAdmission}). */
    @Override
    public boolean admitsExample() {
        return admission.admit();
    }

    /** Forecasting is {@code behindMs} behind this task's input: the topology's trainers wait while it is too far. */
    @Override
    public void forecastingBehind(long behindMs) {
        lag.report(behindMs);
    }

    @Override
    public Promotion step(MultiLayerNetwork serving, long servingVersion) {
        handOver();
        Handover done = outbox.getAndSet(null);
        if (done == null || done.epoch != epoch) {
            return null;
        }
        if (done.learnerState != null) {
            store.saveLearnerState(done.learnerState);
        }
        return done.params == null ? null : new Promotion(done.params, servingVersion + 1, done.checkpoint);
    }

    private void handOver() {
        int freeBefore = inbox.remainingCapacity();
        int dropped = 0;
        for (Example e : staged) {
            while (!inbox.offer(e)) {
                if (inbox.poll() != null) {
                    dropped++;
                }
            }
        }
        int skipped = admission.handedOver(freeBefore, inbox.remainingCapacity());
        boolean handed = !staged.isEmpty();
        staged.clear();
        if (dropped + skipped > 0) {
            events.trainingExamplesDropped(dropped + skipped);
            if (!warnedDropping) {
                warnedDropping = true;
                LOG.warn(
                        "{}: training is slower than the stream; examples it has no room for are not built, or"
                                + " dropped oldest first (counted in streamcast.training.examples.dropped, not logged"
                                + " again)",
                        lane.name());
            }
        }
        // One queued step at a time: it drains everything waiting when it starts.
        if (handed && stepQueued.compareAndSet(false, true)) {
            submit(this::trainOnInbox);
        }
    }

    /** After a rollback: anything trained from the old weights is stale; the trainer restarts from the weights now serving. */
    @Override
    public void reset(MultiLayerNetwork serving, long servingVersion) {
        long newEpoch = ++epoch;
        outbox.set(null);
        INDArray params = serving.params().dup();
        submit(() -> {
            trainerEpoch = newEpoch;
            servingCopy.setParams(params);
            servingCopyVersion = servingVersion;
            learner.reset(servingCopy, servingVersion);
        });
    }

    /** Handed to the trainer in order with everything else, so no step after a rollback's reset promotes while held. */
    @Override
    public void holdPromotions(boolean held) {
        submit(() -> learner.holdPromotions(held));
    }

    /**
     * Stops this task's trainer, not the other tasks': drops what waits in its lane, waits up to
     * {@value #CLOSE_WAIT_MILLIS} ms for a step in flight, then interrupts it. Whatever it had not
     * handed over is dropped whole, never half applied: the serving network and the store only
     * change on the stream thread, in {@link #step}. A restart resumes from the last checkpoint the
     * stream thread wrote.
     */
    @Override
    public void close() {
        inbox.clear();
        try {
            if (!lane.close(CLOSE_WAIT_MILLIS)) {
                LOG.info("{}: training step still running after {} ms; interrupted it", lane.name(), CLOSE_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outbox.set(null);
    }

    // ---- trainer (the lane's items)

    private void trainOnInbox() {
        stepQueued.set(false);
        List<Example> examples = new ArrayList<>(inbox.size());
        inbox.drainTo(examples);
        examples.forEach(learner::add);
        if (!learner.batchReady()) {
            return;
        }
        waitWhileForecastingBehind();
        long started = busyClock();
        onStepStart.run();
        learnerCheckpoint = null;
        Promotion promotion = learner.step(servingCopy, servingCopyVersion);
        byte[] checkpoint = null;
        if (promotion != null) {
            // From now on the candidate is judged against the weights the stream thread is about to serve.
            servingCopy.setParams(promotion.params());
            servingCopyVersion = promotion.version();
            checkpoint = ModelCheckpoint.toBytes(servingCopy, false);
        }
        if (promotion != null || learnerCheckpoint != null) {
            Handover done = new Handover(
                    trainerEpoch, promotion == null ? null : promotion.params(), checkpoint, learnerCheckpoint);
            outbox.accumulateAndGet(done, (waiting, newer) -> waiting == null ? newer : waiting.then(newer));
        }
        pauseWithinBudget(busyClock() - started);
        // More than one step's worth was released: go on after the pause, with whatever arrived meanwhile.
        if (learner.batchReady() && stepQueued.compareAndSet(false, true)) {
            submit(this::trainOnInbox);
        }
    }

    private static boolean cpuTimeAvailable() {
        try {
            if (THREADS.isCurrentThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
                THREADS.setThreadCpuTimeEnabled(true);
            }
            return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
        } catch (UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /**
     * What a step is charged by: the trainer thread's CPU time where the JVM measures it, wall time
     * otherwise. Not wall time where it can be helped: a trainer runs at the lowest priority and is
     * preempted whenever the stream threads have work, so a step of 0.2 CPU seconds could take 2
     * seconds while a backlog drained, and charging those 2 ran the shared budget minutes ahead
     * (a 10,000-series bench at cpuShare 0.25: the trainers slept through the whole live phase
     * after the drain). ND4J's OpenMP workers, which a large op may add, are not counted.
     */
    private static long busyClock() {
        return THREAD_CPU ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /**
     * Waits while the topology's forecasting is behind its input ({@link ForecastingLag}); examples
     * arriving meanwhile wait in the inbox, the oldest dropped when it fills, as when training is slow.
     */
    private void waitWhileForecastingBehind() {
        long wait;
        while ((wait = lag.waitNanos()) > 0 && !Thread.currentThread().isInterrupted()) {
            long started = System.nanoTime();
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                // close() interrupts: stop waiting and let the lane wind down.
                Thread.currentThread().interrupt();
            }
            events.trainingYielded((System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * Sleeps off what the step cost beyond the topology's training budget; the result is already
     * handed over. The sleep holds a pool thread, so the other tasks' turns wait as well: the budget
     * is the topology's, all tasks together.
     */
    private void pauseWithinBudget(long busyNanos) {
        long pause = budget.charge(busyNanos);
        if (pause <= 0) {
            return;
        }
        events.trainingPaused(pause / 1e9);
        try {
            TimeUnit.NANOSECONDS.sleep(pause);
        } catch (InterruptedException e) {
            // close() interrupts: stop pausing and let the lane wind down.
            Thread.currentThread().interrupt();
        }
    }

    private void submit(Runnable work) {
        lane.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                if (lane.isClosed()) {
                    LOG.debug("{}: training step ended by close: {}", lane.name(), e.toString());
                    return;
                }
                // The candidate may be half updated: start it again from the weights being served.
                LOG.error("{}: training step failed; resetting the candidate from the serving weights", lane.name(), e);
                events.discard("TRAINER_ERROR");
                learner.reset(servingCopy, servingCopyVersion);
            }
        });
    }

    // ---- tests

    /** Runs {@code hook} on the trainer's thread at the start of every training step (tests block it there). */
    void onStepStart(Runnable hook) {
        this.onStepStart = hook;
    }

    /**
     * Waits until everything handed over so far has been trained on: a step that left a batch for
     * later has queued the next one in the lane before it ended. Call on the stream thread.
     */
    void awaitIdle() throws InterruptedException {
        lane.awaitIdle();
    }

    /** The share of training examples the stream thread builds now ({@link ExampleAdmission}); stream thread only. */
    double admissionShare() {
        return admission.share();
    }

    /** The learner; read it only after {@link #awaitIdle()}, which orders the trainer's writes before the caller's reads. */
    ReplayOnlineLearner learner() {
        return learner;
    }

    /** True once {@link #close()} has stopped the trainer's work. */
    boolean stopped() {
        return lane.isTerminated();
    }
}
