package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.NetworkFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * The candidate is judged only on examples whose targets it never trained on: an example leaves
 * the shadow set for training only once its last target is no later than the origin of every
 * example still being judged, with several series interleaved, and across a restart.
 */
class ShadowGapTest {
    private static final int HORIZON = 3;
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final TopologySpec spec = spec();
    private final MultiLayerNetwork serving = NetworkFactory.build(NetworkSpecs.of(spec));

    private static TopologySpec spec(String... overrides) {
        return YamlConfig.parseTopology("""
                name: gap
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                model: { cell: lstm, hidden: 4, layers: 1 }
                training: { batchSize: 4, shadowWindow: 10, replayRecent: 1000, replayReservoir: 0, learningRate: 0.01 }
                """, List.of(overrides));
    }

    /** Examples of three series completing hour by hour, as the stream completes them. */
    private static List<Example> examples(int hours) {
        Random random = new Random(3);
        List<Example> all = new ArrayList<>();
        for (int hour = 0; hour < hours; hour++) {
            for (int series = 0; series < 3; series++) {
                all.add(completedAt(hour, random));
            }
        }
        return all;
    }

    /**
     * The same stream as {@link #examples}, but each origin's targets arriving in stages
     * ({@link TargetStages#doubling}: after 1, 2 and 3 hours), as the processor offers them with
     * {@code training.earlyTargets}.
     */
    private static List<Example> stagedExamples(int hours) {
        TargetStages stages = TargetStages.doubling(HORIZON);
        List<Example> complete = examples(hours + HORIZON);
        List<Example> all = new ArrayList<>();
        for (int hour = 0; hour < hours; hour++) {
            long now = (HORIZON + hour) * HOUR;
            for (int i = 0; i < stages.count(); i++) {
                int known = stages.end(i);
                for (Example whole : complete) {
                    if (whole.originMillis() == now - known * HOUR) {
                        all.add(new Example(
                                whole.window(),
                                whole.targets(),
                                stages.start(i),
                                known,
                                whole.originMillis(),
                                now - (known - stages.start(i)) * HOUR,
                                now));
                    }
                }
            }
        }
        return all;
    }

    /** One series' complete example of hour {@code hour}, its window random. */
    private static Example completedAt(int hour, Random random) {
        float[] x = new float[8];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) random.nextGaussian();
        }
        long completed = (HORIZON + hour) * HOUR;
        return new Example(x, new float[] {x[7], x[7], x[7]}, completed - HORIZON * HOUR, completed);
    }

    private static void assertApart(ReplayOnlineLearner learner) {
        // Every target of a shadow example lies after its targetsAfter (its origin when complete).
        long shadowTargetsAfter = learner.shadowExamples().stream()
                .mapToLong(Example::targetsAfterMillis)
                .min()
                .orElseThrow();
        for (Example trained : learner.recentlyTrainedOn()) {
            assertTrue(
                    trained.completedMillis() <= shadowTargetsAfter,
                    "trained on a target at " + trained.completedMillis() / HOUR + "h while judging targets after "
                            + shadowTargetsAfter / HOUR + "h");
        }
    }

    @Test
    void noTrainingTargetIsAShadowTarget() {
        ReplayOnlineLearner learner = new ReplayOnlineLearner(
                spec, serving, null, bytes -> {}, new TopologyMetrics("gap", "lstm").training());
        for (Example e : examples(40)) {
            learner.add(e);
            learner.step(serving, 1);
            assertApart(learner);
        }
        assertFalse(learner.recentlyTrainedOn().isEmpty(), "it trains at all");
        // Shadow set of 10 = the newest 3-4 hours of three series; without the gap the newest trained
        // example would be one hour older than the oldest shadow example, not a horizon of hours.
        long newestTrained = learner.recentlyTrainedOn().stream()
                .mapToLong(Example::completedMillis)
                .max()
                .orElseThrow();
        long oldestJudged = learner.shadowExamples().stream()
                .mapToLong(Example::originMillis)
                .min()
                .orElseThrow();
        assertTrue(
                oldestJudged - newestTrained < HORIZON * HOUR,
                "no wider gap than needed: examples are not held back for nothing");
    }

    @Test
    void stagedTargetsStayApartAndReachTrainingSooner() {
        ReplayOnlineLearner complete = new ReplayOnlineLearner(
                spec, serving, null, bytes -> {}, new TopologyMetrics("gap", "lstm").training());
        for (Example e : examples(40)) {
            complete.add(e);
            complete.step(serving, 1);
        }
        ReplayOnlineLearner staged = new ReplayOnlineLearner(
                spec, serving, null, bytes -> {}, new TopologyMetrics("gap", "lstm").training());
        for (Example e : stagedExamples(40)) {
            staged.add(e);
            staged.step(serving, 1);
            assertApart(staged);
        }
        assertTrue(
                staged.recentlyTrainedOn().stream().anyMatch(e -> !e.complete()), "early targets train on their own");
        long newestCompleteWindow = complete.recentlyTrainedOn().stream()
                .mapToLong(Example::originMillis)
                .max()
                .orElseThrow();
        long newestStagedWindow = staged.recentlyTrainedOn().stream()
                .mapToLong(Example::originMillis)
                .max()
                .orElseThrow();
        assertTrue(
                newestStagedWindow > newestCompleteWindow,
                "windows up to " + newestStagedWindow / HOUR + "h train, not only up to " + newestCompleteWindow / HOUR
                        + "h");
    }

    @Test
    void manySeriesWaitWithinTheLimitStillApartAndTheRestAreCounted() {
        TopologySpec many = spec("training.maxWaitingExamples=200");
        long[] thinned = new long[1];
        TrainingEvents events = new TrainingEvents() {
            @Override
            public void trainingExamplesThinned(int count) {
                thinned[0] += count;
            }
        };
        ReplayOnlineLearner learner = new ReplayOnlineLearner(many, serving, null, bytes -> {}, events);
        int most = 0;
        Random random = new Random(5);
        for (int hour = 0; hour < 30; hour++) {
            // 300 series: unbounded, about a horizon of them (900) would wait.
            for (int series = 0; series < 300; series++) {
                learner.add(completedAt(hour, random));
                most = Math.max(most, learner.waitingCount());
            }
            learner.step(serving, 1);
            assertApart(learner);
        }
        assertTrue(most <= 200, "waited: " + most);
        assertTrue(thinned[0] > 0, "left-out examples are counted");
        assertFalse(learner.recentlyTrainedOn().isEmpty(), "a sample still trains");
    }

    @Test
    void aLimitedStepTrainsAFewBatchesAndDropsTheOldestBeyondItsCapacity() {
        long[] updates = new long[1];
        long[] dropped = new long[1];
        TrainingEvents events = new TrainingEvents() {
            @Override
            public void trainingStep(double loss, double preClipGradNorm, boolean clipped) {
                updates[0]++;
            }

            @Override
            public void trainingExamplesDropped(int count) {
                dropped[0] += count;
            }
        };
        ReplayOnlineLearner learner = new ReplayOnlineLearner(spec, serving, null, bytes -> {}, events);
        learner.limitEachStep(2, 16);
        Random random = new Random(9);
        for (int hour = 0; hour < 20; hour++) {
            // 40 series: ten batches of 4 released an hour, more than two steps of two updates take.
            for (int series = 0; series < 40; series++) {
                learner.add(completedAt(hour, random));
            }
            long before = updates[0];
            learner.step(serving, 1);
            assertTrue(updates[0] - before <= 2, (updates[0] - before) + " updates in one step");
            assertApart(learner);
        }
        assertTrue(updates[0] > 0, "it trains");
        assertTrue(dropped[0] > 0, "what one step cannot take is dropped, oldest first, and counted");
    }

    @Test
    void aCheckpointCarriesAnEvenSampleOfManyWaitingExamples() {
        ReplayOnlineLearner learner = new ReplayOnlineLearner(spec, serving, null, bytes -> {}, TrainingEvents.NONE);
        Random random = new Random(11);
        for (int hour = 0; hour < 4; hour++) {
            // 1,500 series: a horizon of them (4,500) waits, more than a checkpoint carries.
            for (int series = 0; series < 1_500; series++) {
                learner.add(completedAt(hour, random));
            }
        }
        int waiting = learner.waitingCount();
        assertTrue(waiting > ReplayOnlineLearner.CHECKPOINTED_WAITING, "waiting: " + waiting);
        ReplayOnlineLearner resumed =
                new ReplayOnlineLearner(spec, serving, learner.state(), bytes -> {}, TrainingEvents.NONE);
        assertEquals(ReplayOnlineLearner.CHECKPOINTED_WAITING, resumed.waitingCount());
        // Even through the queue: the sample spans every hour that waited, not only the oldest.
        assertTrue(completionHours(learner.waitingExamples()).size() >= 3);
        assertEquals(completionHours(learner.waitingExamples()), completionHours(resumed.waitingExamples()));
    }

    private static Set<Long> completionHours(List<Example> examples) {
        return examples.stream().map(e -> e.completedMillis() / HOUR).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void examplesWaitingOutTheGapSurviveARestart() {
        List<byte[]> saved = new ArrayList<>();
        ReplayOnlineLearner first =
                new ReplayOnlineLearner(spec, serving, null, saved::add, new TopologyMetrics("gap", "lstm").training());
        List<Example> all = examples(30);
        for (Example e : all.subList(0, 50)) {
            first.add(e);
        }
        byte[] state = first.state();
        ReplayOnlineLearner resumed = new ReplayOnlineLearner(
                spec, serving, state, saved::add, new TopologyMetrics("gap", "lstm").training());
        for (Example e : all.subList(50, all.size())) {
            first.add(e);
            resumed.add(e);
            first.step(serving, 1);
            resumed.step(serving, 1);
            assertApart(resumed);
        }
        assertEquals(
                first.recentlyTrainedOn().size(),
                resumed.recentlyTrainedOn().size(),
                "the resumed learner trained on the same examples");
    }
}
