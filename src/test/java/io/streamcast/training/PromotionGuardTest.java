package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.metrics.MetricNames;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.NetworkFactory;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The learner's guard: only a better candidate is promoted, a broken one is thrown away, serving is never touched. */
class PromotionGuardTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TopologyMetrics metrics = new TopologyMetrics("guard", "lstm");
    private TopologySpec spec;
    private MultiLayerNetwork serving;
    private INDArray servingParams;
    private ModelStore store;

    @BeforeEach
    void setUp() {
        metrics.bindTo(registry);
        spec = YamlConfig.parseTopology("""
                name: guard
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                model: { cell: lstm, hidden: 6, layers: 1 }
                training: { batchSize: 8, shadowWindow: 16, replayRecent: 32, replayReservoir: 32, learningRate: 0.01 }
                """, List.of());
        serving = NetworkFactory.build(NetworkSpecs.of(spec));
        servingParams = serving.params().dup();
        store = InMemoryStores.modelStore();
    }

    /** A learnable rule: the targets are a fixed function of the last input value. */
    static void feed(OnlineLearner learner, int n, long seed) {
        feed((java.util.function.Consumer<Example>) learner::add, n, seed);
    }

    static void feed(java.util.function.Consumer<Example> sink, int n, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            float[] x = new float[io.streamcast.model.WindowEncoder.FEATURES * 8];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) random.nextGaussian();
            }
            float last = x[7];
            sink.accept(new Example(x, new float[] {0.8f * last + 0.5f, 0.6f * last + 0.5f, 0.4f * last + 0.5f}));
        }
    }

    private double discards(String reason) {
        var counter =
                registry.find(MetricNames.MODEL_DISCARDS).tag("reason", reason).functionCounter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aCandidateThatLearnsTheRuleIsPromotedWithTheNextVersion() {
        ReplayOnlineLearner learner =
                new ReplayOnlineLearner(spec, serving, store, metrics.training().forTask("0_0"));
        OnlineLearner.Promotion promotion = null;
        for (int round = 0; round < 40 && promotion == null; round++) {
            feed(learner, 8, round);
            promotion = learner.step(serving, 3);
        }
        assertNotNull(promotion, "a candidate that learned the rule beats the untrained serving weights");
        assertEquals(4, promotion.version());
        assertEquals(servingParams, serving.params(), "the learner never writes the serving weights");
        double candidateMae = registry.get(MetricNames.SHADOW_ERROR)
                .tag("role", "candidate")
                .gauge()
                .value();
        double servingMae = registry.get(MetricNames.SHADOW_ERROR)
                .tag("role", "serving")
                .gauge()
                .value();
        assertTrue(candidateMae < servingMae * (1 - spec.training.promotionMargin), candidateMae + " vs " + servingMae);
        assertNotNull(store.learnerState(), "the learner checkpoints at a promotion");
    }

    @Test
    void nothingIsPromotedBeforeTheShadowSetIsFull() {
        ReplayOnlineLearner learner =
                new ReplayOnlineLearner(spec, serving, store, metrics.training().forTask("0_0"));
        feed(learner, 16 + 7, 1);
        assertNull(learner.step(serving, 1), "the first 16 examples are the shadow set; 7 new ones are not a batch");
        assertEquals(0, learner.steps());
    }

    @Test
    void aCandidateWithNaNWeightsIsDiscardedAndResetFromServing() {
        ReplayOnlineLearner learner =
                new ReplayOnlineLearner(spec, serving, store, metrics.training().forTask("0_0"));
        learner.candidate().params().assign(Double.NaN);
        feed(learner, 16 + 8, 2);
        assertNull(learner.step(serving, 1));
        assertEquals(1, discards("NAN_LOSS"));
        assertEquals(servingParams, serving.params(), "serving untouched");
        assertEquals(servingParams, learner.candidate().params(), "candidate reset from serving");
    }

    @Test
    void aCandidateWhoseLossExplodesIsDiscarded() {
        ReplayOnlineLearner learner =
                new ReplayOnlineLearner(spec, serving, store, metrics.training().forTask("0_0"));
        // Huge but finite weights: the output layer's answers are far off, clipped step or not.
        learner.candidate().params().muli(1e4);
        feed(learner, 16 + 8, 3);
        assertNull(learner.step(serving, 1));
        assertEquals(1, discards("EXPLODED"));
        assertEquals(servingParams, serving.params());
        assertEquals(servingParams, learner.candidate().params());
    }

    @Test
    void atVersionZeroTheCandidateMustBeatSeasonalNaiveThatIsAnOutputOfZero() {
        ReplayOnlineLearner learner =
                new ReplayOnlineLearner(spec, serving, store, metrics.training().forTask("0_0"));
        feed(learner, 16 + 8, 4);
        learner.step(serving, 0);
        double servingMae = registry.get(MetricNames.SHADOW_ERROR)
                .tag("role", "serving")
                .gauge()
                .value();
        // Targets are 0.8x+0.5 etc. with x standard normal: the mean |target| is what an output of zero scores.
        assertTrue(servingMae > 0.4 && servingMae < 0.9, "serving side scored as zero output: " + servingMae);
    }
}
