package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.metrics.MetricNames;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.Cell;
import io.streamcast.model.ClipMode;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.NetworkSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Every update is clipped as configured. With plain SGD at learning rate 1 and no L2 penalty the
 * change of the weights is exactly the clipped gradient, so the bound can be read off the weights.
 */
class ClippingTest {
    private static final double THRESHOLD = 0.01;

    private static NetworkSpec spec(Cell cell, ClipMode mode) {
        return new NetworkSpec(cell, 4, 2, 2, 8, 3, 0.01, mode, THRESHOLD, 0.0, 42);
    }

    /** A batch whose targets are far from an untrained network's output: a gradient well above the threshold. */
    private static DataSet wildBatch() {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.FLOAT, 6, 2, 8);
        INDArray y = Nd4j.randn(DataType.FLOAT, 6, 3).muli(5).addi(10);
        return new DataSet(x, y);
    }

    /** Weight change of one step per variable ("0_W", "1_b"...), and the pre-clip gradient norm the learner's probe saw. */
    private record Step(Map<String, INDArray> change, double probedNorm, boolean probedClipped) {}

    private static Step oneStep(Cell cell, ClipMode mode) {
        MultiLayerNetwork net = NetworkFactory.build(spec(cell, mode), DataType.FLOAT, new Sgd(1.0));
        PreClipGradient probe = new PreClipGradient();
        net.setListeners(probe);
        Map<String, INDArray> before = new HashMap<>();
        net.paramTable().forEach((k, v) -> before.put(k, v.dup()));
        DataSet batch = wildBatch();
        net.fit(batch);
        Map<String, INDArray> change = new HashMap<>();
        net.paramTable().forEach((k, v) -> change.put(k, before.get(k).sub(v)));
        int n = batch.numExamples();
        return new Step(change, probe.norm(n), probe.clipped(mode, THRESHOLD, n));
    }

    private static double norm(Iterable<INDArray> arrays) {
        double s = 0;
        for (INDArray a : arrays) {
            double n = a.norm2Number().doubleValue();
            s += n * n;
        }
        return Math.sqrt(s);
    }

    private static Map<String, List<INDArray>> byLayer(Map<String, INDArray> change) {
        Map<String, List<INDArray>> layers = new HashMap<>();
        change.forEach(
                (k, v) -> layers.computeIfAbsent(k.substring(0, k.lastIndexOf('_')), l -> new java.util.ArrayList<>())
                        .add(v));
        return layers;
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void withoutClippingTheUpdateIsTheWholeGradientAndTheProbeMeasuresIt(Cell cell) {
        Step step = oneStep(cell, ClipMode.NONE);
        double applied = norm(step.change().values());
        assertTrue(applied > 10 * THRESHOLD, "the test gradient must exceed the threshold, was " + applied);
        assertEquals(applied, step.probedNorm(), 1e-3 * applied, "probe reads the gradient the updater applies");
        assertTrue(!step.probedClipped());
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void l2PerLayerBoundsEachLayersUpdate(Cell cell) {
        Step step = oneStep(cell, ClipMode.L2_PER_LAYER);
        assertTrue(step.probedNorm() > THRESHOLD && step.probedClipped());
        Map<String, List<INDArray>> layers = byLayer(step.change());
        assertEquals(3, layers.size(), "two recurrent layers and the output layer");
        layers.forEach((layer, changes) -> assertTrue(
                norm(changes) <= THRESHOLD * (1 + 1e-4), "layer " + layer + " update norm " + norm(changes)));
        // Clipping rescales, it does not zero: every layer still moves by the full threshold here.
        layers.forEach((layer, changes) -> assertEquals(THRESHOLD, norm(changes), THRESHOLD * 1e-3, "layer " + layer));
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void l2PerParamTypeBoundsEachParametersUpdate(Cell cell) {
        Step step = oneStep(cell, ClipMode.L2_PER_PARAM_TYPE);
        assertTrue(step.probedNorm() > THRESHOLD && step.probedClipped());
        step.change()
                .forEach((param, change) -> assertTrue(
                        change.norm2Number().doubleValue() <= THRESHOLD * (1 + 1e-4),
                        "param " + param + " update norm " + change.norm2Number()));
        assertTrue(
                norm(step.change().values()) > THRESHOLD,
                "the whole update may exceed the threshold: only each parameter is bounded");
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void elementWiseBoundsEveryElement(Cell cell) {
        Step step = oneStep(cell, ClipMode.ELEMENT_WISE);
        assertTrue(step.probedClipped());
        step.change()
                .forEach((param, change) -> assertTrue(
                        change.amaxNumber().doubleValue() <= THRESHOLD * (1 + 1e-4),
                        "param " + param + " max |update| " + change.amaxNumber()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"l2PerLayer", "l2PerParamType", "elementWise"})
    void theLearnerReportsThePreClipNormAndCountsTheClippedStep(String mode) {
        TopologySpec spec = YamlConfig.parseTopology(
                """
                name: clip
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                model: { cell: gru, hidden: 4, layers: 1 }
                training: { batchSize: 4, shadowWindow: 1, replayRecent: 8, replayReservoir: 8 }
                """, List.of("training.clip.mode=" + mode, "training.clip.threshold=" + THRESHOLD));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologyMetrics metrics = new TopologyMetrics("clip", "gru");
        metrics.bindTo(registry);
        MultiLayerNetwork serving = NetworkFactory.build(NetworkSpecs.of(spec));
        ReplayOnlineLearner learner =
                new ReplayOnlineLearner(spec, serving, InMemoryStores.modelStore(), metrics.training());
        Random random = new Random(1);
        for (int i = 0; i < 5; i++) {
            float[] x = new float[io.streamcast.model.WindowEncoder.FEATURES * 8];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) random.nextGaussian();
            }
            learner.add(new Example(x, new float[] {15, -15, 15}));
        }
        learner.step(serving, 1);

        DistributionSummary norms =
                registry.get(MetricNames.TRAINING_GRADIENT_NORM).summary();
        assertEquals(1, norms.count(), "one step, one pre-clip norm");
        assertTrue(norms.max() > THRESHOLD, "pre-clip norm recorded, not the clipped one: " + norms.max());
        assertEquals(
                1.0,
                registry.get(MetricNames.TRAINING_CLIPPED).functionCounter().count());
        assertEquals(
                1.0, registry.get(MetricNames.TRAINING_CLIPPED_RATIO).gauge().value());
    }
}
