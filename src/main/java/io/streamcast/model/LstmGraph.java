package io.streamcast.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The SameDiff graph of an LSTM cell, for the decoders ({@link RecurrentDecoderLayer}), which must
 * unroll the cell step by step inside their own graph (DL4J's LSTM layer runs a whole sequence at
 * once and cannot continue over values fed back one at a time). Gates in the order input, forget,
 * candidate, output, with weights {@code W [nIn, 4 nOut]}, {@code RW [nOut, 4 nOut]} and one bias
 * {@code b [1, 4 nOut]}:
 *
 * <pre>
 *   i = sigmoid(x W_i + h RW_i + b_i)      f = sigmoid(x W_f + h RW_f + b_f)
 *   g = tanh(x W_g + h RW_g + b_g)         o = sigmoid(x W_o + h RW_o + b_o)
 *   c' = f * c + i * g                     h' = o * tanh(c')
 * </pre>
 *
 * No peepholes (DL4J's {@code LSTM} has none either).
 */
final class LstmGraph {
    static final int GATES = 4;

    private LstmGraph() {}

    /** Hidden and cell state of one layer after some steps, both {@code [batch, nOut]}. */
    record State(SDVariable hidden, SDVariable cell) {}

    /**
     * The states of an LSTM over {@code input} ({@code [batch, nIn, time]}, {@code timeSteps} long)
     * from zero states, one per time step.
     */
    static State[] states(
            SameDiff sd,
            SDVariable input,
            int timeSteps,
            SDVariable inputWeights,
            SDVariable recurrentWeights,
            SDVariable bias,
            long nIn,
            long nOut) {
        // As GruGraph: the input half of every gate for every step in one matmul (SameDiff's cost is per op).
        SDVariable stepsAsRows = sd.reshape(sd.permute(input, 0, 2, 1), -1, nIn);
        SDVariable projected = sd.reshape(sd.mmul(stepsAsRows, inputWeights).add(bias), -1, timeSteps, GATES * nOut);
        SDVariable[] byStep = sd.unstack(projected, 1, timeSteps);
        State[] states = new State[timeSteps];
        State state = null;
        for (int t = 0; t < timeSteps; t++) {
            state = next(sd, byStep[t], state, recurrentWeights);
            states[t] = state;
        }
        return states;
    }

    /** One step: the state after {@code state} reads {@code input} ({@code [batch, nIn]}). */
    static State step(
            SameDiff sd,
            SDVariable input,
            State state,
            SDVariable inputWeights,
            SDVariable recurrentWeights,
            SDVariable bias,
            long nOut) {
        return next(sd, sd.mmul(input, inputWeights).add(sd.reshape(bias, GATES * nOut)), state, recurrentWeights);
    }

    /** The hidden states stacked along time: {@code [batch, nOut, time]}. */
    static SDVariable sequence(SameDiff sd, State[] states) {
        SDVariable[] hidden = new SDVariable[states.length];
        for (int t = 0; t < states.length; t++) {
            hidden[t] = states[t].hidden();
        }
        return sd.stack(2, hidden);
    }

    /** The state after {@code previous} (null: zero states) given the input's share of the gates. */
    private static State next(SameDiff sd, SDVariable fromInput, State previous, SDVariable recurrentWeights) {
        SDVariable preActivation =
                previous == null ? fromInput : fromInput.add(sd.mmul(previous.hidden(), recurrentWeights));
        SDVariable[] gates = sd.split(preActivation, GATES, 1);
        SDVariable in = sd.nn.sigmoid(gates[0]);
        SDVariable forget = sd.nn.sigmoid(gates[1]);
        SDVariable candidate = sd.math.tanh(gates[2]);
        SDVariable out = sd.nn.sigmoid(gates[3]);
        // c_0 = 0, but the forget gate is still multiplied by it: an op output left unread would be
        // taken by SameDiff for a loss, and it would refuse to differentiate.
        SDVariable previousCell = previous == null ? sd.zerosLike(forget) : previous.cell();
        SDVariable cell = forget.mul(previousCell).add(in.mul(candidate));
        return new State(out.mul(sd.math.tanh(cell)), cell);
    }
}
