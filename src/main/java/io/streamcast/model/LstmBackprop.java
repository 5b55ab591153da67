package io.streamcast.model;

import java.util.Arrays;

/**
 * One LSTM layer over whole windows, forward and backpropagation through time, as plain loops
 * over arrays: what {@link LstmRuntimeLayer} trains {@link LstmLayer} with. The equations and the
 * layout are DL4J's {@code LSTM} layer's (no peepholes; tanh block input and cell output, sigmoid
 * gates): {@code W} {@code [nIn, 4 nOut]}, {@code RW} {@code [nOut, 4 nOut]} and {@code b}
 * {@code [4 nOut]}, row-major, gate blocks in DL4J's order
 * <pre>
 *   a_t = tanh(g_a),  f_t = sigmoid(g_f),  o_t = sigmoid(g_o),  i_t = sigmoid(g_i),
 *   [g_a | g_f | g_o | g_i] = x_t W + h_{t-1} RW + b
 *   c_t = f_t * c_{t-1} + i_t * a_t,   h_t = o_t * tanh(c_t),   h_0 = c_0 = 0
 * </pre>
 * Why: DL4J's layer runs a dozen ND4J ops per time step and a training step of a 32-unit LSTM over
 * 48 steps at batch 32 cost 50-80 ms, most of it per-op overhead (see {@link GruBackprop}).
 *
 * <p>Computes in double; arrays are {@code [batch][feature][time]}, flattened row-major like a
 * C-order NCW {@code INDArray}.
 */
final class LstmBackprop {
    private final int nIn;
    private final int nOut;
    private final double[] inputWeights;
    private final double[] recurrentWeights;
    private final double[] bias;

    /** What the forward pass keeps for the backward one, {@code [batch][steps][nOut]} each. */
    static final class Trace {
        final int batch;
        final int steps;
        final double[] hidden;
        final double[] cell;
        final double[] blockInput;
        final double[] forget;
        final double[] output;
        final double[] admit;

        Trace(int batch, int steps, int nOut) {
            this.batch = batch;
            this.steps = steps;
            int size = batch * steps * nOut;
            hidden = new double[size];
            cell = new double[size];
            blockInput = new double[size];
            forget = new double[size];
            output = new double[size];
            admit = new double[size];
        }
    }

    /** Parameter gradients in the layout of the weights, and the input gradient {@code [batch][nIn][time]}. */
    record Gradients(double[] inputWeights, double[] recurrentWeights, double[] bias, double[] input) {}

    LstmBackprop(int nIn, int nOut, double[] inputWeights, double[] recurrentWeights, double[] bias) {
        int gates = 4 * nOut;
        if (inputWeights.length != nIn * gates || recurrentWeights.length != nOut * gates || bias.length != gates) {
            throw new IllegalArgumentException("LSTM weights do not match nIn " + nIn + ", nOut " + nOut);
        }
        this.nIn = nIn;
        this.nOut = nOut;
        this.inputWeights = inputWeights;
        this.recurrentWeights = recurrentWeights;
        this.bias = bias;
    }

    /** The forward pass over {@code input} {@code [batch][nIn][steps]}, every step's state and gates kept. */
    Trace forward(double[] input, int batch, int steps) {
        if (input.length != batch * nIn * steps) {
            throw new IllegalArgumentException(
                    "input of " + input.length + " values is not [" + batch + ", " + nIn + ", " + steps + "]");
        }
        int gates = 4 * nOut;
        Trace trace = new Trace(batch, steps, nOut);
        double[] pre = new double[gates];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                RecurrentLoops.projectInput(input, b, t, nIn, steps, inputWeights, bias, pre);
                int previous = (b * steps + t - 1) * nOut;
                if (t > 0) {
                    RecurrentLoops.addRecurrent(trace.hidden, previous, nOut, recurrentWeights, pre);
                }
                int at = (b * steps + t) * nOut;
                for (int j = 0; j < nOut; j++) {
                    double a = Math.tanh(pre[j]);
                    double f = RecurrentLoops.sigmoid(pre[nOut + j]);
                    double o = RecurrentLoops.sigmoid(pre[2 * nOut + j]);
                    double i = RecurrentLoops.sigmoid(pre[3 * nOut + j]);
                    double cPrevious = t > 0 ? trace.cell[previous + j] : 0;
                    double c = f * cPrevious + i * a;
                    trace.blockInput[at + j] = a;
                    trace.forget[at + j] = f;
                    trace.output[at + j] = o;
                    trace.admit[at + j] = i;
                    trace.cell[at + j] = c;
                    trace.hidden[at + j] = o * Math.tanh(c);
                }
            }
        }
        return trace;
    }

    /**
     * Backpropagation through time.
     *
     * @param input        what {@code trace} was computed from
     * @param lossGradient dL/dh for every step, {@code [batch][nOut][steps]}
     */
    Gradients backward(double[] input, Trace trace, double[] lossGradient) {
        int batch = trace.batch;
        int steps = trace.steps;
        int gates = 4 * nOut;
        if (lossGradient.length != batch * nOut * steps) {
            throw new IllegalArgumentException(
                    "loss gradient of " + lossGradient.length + " values, expected " + batch * nOut * steps);
        }
        double[] dInputWeights = new double[inputWeights.length];
        double[] dRecurrentWeights = new double[recurrentWeights.length];
        double[] dBias = new double[gates];
        double[] dInput = new double[input.length];
        double[] dHidden = new double[nOut];
        double[] dCell = new double[nOut];
        double[] dPre = new double[gates];
        double[] recurrentTransposed = RecurrentLoops.transpose(recurrentWeights, nOut, gates);
        for (int b = 0; b < batch; b++) {
            Arrays.fill(dHidden, 0);
            Arrays.fill(dCell, 0);
            for (int t = steps - 1; t >= 0; t--) {
                int at = (b * steps + t) * nOut;
                int previous = at - nOut;
                for (int j = 0; j < nOut; j++) {
                    double dh = dHidden[j] + lossGradient[(b * nOut + j) * steps + t];
                    double a = trace.blockInput[at + j];
                    double f = trace.forget[at + j];
                    double o = trace.output[at + j];
                    double i = trace.admit[at + j];
                    double tanhC = Math.tanh(trace.cell[at + j]);
                    double cPrevious = t > 0 ? trace.cell[previous + j] : 0;
                    double dc = dCell[j] + dh * o * (1 - tanhC * tanhC);
                    dPre[j] = dc * i * (1 - a * a);
                    dPre[nOut + j] = dc * cPrevious * f * (1 - f);
                    dPre[2 * nOut + j] = dh * tanhC * o * (1 - o);
                    dPre[3 * nOut + j] = dc * a * i * (1 - i);
                    dCell[j] = dc * f;
                }
                for (int j = 0; j < gates; j++) {
                    dBias[j] += dPre[j];
                }
                RecurrentLoops.backInput(input, b, t, nIn, steps, inputWeights, dPre, dInputWeights, dInput);
                Arrays.fill(dHidden, 0);
                if (t > 0) {
                    RecurrentLoops.backRecurrent(
                            trace.hidden, previous, nOut, dPre, dRecurrentWeights, recurrentTransposed, dHidden);
                }
            }
        }
        return new Gradients(dInputWeights, dRecurrentWeights, dBias, dInput);
    }

    /** Every step's states as NCW {@code [batch][nOut][steps]}. */
    double[] sequence(Trace trace) {
        return RecurrentLoops.sequence(trace.hidden, trace.batch, trace.steps, nOut);
    }
}
