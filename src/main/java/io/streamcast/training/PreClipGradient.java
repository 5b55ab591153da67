package io.streamcast.training;

import io.streamcast.model.ClipMode;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads the gradient of a training step exactly as DL4J's updater is about to clip it.
 *
 * <p>Where DL4J 1.0.0-M2.1 clips: {@code BaseMultiLayerUpdater.update} first divides the
 * summed gradient by the minibatch size, then calls {@code preApply} per layer, which applies
 * the layer's {@code GradientNormalization}: {@code ClipL2PerLayer} rescales the layer's whole
 * gradient when its L2 norm exceeds the threshold, {@code ClipL2PerParamType} does the same per
 * parameter (W, RW, b...), {@code ClipElementWiseAbsoluteValue} clamps each element to
 * [-threshold, threshold]; the updater (Adam) and L2 regularization come after. This listener's
 * {@code onGradientCalculation} runs after backprop and before the updater, so it sees the
 * unclipped, undivided gradient; {@link #norm} and {@link #clipped} redo the division.
 */
final class PreClipGradient extends BaseTrainingListener {
    /** Sum of squares and max |g| of each variable, keyed like DL4J's gradient ("0_W", "1_b"...). */
    private final Map<String, double[]> variables = new HashMap<>();

    @Override
    public void onGradientCalculation(Model model) {
        variables.clear();
        Gradient gradient = model.gradient();
        for (Map.Entry<String, INDArray> e : gradient.gradientForVariable().entrySet()) {
            INDArray g = e.getValue();
            double norm = g.norm2Number().doubleValue();
            variables.put(e.getKey(), new double[] {norm * norm, g.amaxNumber().doubleValue()});
        }
    }

    /** Whether a gradient was captured since the last {@link #clear()}. */
    boolean captured() {
        return !variables.isEmpty();
    }

    void clear() {
        variables.clear();
    }

    /** L2 norm of the whole gradient as the updater sees it (divided by the minibatch size), before clipping. */
    double norm(int minibatch) {
        double sumSquares = 0;
        for (double[] v : variables.values()) {
            sumSquares += v[0];
        }
        return Math.sqrt(sumSquares) / minibatch;
    }

    /** Whether {@code mode} with {@code threshold} changes this gradient, by DL4J's own rule for that mode. */
    boolean clipped(ClipMode mode, double threshold, int minibatch) {
        return switch (mode) {
            case NONE -> false;
            case ELEMENT_WISE -> variables.values().stream().anyMatch(v -> v[1] / minibatch > threshold);
            case L2_PER_PARAM_TYPE ->
                variables.values().stream().anyMatch(v -> Math.sqrt(v[0]) / minibatch > threshold);
            case L2_PER_LAYER ->
                perLayerSumSquares().values().stream().anyMatch(s -> Math.sqrt(s) / minibatch > threshold);
        };
    }

    /** DL4J names a variable {@code <layer index>_<param>} and splits at the last '_' to find its layer. */
    private Map<String, Double> perLayerSumSquares() {
        Map<String, Double> layers = new HashMap<>();
        variables.forEach((key, v) -> layers.merge(key.substring(0, key.lastIndexOf('_')), v[0], Double::sum));
        return layers;
    }
}
