package io.streamcast.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The SameDiff graph of one GRU direction over a window, shared by {@link GruLayer} and
 * {@link BidirectionalGruLayer}; the equations are in {@link GruLayer}'s javadoc.
 */
final class GruGraph {
    private static final int GATES = 3;

    private GruGraph() {}

    /**
     * The hidden states of a GRU over {@code input} ({@code [batch, nIn, time]}), one {@code [batch,
     * nOut]} per time step, indexed by time step. Forward, state t has read steps 0..t; {@code
     * reversed}, the GRU reads the window from its last step to its first, so state t has read steps
     * t..time-1 and state 0 is the one that has read the whole window.
     */
    static SDVariable[] hiddenStates(
            SameDiff sd,
            SDVariable input,
            SDVariable inputWeights,
            SDVariable recurrentWeights,
            SDVariable bias,
            SDVariable candidateRecurrentBias,
            long nIn,
            long nOut,
            boolean reversed) {
        return hiddenStates(
                sd,
                input,
                (int) input.getShape()[2],
                inputWeights,
                recurrentWeights,
                bias,
                candidateRecurrentBias,
                nIn,
                nOut,
                reversed);
    }

    /**
     * {@link #hiddenStates(SameDiff, SDVariable, SDVariable, SDVariable, SDVariable, SDVariable, long,
     * long, boolean)} over an input whose length SameDiff does not know statically (one cut out of a
     * longer input).
     */
    static SDVariable[] hiddenStates(
            SameDiff sd,
            SDVariable input,
            int timeSteps,
            SDVariable inputWeights,
            SDVariable recurrentWeights,
            SDVariable bias,
            SDVariable candidateRecurrentBias,
            long nIn,
            long nOut,
            boolean reversed) {
        // SameDiff spends tens of microseconds per op whatever its size, so the graph is arranged
        // for few ops per time step: the input half of all gates for all steps in one matmul,
        // reset and update gate computed together, the candidate's recurrent bias inside its matmul.
        SDVariable[] recurrent = sd.split(recurrentWeights, GATES, 1);
        SDVariable recurrentResetUpdate = sd.concat(1, recurrent[0], recurrent[1]);
        SDVariable recurrentCandidate = recurrent[2];
        SDVariable candidateBias = sd.reshape(candidateRecurrentBias, nOut);

        // [batch, nIn, time] -> [batch*time, nIn] x [nIn, 3 nOut] -> [batch, time, 3 nOut]
        SDVariable stepsAsRows = sd.reshape(sd.permute(input, 0, 2, 1), -1, nIn);
        SDVariable projected = sd.reshape(sd.mmul(stepsAsRows, inputWeights).add(bias), -1, timeSteps, GATES * nOut);
        SDVariable[] byGate = sd.split(projected, GATES, 2);
        SDVariable[] inputResetUpdate = sd.unstack(sd.concat(2, byGate[0], byGate[1]), 1, timeSteps);
        SDVariable[] inputCandidate = sd.unstack(byGate[2], 1, timeSteps);

        SDVariable[] states = new SDVariable[timeSteps];
        SDVariable hidden = null;
        for (int i = 0; i < timeSteps; i++) {
            int t = reversed ? timeSteps - 1 - i : i;
            SDVariable[] resetUpdate;
            SDVariable candidate;
            if (hidden == null) {
                // h_0 = 0: the recurrent matmuls contribute nothing but b_hn.
                resetUpdate = sd.split(sd.nn.sigmoid(inputResetUpdate[t]), 2, 1);
                candidate = sd.math.tanh(inputCandidate[t].add(resetUpdate[0].mul(candidateBias)));
                hidden = candidate.sub(resetUpdate[1].mul(candidate));
            } else {
                resetUpdate =
                        sd.split(sd.nn.sigmoid(inputResetUpdate[t].add(sd.mmul(hidden, recurrentResetUpdate))), 2, 1);
                SDVariable fromHidden = sd.nn.linear(hidden, recurrentCandidate, candidateBias);
                candidate = sd.math.tanh(inputCandidate[t].add(resetUpdate[0].mul(fromHidden)));
                // (1 - z) * n + z * h  ==  n + z * (h - n), one op fewer.
                hidden = candidate.add(resetUpdate[1].mul(hidden.sub(candidate)));
            }
            states[t] = hidden;
        }
        return states;
    }

    /** The state that has read the whole window: the last step's forward, the first step's reversed. */
    static SDVariable whole(SDVariable[] states, boolean reversed) {
        return reversed ? states[0] : states[states.length - 1];
    }

    /** The states stacked along time: {@code [batch, nOut, time]}. */
    static SDVariable sequence(SameDiff sd, SDVariable[] states) {
        return sd.stack(2, states);
    }

    /**
     * One GRU step: the state after {@code hidden} ({@code [batch, nOut]}) reads {@code input}
     * ({@code [batch, nIn]}). The same equations as {@link #hiddenStates}, for decoders that choose
     * each step's input only once the previous step's output is known.
     */
    static SDVariable step(
            SameDiff sd,
            SDVariable input,
            SDVariable hidden,
            SDVariable inputWeights,
            SDVariable recurrentWeights,
            SDVariable bias,
            SDVariable candidateRecurrentBias,
            long nOut) {
        SDVariable[] fromInput = sd.split(sd.mmul(input, inputWeights).add(sd.reshape(bias, GATES * nOut)), GATES, 1);
        SDVariable[] recurrent = sd.split(recurrentWeights, GATES, 1);
        SDVariable recurrentResetUpdate = sd.concat(1, recurrent[0], recurrent[1]);
        SDVariable[] resetUpdate = sd.split(
                sd.nn.sigmoid(sd.concat(1, fromInput[0], fromInput[1]).add(sd.mmul(hidden, recurrentResetUpdate))),
                2,
                1);
        SDVariable fromHidden = sd.nn.linear(hidden, recurrent[2], sd.reshape(candidateRecurrentBias, nOut));
        SDVariable candidate = sd.math.tanh(fromInput[2].add(resetUpdate[0].mul(fromHidden)));
        return candidate.add(resetUpdate[1].mul(hidden.sub(candidate)));
    }
}
