package io.streamcast.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The autoregressive and seq2seq decoders: a stack of GRU or LSTM layers reads the window, then the
 * horizon is unrolled one step at a time, each step's input being the value of the step before,
 * all inside one SameDiff graph so the loss differentiates through every fed-back prediction.
 *
 * <ul>
 *   <li><b>autoregressive</b>: a one-step-ahead forecaster. The head reads the encoder's last state
 *       for step 1; each further step continues the <em>same</em> cells over the value of the step
 *       before, so the network is one recurrent model run over the window and then over its own
 *       forecasts.
 *   <li><b>seq2seq</b>: the decoder is a second stack of the same cells with its own weights, each
 *       layer starting from the encoder layer's final state (an LSTM's hidden and cell state); its
 *       first input is the window's last value.
 * </ul>
 *
 * <p><b>What is fed back.</b> The window's input at step i is the base's normalised one-step error
 * r_i / scale, and target h is the normalised correction (z_{t+h} - base_h) / scale of the base's
 * h-step forecast made at the origin. For h = 1 the two are the same quantity: the base's one-step
 * error at t+1. For later steps the fed-back value is the correction at the step before, i.e. the
 * error of the origin's base there, in the same scale and clamp, not the error a smoothing updated
 * with the predicted values would make: updating the smoothing with predictions needs its state
 * inside the network (and in every stored training example), while holding the base at the origin
 * keeps every example a plain (window, targets) pair. The network output at each step is that
 * step's correction, so a prediction and its true value are interchangeable as the next input.
 *
 * <p><b>Two input forms.</b> Serving and evaluation give the window alone, NCW {@code [batch, 1,
 * window]}: every decoding step is fed the network's own prediction. Training gives {@code [batch,
 * 2, window + horizon]} ({@link TeacherInputs}): channel 0 is the window followed by the true
 * targets, channel 1 is zero over the window and then, per horizon step, 1 where that step's own
 * prediction is fed on instead of its truth. The next step's input is {@code m * prediction + (1 -
 * m) * truth}: m = 0 everywhere is teacher forcing, sampled m is scheduled sampling.
 *
 * <p>Output is {@code [batch, horizon]}, one normalised correction per step, as the direct head's.
 * Each layer's cell is a GRU ({@link GruGraph}) or an LSTM ({@link LstmGraph}), bottom first as in
 * {@code model.cell}.
 */
public class RecurrentDecoderLayer extends WindowSameDiffLayer {
    /** DL4J layer configurations are Serializable; the model files store them as JSON, not Java serialization. */
    private static final long serialVersionUID = 1L;

    /** Channels of the training form: the values and the feedback choice. */
    public static final int TRAINING_CHANNELS = 2;

    private static final String ENCODER = "e";
    private static final String DECODER = "d";
    /** Weights of the one-output head, {@code [nOut, 1]}, shared by every horizon step. */
    public static final String HEAD_WEIGHTS = "hW";
    /** Bias of the head, {@code [1, 1]}. */
    public static final String HEAD_BIAS = "hb";

    private static final int GRU_GATES = 3;

    @JsonProperty
    private long nOut;

    @JsonProperty
    private int layers;

    @JsonProperty
    private int horizon;

    @JsonProperty
    private Decoder decoder;

    /** Each layer's cell, bottom first; absent (null) in checkpoints written when every decoder was GRU. */
    @JsonProperty
    private List<Cell> cells;

    /** For Jackson when a saved network is restored. */
    protected RecurrentDecoderLayer() {}

    public RecurrentDecoderLayer(long nIn, long nOut, List<Cell> cells, int horizon, Decoder decoder) {
        super(nIn);
        int layers = cells.size();
        if (!decoder.feedsBack()) {
            throw new IllegalArgumentException(
                    "RecurrentDecoderLayer decodes autoregressive or seq2seq, not " + decoder);
        }
        if (nIn != 1 || nOut <= 0 || layers <= 0 || horizon <= 0) {
            throw new IllegalArgumentException("need nIn 1 and positive nOut, layers, horizon; got " + nIn + ", " + nOut
                    + ", " + layers + ", " + horizon);
        }
        this.nOut = nOut;
        this.layers = layers;
        this.horizon = horizon;
        this.decoder = decoder;
        this.cells = List.copyOf(cells);
    }

    /**
     * Refuses, with a one-line reason, a network these decoders cannot build: they unroll GRU and
     * LSTM cells step by step over a single fed-back value, so no cell is a plain RNN, the window has one
     * feature, and the encoder reads forward only (a backward pass could not continue into the
     * horizon) without attention (the decoder reads the encoder's final state).
     */
    public static void requireSupported(
            List<Cell> cells, int inputFeatures, boolean bidirectional, Attention attention) {
        if (cells.stream().anyMatch(cell -> cell != Cell.GRU && cell != Cell.LSTM)) {
            throw new IllegalArgumentException(
                    "the autoregressive and seq2seq decoders unroll gru and lstm cells only, not "
                            + Cell.stackName(cells));
        }
        if (inputFeatures != 1) {
            throw new IllegalArgumentException(
                    "the autoregressive and seq2seq decoders feed back one value per step and take no covariates,"
                            + " not " + inputFeatures
                            + " input channels: use decoder direct with features or calendar");
        }
        if (bidirectional || attention != Attention.NONE) {
            throw new IllegalArgumentException(
                    "the autoregressive and seq2seq decoders read a forward encoder's final state:"
                            + " no bidirectional, no attention");
        }
    }

    public long nOut() {
        return nOut;
    }

    public int layers() {
        return layers;
    }

    public int horizon() {
        return horizon;
    }

    public Decoder decoder() {
        return decoder;
    }

    /** Each layer's cell, bottom first. */
    public List<Cell> cells() {
        return cells != null ? cells : Collections.nCopies(layers, Cell.GRU);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        for (int l = 0; l < layers; l++) {
            defineCell(params, ENCODER, l);
            if (decoder == Decoder.SEQ2SEQ) {
                defineCell(params, DECODER, l);
            }
        }
        params.addWeightParam(HEAD_WEIGHTS, nOut, 1);
        params.addBiasParam(HEAD_BIAS, 1, 1);
    }

    private void defineCell(SDLayerParams params, String part, int layer) {
        int gates = isLstm(layer) ? LstmGraph.GATES : GRU_GATES;
        params.addWeightParam(name(part, GruLayer.INPUT_WEIGHTS, layer), inputsOf(layer), gates * nOut);
        params.addWeightParam(name(part, GruLayer.RECURRENT_WEIGHTS, layer), nOut, gates * nOut);
        params.addBiasParam(name(part, GruLayer.BIAS, layer), 1, gates * nOut);
        if (!isLstm(layer)) {
            params.addBiasParam(name(part, GruLayer.CANDIDATE_RECURRENT_BIAS, layer), 1, nOut);
        }
    }

    private boolean isLstm(int layer) {
        return cells().get(layer) == Cell.LSTM;
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        for (Map.Entry<String, INDArray> param : params.entrySet()) {
            INDArray array = param.getValue();
            if (param.getKey().equals(HEAD_WEIGHTS)) {
                initWeights((int) nOut, 1, WeightInit.XAVIER, array);
            } else if (isBias(param.getKey())) {
                array.assign(0);
            } else {
                // Like GruLayer: Xavier with fan-out nOut, as if each gate block were its own matrix.
                initWeights(array.rows(), (int) nOut, WeightInit.XAVIER, array);
            }
        }
        for (int l = 0; l < layers; l++) {
            if (isLstm(l)) {
                // Forget gates start open (bias 1, as DL4J's LSTM does), so the cell state carries
                // through the window from the first steps of training.
                for (String part : decoder == Decoder.SEQ2SEQ ? List.of(ENCODER, DECODER) : List.of(ENCODER)) {
                    params.get(name(part, GruLayer.BIAS, l))
                            .get(NDArrayIndex.all(), NDArrayIndex.interval(nOut, 2 * nOut))
                            .assign(1.0);
                }
            }
        }
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        // The window's length is read from the input: like the direct stack, the network reads any
        // window length (CorrectedSameDiffLayer rebuilds the graph when it changes).
        long[] shape = input.getShape();
        boolean training = shape[1] == TRAINING_CHANNELS;
        int window = (int) (training ? shape[2] - horizon : shape[2]);
        if (window < 1) {
            throw new IllegalArgumentException("the training form has window + horizon steps, got " + shape[2]);
        }
        SDVariable values;
        SDVariable feedBack = null;
        SDVariable windowInput;
        if (training) {
            // Sliced, not split: with a horizon of 1 nothing is fed back and the choices go unread.
            values = steps(sd, input, 0, 0, window + horizon);
            feedBack = horizon > 1 ? steps(sd, input, 1, 0, window + horizon) : null;
            windowInput = steps(sd, values, 0, 0, window);
        } else {
            values = input;
            windowInput = input;
        }

        // Per layer its hidden state and, for an LSTM, its cell state (null for a GRU).
        SDVariable[] hidden = new SDVariable[layers];
        SDVariable[] memory = new SDVariable[layers];
        SDVariable sequence = windowInput;
        for (int l = 0; l < layers; l++) {
            if (isLstm(l)) {
                LstmGraph.State[] states = LstmGraph.states(
                        sd,
                        sequence,
                        window,
                        params.get(name(ENCODER, GruLayer.INPUT_WEIGHTS, l)),
                        params.get(name(ENCODER, GruLayer.RECURRENT_WEIGHTS, l)),
                        params.get(name(ENCODER, GruLayer.BIAS, l)),
                        inputsOf(l),
                        nOut);
                hidden[l] = states[window - 1].hidden();
                memory[l] = states[window - 1].cell();
                if (l < layers - 1) {
                    sequence = LstmGraph.sequence(sd, states);
                }
                continue;
            }
            SDVariable[] states = GruGraph.hiddenStates(
                    sd,
                    sequence,
                    window,
                    params.get(name(ENCODER, GruLayer.INPUT_WEIGHTS, l)),
                    params.get(name(ENCODER, GruLayer.RECURRENT_WEIGHTS, l)),
                    params.get(name(ENCODER, GruLayer.BIAS, l)),
                    params.get(name(ENCODER, GruLayer.CANDIDATE_RECURRENT_BIAS, l)),
                    inputsOf(l),
                    nOut,
                    false);
            hidden[l] = GruGraph.whole(states, false);
            if (l < layers - 1) {
                sequence = GruGraph.sequence(sd, states);
            }
        }

        String part = decoder == Decoder.SEQ2SEQ ? DECODER : ENCODER;
        SDVariable[] outputs = new SDVariable[horizon];
        for (int h = 0; h < horizon; h++) {
            if (decoder == Decoder.AUTOREGRESSIVE && h == 0) {
                // The encoder's last state has read the origin's value: it forecasts step 1.
                outputs[h] = head(sd, hidden[layers - 1], params);
                continue;
            }
            SDVariable next;
            if (h == 0) {
                next = step(sd, values, window - 1); // seq2seq starts from the last value it was given
            } else if (training) {
                SDVariable m = step(sd, feedBack, window + h - 1);
                SDVariable truth = step(sd, values, window + h - 1);
                next = m.mul(outputs[h - 1]).add(m.rsub(1.0).mul(truth));
            } else {
                next = outputs[h - 1];
            }
            for (int l = 0; l < layers; l++) {
                SDVariable inputWeights = params.get(name(part, GruLayer.INPUT_WEIGHTS, l));
                SDVariable recurrentWeights = params.get(name(part, GruLayer.RECURRENT_WEIGHTS, l));
                SDVariable bias = params.get(name(part, GruLayer.BIAS, l));
                if (isLstm(l)) {
                    LstmGraph.State after = LstmGraph.step(
                            sd,
                            next,
                            new LstmGraph.State(hidden[l], memory[l]),
                            inputWeights,
                            recurrentWeights,
                            bias,
                            nOut);
                    hidden[l] = after.hidden();
                    memory[l] = after.cell();
                } else {
                    hidden[l] = GruGraph.step(
                            sd,
                            next,
                            hidden[l],
                            inputWeights,
                            recurrentWeights,
                            bias,
                            params.get(name(part, GruLayer.CANDIDATE_RECURRENT_BIAS, l)),
                            nOut);
                }
                next = hidden[l];
            }
            outputs[h] = head(sd, hidden[layers - 1], params);
        }
        return horizon == 1 ? outputs[0] : sd.concat(1, outputs);
    }

    // Every op output must be consumed: SameDiff takes any dangling output for a loss and refuses
    // to differentiate. Hence strided slices, not unstack, to cut steps out of the input (and not
    // gather, whose gradient names a variable the same every time it is used).

    /** Time step {@code t} of an NCW input with one feature, as {@code [batch, 1]}. */
    private static SDVariable step(SameDiff sd, SDVariable input, int t) {
        return sd.reshape(steps(sd, input, 0, t, t + 1), -1, 1);
    }

    /**
     * Time steps {@code from} (inclusive) to {@code to} (exclusive) of one channel of an NCW input,
     * every example, as {@code [batch, 1, to - from]}.
     */
    private static SDVariable steps(SameDiff sd, SDVariable input, int channel, int from, int to) {
        // Begin and end mask bit 0: the batch dimension whole, whatever its size.
        return sd.stridedSlice(
                input,
                new long[] {0, channel, from},
                new long[] {0, channel + 1, to},
                new long[] {1, 1, 1},
                1,
                1,
                0,
                0,
                0);
    }

    private SDVariable head(SameDiff sd, SDVariable top, Map<String, SDVariable> params) {
        return sd.nn.linear(top, params.get(HEAD_WEIGHTS), sd.reshape(params.get(HEAD_BIAS), 1));
    }

    private static boolean isBias(String param) {
        return param.endsWith(GruLayer.BIAS) || param.endsWith(GruLayer.CANDIDATE_RECURRENT_BIAS);
    }

    private long inputsOf(int layer) {
        return layer == 0 ? nIn : nOut;
    }

    private static String name(String part, String param, int layer) {
        return part + layer + param;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        requireRecurrent(inputType);
        return InputType.feedForward(horizon);
    }
}
