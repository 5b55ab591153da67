package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Forecast;
import io.streamcast.metrics.MetricNames;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.VersionedModel;
import io.streamcast.series.RecentForecasts;
import io.streamcast.series.SeriesState;
import io.streamcast.topology.StoreNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Background training ({@code training.async: true}): forecasting goes on while the trainer
 * thread is inside a training step, its promotions reach the serving model and the model store
 * through the stream thread, and a restart resumes the version it reached. No timing thresholds:
 * the trainer is held and released with latches, and {@link AsyncTrainer#awaitIdle()} makes the
 * learning runs reach their promotions regardless of machine speed.
 */
class AsyncTrainingTest {
    private static final int SERIES = 5;
    /** Latch waits only guard against a hang; a correct run never comes near them. */
    private static final long GUARD_SECONDS = 120;

    @TempDir
    Path dirA;

    @TempDir
    Path dirB;

    /**
     * Training never waits for forecasting ({@code yieldBehindMs: 0}) unless a test asks: the records
     * here are stamped an hour's millisecond apart while the test's wall clock moves a second per
     * hour, so the processor looks ever further behind them.
     */
    private static TopologySpec spec(String... overrides) {
        return YamlConfig.parseTopology("""
                name: asynctrain
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                model: { cell: lstm, hidden: 6, layers: 1 }
                training: { async: true, batchSize: 8, shadowWindow: 10, replayRecent: 64, replayReservoir: 64, learningRate: 0.01, yieldBehindMs: 0 }
                batching: { maxBatch: 64 }
                """, List.of(overrides));
    }

    private static TopologyMetrics metrics(SimpleMeterRegistry registry) {
        TopologyMetrics metrics = new TopologyMetrics("asynctrain", "lstm");
        metrics.bindTo(registry);
        return metrics;
    }

    /** A seasonal series with a trend: learnable, so online learning promotes. */
    private static double value(int series, int hour, Random noise) {
        return 50 + 8 * Math.sin(2 * Math.PI * hour / 4.0 + series) + 0.3 * hour + noise.nextGaussian();
    }

    /** Sends hours {@code [from, to)} of every series; returns the forecasts emitted. */
    private static List<Forecast> stream(TopologyRun run, int from, int to) {
        Random noise = new Random(from);
        for (int h = from; h < to; h++) {
            for (int s = 0; s < SERIES; s++) {
                run.send("s" + s, h, value(s, h, noise));
            }
        }
        return run.flush();
    }

    /** Streams hour by hour, letting the trainer finish what it was handed before the next hour comes. */
    private static void learn(TopologyRun run, int from, int to) throws Exception {
        AsyncTrainer trainer = (AsyncTrainer) run.model.learner();
        for (int h = from; h < to; h++) {
            stream(run, h, h + 1);
            trainer.awaitIdle();
        }
    }

    /** Streams hours {@code [0, hours)} of {@code series} series, each hour flushed and, if {@code awaitEach}, trained out. */
    private static void streamMany(TopologyRun run, int series, int hours, boolean awaitEach) throws Exception {
        streamMany(run, series, 0, hours, awaitEach);
    }

    /** Streams hours {@code [from, to)} of {@code series} series, each hour flushed and, if {@code awaitEach}, trained out. */
    private static void streamMany(TopologyRun run, int series, int from, int to, boolean awaitEach) throws Exception {
        Random noise = new Random(series + from);
        for (int h = from; h < to; h++) {
            for (int s = 0; s < series; s++) {
                run.send("s" + s, h, value(s, h, noise));
            }
            run.flush();
            if (awaitEach) {
                ((AsyncTrainer) run.model.learner()).awaitIdle();
            }
        }
    }

    private static double updates(SimpleMeterRegistry registry) {
        return registry.get(MetricNames.TRAINING_UPDATES).functionCounter().count();
    }

    @Test
    void forecastsAreEmittedWhileATrainingStepIsInProgress() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = metrics(registry);
        TopologySpec spec = spec();
        AsyncTrainer trainer;
        try (TopologyRun run =
                new TopologyRun(spec, new NetworkTaskModels(spec, null, metrics.training()), metrics, dirA)) {
            trainer = (AsyncTrainer) run.model.learner();
            CountDownLatch stepStarted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean first = new AtomicBoolean(true);
            Set<String> stepThreads = ConcurrentHashMap.newKeySet();
            Set<Integer> stepNiceValues = ConcurrentHashMap.newKeySet();
            trainer.onStepStart(() -> {
                stepThreads.add(Thread.currentThread().getName());
                stepNiceValues.add(TrainerPriority.currentNice());
                if (first.getAndSet(false)) {
                    stepStarted.countDown();
                    try {
                        release.await(GUARD_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });

            // 20 hours complete 45 examples: a full shadow set (10) and several batches of 8.
            stream(run, 0, 20);
            assertTrue(stepStarted.await(GUARD_SECONDS, TimeUnit.SECONDS), "the trainer began a training step");
            assertEquals(0, updates(registry), "the step is held before its update");

            List<Forecast> whileTraining = stream(run, 20, 24);
            assertEquals(SERIES * 4, whileTraining.size(), "every origin of the new hours was forecast");
            assertEquals(0, updates(registry), "... while the training step was still in progress");

            release.countDown();
            trainer.awaitIdle();
            assertTrue(updates(registry) >= 1, "the held step then completed");
            assertTrue(
                    stepThreads.stream().allMatch(name -> name.startsWith("streamcast-train-asynctrain-")),
                    "training ran on the topology's trainer threads only: " + stepThreads);
            assertEquals(
                    Set.of(TrainerPriority.BACKGROUND_NICE),
                    stepNiceValues,
                    "... at the lowest scheduling priority, so the stream thread runs first");
        }
        assertTrue(trainer.stopped(), "closing the task stopped its trainer");
    }

    /**
     * The tasks of a topology with one trainer thread ({@code training.threads: 1}) take turns on it, each
     * to promotions of its own; closing one task (a rebalance moving it away) while the other's
     * step is in flight neither waits for that step nor stops it.
     */
    @Test
    void theTopologysTasksShareOneTrainerThreadAndCloseIndependently() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = metrics(registry);
        TopologySpec spec = spec("training.threads=1");
        NetworkTaskModels models = new NetworkTaskModels(spec, null, metrics.training());
        Set<String> stepThreads = ConcurrentHashMap.newKeySet();
        // When armed, the staying task's next step says it started and waits for the release.
        AtomicReference<CountDownLatch[]> hold = new AtomicReference<>();
        try (TopologyRun staying = new TopologyRun(spec, models, metrics, dirA)) {
            AsyncTrainer stays = (AsyncTrainer) staying.model.learner();
            stays.onStepStart(() -> {
                stepThreads.add(Thread.currentThread().getName());
                CountDownLatch[] latches = hold.getAndSet(null);
                if (latches != null) {
                    latches[0].countDown();
                    try {
                        latches[1].await(GUARD_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            AsyncTrainer leaves;
            CountDownLatch[] second = {new CountDownLatch(1), new CountDownLatch(1)};
            try (TopologyRun leaving = new TopologyRun(spec, models, metrics, dirB)) {
                leaves = (AsyncTrainer) leaving.model.learner();
                leaves.onStepStart(() -> stepThreads.add(Thread.currentThread().getName()));
                // Hour by hour to both tasks in turn, each trained out, until both have promoted.
                for (int h = 0; h < 70; h++) {
                    stream(staying, h, h + 1);
                    stream(leaving, h, h + 1);
                    stays.awaitIdle();
                    leaves.awaitIdle();
                }
                assertTrue(staying.model.version() >= 1, "the first task promoted: " + staying.model.version());
                assertTrue(leaving.model.version() >= 1, "the second task promoted: " + leaving.model.version());
                assertEquals(1, stepThreads.size(), "both trained on one thread: " + stepThreads);

                // While the staying task's step holds the only thread, the leaving task's turn waits, and says so.
                CountDownLatch[] first = {new CountDownLatch(1), new CountDownLatch(1)};
                hold.set(first);
                stream(staying, 70, 72);
                assertTrue(first[0].await(GUARD_SECONDS, TimeUnit.SECONDS), "the staying task began a step");
                double waitedBefore = threadWait(registry);
                stream(leaving, 70, 72);
                TimeUnit.MILLISECONDS.sleep(200);
                first[1].countDown();
                stays.awaitIdle();
                leaves.awaitIdle();
                assertTrue(
                        threadWait(registry) - waitedBefore >= 0.2,
                        "the leaving task's turn waited for the thread: " + (threadWait(registry) - waitedBefore)
                                + " s");

                // Hold the staying task's next step in flight, then close the leaving task.
                hold.set(second);
                stream(staying, 72, 76);
                assertTrue(second[0].await(GUARD_SECONDS, TimeUnit.SECONDS), "the staying task began a step");
                stream(leaving, 72, 76);
            }
            assertTrue(leaves.stopped(), "closing the task stopped its trainer, with the other's step in flight");
            double updatesBefore = updates(registry);
            second[1].countDown();
            stays.awaitIdle();
            assertTrue(updates(registry) > updatesBefore, "the staying task's held step then completed");
            long stepsBefore = stays.learner().steps();
            learn(staying, 76, 92);
            assertTrue(
                    stays.learner().steps() > stepsBefore, "the staying task goes on learning after the other closed");
        }
    }

    private static double threadWait(SimpleMeterRegistry registry) {
        return registry.get(MetricNames.TRAINING_THREAD_WAIT).functionCounter().count();
    }

    /**
     * However many series complete examples at once, a training step makes a few updates and is
     * charged against {@code training.cpuShare} before the next: one step used to train everything
     * released, and with thousands of series it ran for minutes and was never paused.
     */
    @Test
    void eachStepMakesAFewUpdatesAndIsPausedForTheBudgetHoweverManySeriesComplete() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = metrics(registry);
        TopologySpec spec = spec();
        // Half a core and no burst: every step's CPU time is paused off at once, whatever the machine's speed.
        TrainingBudget budget = new TrainingBudget(0.5, 0, System::nanoTime);
        try (TopologyRun run =
                new TopologyRun(spec, new NetworkTaskModels(spec, null, metrics.training(), budget), metrics, dirA)) {
            AsyncTrainer trainer = (AsyncTrainer) run.model.learner();
            AtomicInteger steps = new AtomicInteger();
            trainer.onStepStart(steps::incrementAndGet);
            // 40 series complete 40 examples an hour: five batches of 8 released at a time.
            streamMany(run, 40, 24, true);
            double updates = updates(registry);
            double paused =
                    registry.get(MetricNames.TRAINING_PAUSED).functionCounter().count();
            assertTrue(updates > AsyncTrainer.UPDATES_PER_STEP, "it trained: " + updates + " updates");
            assertTrue(
                    updates <= AsyncTrainer.UPDATES_PER_STEP * steps.get(),
                    updates + " updates in " + steps.get() + " steps");
            assertTrue(paused > 0, "paused " + paused + " s for " + updates + " updates at half a core");
        }
    }

    /**
     * While the forecasting processor reports that it has fallen behind its input by more than
     * {@code training.yieldBehindMs}, the trainer waits instead of training; once the reports stop
     * holding it (here: its clock moves past the hold), it trains what waited. The records below are
     * stamped an hour's millisecond apart while the test's wall clock moves a second per hour, so
     * the processor falls ever further behind them; the trainers' clock stands still until released,
     * so no timing decides the outcome.
     */
    @Test
    void theTrainerWaitsWhileForecastingIsBehindItsInput() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = metrics(registry);
        TopologySpec spec = spec("training.yieldBehindMs=100");
        AtomicLong clock = new AtomicLong();
        ForecastingLag lag = new ForecastingLag(spec.training.yieldBehindMs, clock::get);
        NetworkTaskModels models = new NetworkTaskModels(spec, null, metrics.training(), TrainingBudget.of(1.0), lag);
        try (TopologyRun run = new TopologyRun(spec, models, metrics, dirA)) {
            AsyncTrainer trainer = (AsyncTrainer) run.model.learner();
            AtomicInteger steps = new AtomicInteger();
            trainer.onStepStart(steps::incrementAndGet);
            streamMany(run, 40, 24, false);
            assertTrue(lag.waitNanos() > 0, "the processor reported that it fell behind");
            long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
            while (yielded(registry) == 0 && System.nanoTime() < guard) {
                Thread.sleep(10);
            }
            assertTrue(yielded(registry) > 0, "the trainer waited");
            assertEquals(0, steps.get(), "and trained nothing while forecasting was behind");
            // Streaming on while it waits: once its inbox is full the stream builds only a few of the examples.
            streamMany(run, 40, 24, 48, false);
            assertEquals(
                    ExampleAdmission.MIN_SHARE, trainer.admissionShare(), "examples built while the trainer waits");
            assertTrue(dropped(registry) > 0, "the examples never built are counted as dropped");

            clock.addAndGet(ForecastingLag.HOLD_NANOS + 1);
            trainer.awaitIdle();
            assertTrue(steps.get() > 0, "released, it trained what waited");
            assertTrue(updates(registry) > 0);
        }
    }

    private static double dropped(SimpleMeterRegistry registry) {
        return registry.get(MetricNames.TRAINING_EXAMPLES_DROPPED)
                .functionCounter()
                .count();
    }

    private static double yielded(SimpleMeterRegistry registry) {
        return registry.get(MetricNames.TRAINING_YIELDED).functionCounter().count();
    }

    /**
     * A step is charged the CPU it used, not the time it waited: trainers run at the lowest
     * priority and wait whenever the stream threads work, and charging that wait (once wall time)
     * ran the budget minutes ahead while a backlog drained, so they then slept through live data.
     * Here each step also waits 0.4 s without using the CPU, as a preempted one does.
     */
    @Test
    void aStepIsChargedTheCpuItUsedNotTheTimeItWaited() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = metrics(registry);
        TopologySpec spec = spec("training.cpuShare=0.5");
        long waitMillis = 400;
        try (TopologyRun run =
                new TopologyRun(spec, new NetworkTaskModels(spec, null, metrics.training()), metrics, dirA)) {
            AsyncTrainer trainer = (AsyncTrainer) run.model.learner();
            AtomicInteger steps = new AtomicInteger();
            trainer.onStepStart(() -> {
                steps.incrementAndGet();
                try {
                    Thread.sleep(waitMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // Each hour trained out before the next: two steps an hour once horizons complete.
            streamMany(run, 40, 24, true);
            double paused =
                    registry.get(MetricNames.TRAINING_PAUSED).functionCounter().count();
            // Charged by wall time, the waits alone would buy (1 / 0.5 - 1) x their length in pauses,
            // less the budget's one-second burst.
            double forWaits = steps.get() * waitMillis / 1000.0 - 1;
            assertTrue(steps.get() >= 6, "steps: " + steps.get());
            assertTrue(paused < forWaits / 2, "paused " + paused + " s after " + steps.get() + " steps of waiting");
        }
    }

    @Test
    void promotionsMadeByTheTrainerReachTheServingModelAndTheModelStore() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = metrics(registry);
        TopologySpec spec = spec();
        try (TopologyRun run =
                new TopologyRun(spec, new NetworkTaskModels(spec, null, metrics.training()), metrics, dirA)) {
            learn(run, 0, 70);

            List<Long> versions = run.forecasts.stream().map(Forecast::version).toList();
            for (int i = 1; i < versions.size(); i++) {
                assertTrue(versions.get(i) >= versions.get(i - 1), "versions never go back: " + versions);
            }
            long last = versions.get(versions.size() - 1);
            assertTrue(last >= 1, "forecasts name a promoted version, got " + last);
            Set<Long> named = new TreeSet<>(versions);
            named.remove(0L);
            assertTrue(
                    registry.get(MetricNames.MODEL_PROMOTIONS).functionCounter().count() >= named.size());

            ModelStore store = new ModelStore(run.driver.getKeyValueStore(StoreNames.MODEL));
            assertEquals(run.model.version(), store.serving().version(), "the serving version is persisted");
            assertEquals(
                    run.model.serving().params(),
                    store.serving().network().params(),
                    "... with the weights that serve");
            for (long v : named) {
                assertNotNull(store.version(v), "version " + v + " is kept for rollback");
            }
            assertNotNull(store.learnerState(), "the learner's checkpoint is persisted");
            System.err.printf(
                    "async: versions named in forecasts %s, serving %d, learner steps %d%n",
                    named,
                    run.model.version(),
                    ((AsyncTrainer) run.model.learner()).learner().steps());
        }
    }

    @Test
    void aRestartedTaskResumesTheVersionTheTrainerReached() throws Exception {
        TopologySpec spec = spec();
        Map<String, byte[]> models;
        Map<String, SeriesState> series;
        Map<String, RecentForecasts> remembered;
        long version;
        float[] outputs;
        SimpleMeterRegistry registryA = new SimpleMeterRegistry();
        TopologyMetrics metricsA = metrics(registryA);
        try (TopologyRun a =
                new TopologyRun(spec, new NetworkTaskModels(spec, null, metricsA.training()), metricsA, dirA)) {
            learn(a, 0, 70);
            models = TopologyRun.copy(a.driver.<String, byte[]>getKeyValueStore(StoreNames.MODEL));
            series = TopologyRun.copy(a.driver.<String, SeriesState>getKeyValueStore(StoreNames.SERIES));
            remembered = TopologyRun.copy(a.driver.<String, RecentForecasts>getKeyValueStore(StoreNames.REMEMBERED));
            version = a.model.version();
            outputs = a.model.predict(TopologyRun.probeInputs(), 12);
        }
        assertTrue(version >= 1, "the trainer promoted before the restart, version " + version);

        SimpleMeterRegistry registryB = new SimpleMeterRegistry();
        TopologyMetrics metricsB = metrics(registryB);
        TaskModelFactory restoring = (task, store, publisher) -> {
            models.forEach(store::put);
            return new NetworkTaskModels(spec, null, metricsB.training()).create(task, store);
        };
        try (TopologyRun b = new TopologyRun(spec, restoring, metricsB, dirB)) {
            KeyValueStore<String, SeriesState> states = b.driver.getKeyValueStore(StoreNames.SERIES);
            series.forEach(states::put);
            // A restarted task restores every store: the forecasts awaiting actuals too.
            remembered.forEach(b.driver.<String, RecentForecasts>getKeyValueStore(StoreNames.REMEMBERED)::put);
            assertEquals(version, b.model.version(), "same serving version after the restart");
            assertArrayEquals(
                    outputs, b.model.predict(TopologyRun.probeInputs(), 12), "same serving weights after the restart");
            AsyncTrainer trainer = (AsyncTrainer) b.model.learner();
            trainer.awaitIdle();
            assertTrue(trainer.learner().steps() > 0, "the learner resumed from its checkpoint, not from scratch");

            List<Forecast> first = stream(b, 70, 71);
            assertEquals(SERIES, first.size());
            first.forEach(
                    f -> assertEquals(version, f.version(), "the first forecasts come from the restored version"));
            learn(b, 71, 90);
            long lastVersion = b.forecasts.get(b.forecasts.size() - 1).version();
            assertTrue(lastVersion >= version, "versions continue from " + version + ", got " + lastVersion);
        }
    }

    /**
     * A rollback while the trainer holds a finished promotion the stream thread has not picked up
     * yet: that promotion was trained from the weights rolled back from, so it must never serve.
     */
    @Test
    void aRollbackDiscardsWhatTheTrainerMadeFromTheOldWeights() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = metrics(registry);
        TopologySpec spec = spec();
        VersionedModel seed = VersionedModel.of(1, NetworkFactory.build(NetworkSpecs.of(spec)), false);
        NetworkTaskModel model = new NetworkTaskModels(spec, seed, metrics.training())
                .create(new TaskId(0, 0), InMemoryStores.keyValueStore());
        AsyncTrainer trainer = (AsyncTrainer) model.learner();
        INDArray seedParams = model.serving().params().dup();
        try {
            int round = 0;
            while (model.version() == 1) {
                assertTrue(round < 60, "the trainer promoted and the stream thread picked it up");
                PromotionGuardTest.feed(model::onExample, 8, round++);
                model.afterFlush();
                trainer.awaitIdle();
            }
            boolean waiting = false;
            while (!waiting) {
                assertTrue(round < 120, "the trainer promoted again");
                PromotionGuardTest.feed(model::onExample, 8, round++);
                model.afterFlush();
                trainer.awaitIdle();
                // The step just taken promoted (shadow MAEs as the guard compared them): its weights wait in the
                // hand-over.
                double candidate = registry.get(MetricNames.SHADOW_ERROR)
                        .tag("role", "candidate")
                        .gauge()
                        .value();
                double serving = registry.get(MetricNames.SHADOW_ERROR)
                        .tag("role", "serving")
                        .gauge()
                        .value();
                waiting = candidate < serving * (1 - spec.training.promotionMargin);
            }
            long promoted = model.version();

            model.rollback(1);
            trainer.awaitIdle();
            model.afterFlush();
            assertEquals(1, model.version(), "the promotion trained before the rollback was dropped");
            assertEquals(seedParams, model.serving().params(), "version 1's weights serve");

            model.resume(); // a rollback pins version 1 until an operator resumes promotion
            while (model.version() == 1) {
                assertTrue(round < 200, "the trainer learns again from the rolled-back weights");
                PromotionGuardTest.feed(model::onExample, 8, round++);
                model.afterFlush();
                trainer.awaitIdle();
            }
            assertTrue(
                    model.version() > promoted,
                    "a new number after the rollback (highest before: " + promoted + "), got " + model.version());
        } finally {
            model.close();
        }
    }
}
