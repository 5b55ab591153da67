package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.WindowEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A target an example does not know yet takes no part in training or judging: whatever its
 * placeholder holds, the trained weights and the errors are the same.
 */
class MaskedTargetsTest {

    private static TopologySpec spec(String cell) {
        return YamlConfig.parseTopology("""
                name: masked
                step: PT1H
                period: 4
                window: 6
                horizon: 3
                model: { cell: %s, hidden: 5, layers: 1 }
                training: { learningRate: 0.01 }
                """.formatted(cell), List.of());
    }

    /** Eight examples, half of them knowing only their first target; unknown ones hold {@code placeholder}. */
    private static List<Example> examples(float placeholder) {
        Random random = new Random(11);
        List<Example> list = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            float[] window = new float[WindowEncoder.FEATURES * 6];
            for (int k = 0; k < window.length; k++) {
                window[k] = (float) random.nextGaussian();
            }
            float[] targets = {(float) random.nextGaussian(), (float) random.nextGaussian(), 0.5f};
            if (i % 2 == 0) {
                targets[1] = placeholder;
                targets[2] = placeholder;
                list.add(new Example(window, targets, 0, 1, 0, 0, 1));
            } else {
                list.add(new Example(window, targets));
            }
        }
        return list;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "lstm"})
    void unknownTargetsDoNotMoveTheWeights(String cell) {
        TopologySpec spec = spec(cell);
        MultiLayerNetwork zeros = NetworkFactory.build(NetworkSpecs.of(spec));
        MultiLayerNetwork garbage = NetworkFactory.build(NetworkSpecs.of(spec));
        MultiLayerNetwork unmasked = NetworkFactory.build(NetworkSpecs.of(spec));
        DataSet withGarbage = Example.toDataSet(examples(1000f), WindowEncoder.FEATURES);
        for (int i = 0; i < 5; i++) {
            zeros.fit(Example.toDataSet(examples(0f), WindowEncoder.FEATURES));
            garbage.fit(withGarbage);
            unmasked.fit(new DataSet(withGarbage.getFeatures(), withGarbage.getLabels()));
        }
        assertEquals(zeros.params(), garbage.params(), "placeholders are masked out of the gradient");
        assertNotEquals(zeros.params(), unmasked.params(), "the check can fail: unmasked, the garbage trains");
    }

    @Test
    void errorsCountOnlyKnownTargets() {
        DataSet examples = Example.toDataSet(examples(1000f), WindowEncoder.FEATURES);
        // Predicting every known target exactly: a masked error of zero whatever the placeholders hold.
        double mae = ReplayOnlineLearner.mae(examples.getLabels().dup(), examples);
        assertEquals(0.0, mae, 1e-9);
        double maeOffByOne = ReplayOnlineLearner.mae(examples.getLabels().add(1), examples);
        assertEquals(1.0, maeOffByOne, 1e-6, "each known target weighs the same");
        double mse = ReplayOnlineLearner.mse(examples.getLabels().add(2), examples);
        assertEquals(4.0, mse, 1e-6);
    }

    @Test
    void completeExamplesNeedNoMask() {
        List<Example> complete =
                List.of(new Example(new float[6], new float[3]), new Example(new float[6], new float[3]));
        assertNull(Example.toDataSet(complete, WindowEncoder.FEATURES).getLabelsMaskArray());
    }
}
