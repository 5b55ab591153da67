package io.streamcast.model;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The serving forward pass of a stack of {@link GruLayer}s and a linear output layer, as plain
 * loops over a copy of the weights. Why: the training graph runs about a dozen SameDiff ops per
 * time step, each with tens of microseconds of fixed cost, so one window costs as much as a
 * thousand (51 ms at batch 1 against PyTorch's 0.8 ms, `bench --model`); these loops cost a few
 * hundred nanoseconds per unit and step, whatever the batch. Same equations as {@link GruLayer}
 * (checked equal to the network's own output within 1e-5 in the tests); training keeps the
 * SameDiff graph, which is what the gradient check covers.
 *
 * <p>Immutable: built from the network's weights at one moment; build a new one after the
 * weights change (a promotion, a rollback).
 */
public final class FusedGruForward {
    private final int features;
    private final int window;
    private final int horizon;
    private final GruWeights[] layers;
    /** Output weights {@code [hidden][horizon]} row-major and biases. */
    private final float[] outWeights;

    private final float[] outBias;
    /** The inner loops: SIMD through the Vector API when the JVM has it, plain loops otherwise. */
    static final GruKernel KERNEL = GruKernel.best();

    private FusedGruForward(int features, int window, GruWeights[] layers, float[] outWeights, float[] outBias) {
        this.features = features;
        this.window = window;
        this.layers = layers;
        this.outWeights = outWeights;
        this.outBias = outBias;
        this.horizon = outBias.length;
    }

    /**
     * The fused forward pass of {@code network}, or null when its layers are not GRU layers under
     * a linear output layer (LSTM and RNN networks keep DL4J's own forward pass, and so does every
     * other architecture: a mixed stack, a {@link BidirectionalGruLayer}, attention).
     */
    public static FusedGruForward of(MultiLayerNetwork network, int features, int window) {
        int n = network.getnLayers();
        GruWeights[] layers = new GruWeights[n - 1];
        for (int i = 0; i < n - 1; i++) {
            Layer conf = network.getLayerWiseConfigurations().getConf(i).getLayer();
            if (!(conf instanceof GruLayer gru)
                    || (i < n - 2 && gru.lastTimeStepOnly())
                    || (i == n - 2 && !gru.lastTimeStepOnly())) {
                return null;
            }
            org.deeplearning4j.nn.api.Layer layer = network.getLayer(i);
            layers[i] = new GruWeights(
                    (int) gru.nIn(),
                    (int) gru.nOut(),
                    rowMajor(layer.getParam(GruLayer.INPUT_WEIGHTS)),
                    rowMajor(layer.getParam(GruLayer.RECURRENT_WEIGHTS)),
                    rowMajor(layer.getParam(GruLayer.BIAS)),
                    rowMajor(layer.getParam(GruLayer.CANDIDATE_RECURRENT_BIAS)));
        }
        Layer top = network.getLayerWiseConfigurations().getConf(n - 1).getLayer();
        if (n < 2
                || !(top instanceof OutputLayer)
                || !(((BaseLayer) top).getActivationFn() instanceof ActivationIdentity)
                || layers[0].nIn() != features) {
            return null;
        }
        org.deeplearning4j.nn.api.Layer out = network.getLayer(n - 1);
        return new FusedGruForward(features, window, layers, rowMajor(out.getParam("W")), rowMajor(out.getParam("b")));
    }

    private static float[] rowMajor(INDArray a) {
        return a.dup('c').reshape(a.length()).toFloatVector();
    }

    /**
     * Network outputs for {@code batch} windows laid out [batch][feature][time] in {@code inputs},
     * as {@code batch * horizon} values, example-major: what {@code network.output} returns.
     */
    public float[] output(float[] inputs, int batch) {
        float[] out = new float[batch * horizon];
        int exampleSize = features * window;
        int maxUnits = 0;
        for (GruWeights g : layers) {
            maxUnits = Math.max(maxUnits, Math.max(g.nIn(), g.nOut()));
        }
        float[] input = new float[window * maxUnits];
        float[] output = new float[window * maxUnits];
        float[] h = new float[maxUnits];
        float[] fromInput = new float[3 * maxUnits];
        float[] fromHidden = new float[3 * maxUnits];
        for (int e = 0; e < batch; e++) {
            // [feature][time] -> [time][feature]
            int base = e * exampleSize;
            for (int f = 0; f < features; f++) {
                for (int t = 0; t < window; t++) {
                    input[t * features + f] = inputs[base + f * window + t];
                }
            }
            float[] seq = input;
            float[] next = output;
            for (GruWeights g : layers) {
                KERNEL.run(g, window, seq, next, h, fromInput, fromHidden);
                float[] swap = seq;
                seq = next;
                next = swap;
            }
            // The top layer's last hidden state is in h.
            int units = layers[layers.length - 1].nOut();
            for (int o = 0; o < horizon; o++) {
                float acc = outBias[o];
                for (int k = 0; k < units; k++) {
                    acc += h[k] * outWeights[k * horizon + o];
                }
                out[e * horizon + o] = acc;
            }
        }
        return out;
    }
}
