package io.streamcast.model;

/**
 * One GRU direction over whole windows, forward and backpropagation through time, as plain loops
 * over arrays: what {@link GruRuntimeLayer} trains {@link GruLayer} with. The equations are
 * {@link GruLayer}'s; the layout of the weights is the layer's parameters' ({@code W} {@code [nIn,
 * 3 nOut]}, {@code RW} {@code [nOut, 3 nOut]}, gate blocks r | z | n; {@code b} {@code [3 nOut]};
 * {@code bhn} {@code [nOut]}), row-major.
 *
 * <p>Why not SameDiff: its graph of a GRU over 48 steps runs a few hundred ops per call, each with
 * tens of microseconds of overhead and garbage of its own (a regular expression compiled per op
 * lookup), so a training step of a 32-unit GRU at batch 32 cost 60-90 ms against PyTorch's 15, and
 * the background trainers' garbage set the live forecasts' GC pauses. The arithmetic itself is a
 * few million multiply-adds.
 *
 * <p>Computes in double whatever the network's data type: gradient checks run in double, and a
 * float network only rounds its inputs and results. Arrays are {@code [batch][feature][time]},
 * flattened row-major like a C-order NCW {@code INDArray}.
 */
final class GruBackprop {
    private final int nIn;
    private final int nOut;
    private final double[] inputWeights;
    private final double[] recurrentWeights;
    private final double[] bias;
    private final double[] candidateRecurrentBias;

    /** What the forward pass keeps for the backward one, per (sample, step, unit). */
    static final class Trace {
        final int batch;
        final int steps;
        /** Hidden states after each step, {@code [batch][steps][nOut]}. */
        final double[] hidden;

        final double[] reset;
        final double[] update;
        final double[] candidate;
        /** {@code h_{t-1} U_n + b_hn}, which the reset gate scales. */
        final double[] recurrentCandidate;

        Trace(int batch, int steps, int nOut) {
            this.batch = batch;
            this.steps = steps;
            int size = batch * steps * nOut;
            hidden = new double[size];
            reset = new double[size];
            update = new double[size];
            candidate = new double[size];
            recurrentCandidate = new double[size];
        }
    }

    /** Parameter gradients in the layout of the weights, and the input gradient {@code [batch][nIn][time]}. */
    record Gradients(
            double[] inputWeights,
            double[] recurrentWeights,
            double[] bias,
            double[] candidateRecurrentBias,
            double[] input) {}

    GruBackprop(
            int nIn,
            int nOut,
            double[] inputWeights,
            double[] recurrentWeights,
            double[] bias,
            double[] candidateRecurrentBias) {
        int gates = 3 * nOut;
        if (inputWeights.length != nIn * gates
                || recurrentWeights.length != nOut * gates
                || bias.length != gates
                || candidateRecurrentBias.length != nOut) {
            throw new IllegalArgumentException("GRU weights do not match nIn " + nIn + ", nOut " + nOut);
        }
        this.nIn = nIn;
        this.nOut = nOut;
        this.inputWeights = inputWeights;
        this.recurrentWeights = recurrentWeights;
        this.bias = bias;
        this.candidateRecurrentBias = candidateRecurrentBias;
    }

    /** The forward pass over {@code input} {@code [batch][nIn][steps]}, every step's state and gates kept. */
    Trace forward(double[] input, int batch, int steps) {
        if (input.length != batch * nIn * steps) {
            throw new IllegalArgumentException(
                    "input of " + input.length + " values is not [" + batch + ", " + nIn + ", " + steps + "]");
        }
        int gates = 3 * nOut;
        Trace trace = new Trace(batch, steps, nOut);
        double[] fromInput = new double[gates];
        double[] fromHidden = new double[gates];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                RecurrentLoops.projectInput(input, b, t, nIn, steps, inputWeights, bias, fromInput);
                java.util.Arrays.fill(fromHidden, 0);
                int previous = (b * steps + t - 1) * nOut;
                if (t > 0) {
                    RecurrentLoops.addRecurrent(trace.hidden, previous, nOut, recurrentWeights, fromHidden);
                }
                int at = (b * steps + t) * nOut;
                for (int j = 0; j < nOut; j++) {
                    double r = RecurrentLoops.sigmoid(fromInput[j] + fromHidden[j]);
                    double z = RecurrentLoops.sigmoid(fromInput[nOut + j] + fromHidden[nOut + j]);
                    double hn = fromHidden[2 * nOut + j] + candidateRecurrentBias[j];
                    double n = Math.tanh(fromInput[2 * nOut + j] + r * hn);
                    double hPrevious = t > 0 ? trace.hidden[previous + j] : 0;
                    trace.reset[at + j] = r;
                    trace.update[at + j] = z;
                    trace.recurrentCandidate[at + j] = hn;
                    trace.candidate[at + j] = n;
                    trace.hidden[at + j] = n + z * (hPrevious - n);
                }
            }
        }
        return trace;
    }

    /**
     * Backpropagation through time.
     *
     * @param input    what {@code trace} was computed from
     * @param lossGradient dL/dh for every step {@code [batch][nOut][steps]} or, with {@code lastStepOnly},
     *                 for the last step's state only {@code [batch][nOut]}
     */
    Gradients backward(double[] input, Trace trace, double[] lossGradient, boolean lastStepOnly) {
        int batch = trace.batch;
        int steps = trace.steps;
        int gates = 3 * nOut;
        int expected = lastStepOnly ? batch * nOut : batch * nOut * steps;
        if (lossGradient.length != expected) {
            throw new IllegalArgumentException(
                    "loss gradient of " + lossGradient.length + " values, expected " + expected);
        }
        double[] dInputWeights = new double[inputWeights.length];
        double[] dRecurrentWeights = new double[recurrentWeights.length];
        double[] dBias = new double[gates];
        double[] dCandidateRecurrentBias = new double[nOut];
        double[] dInput = new double[input.length];
        double[] dHidden = new double[nOut];
        double[] dHiddenPrevious = new double[nOut];
        double[] toInput = new double[gates];
        double[] toHidden = new double[gates];
        double[] recurrentTransposed = RecurrentLoops.transpose(recurrentWeights, nOut, gates);
        for (int b = 0; b < batch; b++) {
            java.util.Arrays.fill(dHidden, 0);
            for (int t = steps - 1; t >= 0; t--) {
                int at = (b * steps + t) * nOut;
                int previous = at - nOut;
                for (int j = 0; j < nOut; j++) {
                    double fromLoss = lastStepOnly
                            ? (t == steps - 1 ? lossGradient[b * nOut + j] : 0)
                            : lossGradient[(b * nOut + j) * steps + t];
                    double dh = dHidden[j] + fromLoss;
                    double r = trace.reset[at + j];
                    double z = trace.update[at + j];
                    double n = trace.candidate[at + j];
                    double hn = trace.recurrentCandidate[at + j];
                    double hPrevious = t > 0 ? trace.hidden[previous + j] : 0;
                    double dCandidate = dh * (1 - z) * (1 - n * n);
                    double dReset = dCandidate * hn * r * (1 - r);
                    double dUpdate = dh * (hPrevious - n) * z * (1 - z);
                    toInput[j] = dReset;
                    toInput[nOut + j] = dUpdate;
                    toInput[2 * nOut + j] = dCandidate;
                    toHidden[j] = dReset;
                    toHidden[nOut + j] = dUpdate;
                    toHidden[2 * nOut + j] = dCandidate * r;
                    dHiddenPrevious[j] = dh * z;
                }
                for (int j = 0; j < gates; j++) {
                    dBias[j] += toInput[j];
                }
                for (int j = 0; j < nOut; j++) {
                    dCandidateRecurrentBias[j] += toHidden[2 * nOut + j];
                }
                RecurrentLoops.backInput(input, b, t, nIn, steps, inputWeights, toInput, dInputWeights, dInput);
                if (t > 0) {
                    RecurrentLoops.backRecurrent(
                            trace.hidden,
                            previous,
                            nOut,
                            toHidden,
                            dRecurrentWeights,
                            recurrentTransposed,
                            dHiddenPrevious);
                }
                double[] swap = dHidden;
                dHidden = dHiddenPrevious;
                dHiddenPrevious = swap;
            }
        }
        return new Gradients(dInputWeights, dRecurrentWeights, dBias, dCandidateRecurrentBias, dInput);
    }

    /** The last step's states {@code [batch][nOut]}. */
    double[] lastStates(Trace trace) {
        double[] last = new double[trace.batch * nOut];
        for (int b = 0; b < trace.batch; b++) {
            System.arraycopy(trace.hidden, (b * trace.steps + trace.steps - 1) * nOut, last, b * nOut, nOut);
        }
        return last;
    }

    /** Every step's states as NCW {@code [batch][nOut][steps]}. */
    double[] sequence(Trace trace) {
        return RecurrentLoops.sequence(trace.hidden, trace.batch, trace.steps, nOut);
    }
}
