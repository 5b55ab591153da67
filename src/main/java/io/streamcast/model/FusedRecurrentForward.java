package io.streamcast.model;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The serving forward pass of a stack of {@link GruLayer}s and DL4J {@code LSTM} layers (mixed
 * stacks too) under a linear output layer, as plain loops over a copy of the weights, in float on
 * the JVM's SIMD lanes. Why: DL4J's LSTM layer cost 8.8 ms per call at batch 1 (ND4J's per-op
 * overhead, `bench --model`) and the GRU's SameDiff graph 51 ms (against PyTorch's 0.8), until
 * {@link GruRuntimeLayer} and {@link LstmRuntimeLayer} replaced both with loops in double for
 * training. These loops cost a few
 * hundred nanoseconds per unit and step, whatever the batch. Same equations as the layers (checked
 * equal to the network's own output within 1e-5 in the tests); training keeps the layers' own
 * runtimes, which is what the gradient check covers.
 *
 * <p>Immutable: built from the network's weights at one moment; build a new one after the
 * weights change (a promotion, a rollback).
 */
public final class FusedRecurrentForward {
    /** The GRU's inner loops: SIMD through the Vector API when the JVM has it, plain loops otherwise. */
    static final GruKernel GRU_KERNEL = GruKernel.best();
    /** The LSTM's, chosen alike. */
    static final LstmKernel LSTM_KERNEL = LstmKernel.best();

    private final int features;
    private final int window;
    private final int horizon;
    private final FusedLayer[] layers;
    /** Output weights {@code [hidden][horizon]} row-major and biases. */
    private final float[] outWeights;

    private final float[] outBias;
    /** The widest layer's inputs or units: what the per-call scratch is sized by. */
    private final int maxUnits;

    private FusedRecurrentForward(int features, int window, FusedLayer[] layers, float[] outWeights, float[] outBias) {
        this.features = features;
        this.window = window;
        this.layers = layers;
        this.outWeights = outWeights;
        this.outBias = outBias;
        this.horizon = outBias.length;
        int widest = 0;
        for (FusedLayer g : layers) {
            widest = Math.max(widest, Math.max(g.nIn(), g.nOut()));
        }
        this.maxUnits = widest;
    }

    /**
     * The fused forward pass of {@code network}, or null when it is not a one-direction stack of GRU
     * and LSTM layers whose top one hands on its last step to a linear output layer (the RNN cell,
     * a {@link BidirectionalGruLayer} or DL4J {@code Bidirectional}, attention and the decoders keep
     * DL4J's own forward pass).
     */
    public static FusedRecurrentForward of(MultiLayerNetwork network, int features, int window) {
        int n = network.getnLayers();
        if (n < 2) {
            return null;
        }
        FusedLayer[] layers = new FusedLayer[n - 1];
        for (int i = 0; i < n - 1; i++) {
            layers[i] =
                    fused(network.getLayerWiseConfigurations().getConf(i).getLayer(), network.getLayer(i), i == n - 2);
            if (layers[i] == null || network.getLayerWiseConfigurations().getInputPreProcess(i + 1) != null) {
                return null;
            }
        }
        Layer top = network.getLayerWiseConfigurations().getConf(n - 1).getLayer();
        if (!(top instanceof OutputLayer)
                || !(((BaseLayer) top).getActivationFn() instanceof ActivationIdentity)
                || layers[0].nIn() != features) {
            return null;
        }
        org.deeplearning4j.nn.api.Layer out = network.getLayer(n - 1);
        return new FusedRecurrentForward(
                features, window, layers, rowMajor(out.getParam("W")), rowMajor(out.getParam("b")));
    }

    /** The layer's weights, or null when this is not a layer the loops compute (or not in this place of the stack). */
    private static FusedLayer fused(Layer conf, org.deeplearning4j.nn.api.Layer layer, boolean top) {
        if (conf instanceof GruLayer gru) {
            if (gru.lastTimeStepOnly() != top) {
                return null;
            }
            return new GruWeights(
                    (int) gru.nIn(),
                    (int) gru.nOut(),
                    rowMajor(layer.getParam(GruLayer.INPUT_WEIGHTS)),
                    rowMajor(layer.getParam(GruLayer.RECURRENT_WEIGHTS)),
                    rowMajor(layer.getParam(GruLayer.BIAS)),
                    rowMajor(layer.getParam(GruLayer.CANDIDATE_RECURRENT_BIAS)));
        }
        Layer recurrent = conf;
        if (conf instanceof LastTimeStep last) {
            if (!top) {
                return null;
            }
            recurrent = last.getUnderlying();
        } else if (top) {
            return null;
        }
        if (!(recurrent instanceof LSTM lstm)
                || !(lstm.getActivationFn() instanceof ActivationTanH)
                || !(lstm.getGateActivationFn() instanceof ActivationSigmoid)) {
            return null;
        }
        return new LstmWeights(
                (int) lstm.getNIn(),
                (int) lstm.getNOut(),
                rowMajor(layer.getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY)),
                rowMajor(layer.getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY)),
                rowMajor(layer.getParam(LSTMParamInitializer.BIAS_KEY)));
    }

    private static float[] rowMajor(INDArray a) {
        return a.dup('c').reshape(a.length()).toFloatVector();
    }

    /**
     * Network outputs for {@code batch} windows laid out [batch][feature][time] in {@code inputs},
     * as {@code batch * horizon} values, example-major: what {@code network.output} returns.
     */
    public float[] output(float[] inputs, int batch) {
        return output(inputs, batch, null, null);
    }

    /**
     * Floats one series' carried state takes ({@link #output(float[], int, int[], float[])}): every
     * layer's hidden state, and an LSTM layer's cell state after it.
     */
    public int stateSize() {
        int size = 0;
        for (FusedLayer g : layers) {
            size += stateSize(g);
        }
        return size;
    }

    private static int stateSize(FusedLayer g) {
        return g instanceof LstmWeights ? 2 * g.nOut() : g.nOut();
    }

    /**
     * As {@link #output(float[], int)}, resuming carried states: example {@code e} runs only the
     * newest {@code steps[e]} steps of its window, from the state in {@code states} at {@code e *
     * stateSize()}, and leaves there its state after the window's last step ({@code steps[e] ==
     * window}: the whole window from zeros, exactly what {@link #output(float[], int)} computes).
     * So a series whose state is carried from its previous forecast advances one step per
     * observation instead of re-running its window. {@code steps} and {@code states} null: every
     * example runs its whole window and no state is kept.
     */
    public float[] output(float[] inputs, int batch, int[] steps, float[] states) {
        float[] out = new float[batch * horizon];
        int exampleSize = features * window;
        int stateSize = states == null ? 0 : stateSize();
        float[] input = new float[window * maxUnits];
        float[] output = new float[window * maxUnits];
        float[] h = new float[maxUnits];
        float[] cell = new float[maxUnits];
        float[] scratchA = new float[4 * maxUnits];
        float[] scratchB = new float[4 * maxUnits];
        for (int e = 0; e < batch; e++) {
            int run = steps == null ? window : steps[e];
            if (run < 1 || run > window) {
                throw new IllegalArgumentException("steps to run must be 1.." + window + ", got " + run);
            }
            boolean resume = run < window;
            if (resume && states == null) {
                throw new IllegalArgumentException(
                        "example " + e + " resumes a carried state, but no states were given");
            }
            int first = window - run;
            // [feature][time] -> [time][feature], the steps to run only
            int base = e * exampleSize;
            for (int f = 0; f < features; f++) {
                for (int t = first; t < window; t++) {
                    input[(t - first) * features + f] = inputs[base + f * window + t];
                }
            }
            float[] seq = input;
            float[] next = output;
            int stateAt = e * stateSize;
            for (FusedLayer g : layers) {
                int units = g.nOut();
                boolean lstm = g instanceof LstmWeights;
                if (resume) {
                    System.arraycopy(states, stateAt, h, 0, units);
                    if (lstm) {
                        System.arraycopy(states, stateAt + units, cell, 0, units);
                    }
                } else {
                    Arrays.fill(h, 0, units, 0f);
                    Arrays.fill(cell, 0, units, 0f);
                }
                g.run(run, seq, next, h, cell, scratchA, scratchB);
                if (states != null) {
                    System.arraycopy(h, 0, states, stateAt, units);
                    if (lstm) {
                        System.arraycopy(cell, 0, states, stateAt + units, units);
                    }
                }
                stateAt += stateSize(g);
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
