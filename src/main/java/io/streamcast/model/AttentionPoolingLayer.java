package io.streamcast.model;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Attention pooling over a window of recurrent outputs: one score per time step, softmax over the
 * window, and the steps' outputs averaged with those weights. Input is NCW {@code [batch, nIn,
 * time]} (the top recurrent layer's whole sequence), output {@code [batch, nIn]}, what the direct
 * forecasting head reads instead of the last step. Subclasses say how a step is scored.
 */
public abstract class AttentionPoolingLayer extends WindowSameDiffLayer {
    private static final long serialVersionUID = 1L;

    /** For Jackson when a saved network is restored. */
    protected AttentionPoolingLayer() {}

    protected AttentionPoolingLayer(long nIn) {
        super(nIn);
        if (nIn <= 0) {
            throw new IllegalArgumentException("nIn must be positive, got " + nIn);
        }
    }

    /**
     * One score per step: {@code steps} holds every step of every window as a row, {@code [batch *
     * time, nIn]} (window-major); return {@code [batch * time, 1]} in the same order.
     */
    protected abstract SDVariable scores(SameDiff sd, SDVariable steps, Map<String, SDVariable> params);

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        int timeSteps = (int) input.getShape()[2];
        // [batch, nIn, time] -> [batch*time, nIn], the row of step t of window b at b*time + t.
        SDVariable steps = sd.reshape(sd.permute(input, 0, 2, 1), -1, nIn);
        SDVariable weights = sd.nn.softmax(sd.reshape(scores(sd, steps, params), -1, timeSteps), 1);
        // Broadcast the [batch, 1, time] weights over the units and sum over time.
        return input.mul(sd.reshape(weights, -1, 1, timeSteps)).sum(2);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        requireRecurrent(inputType);
        return InputType.feedForward(nIn);
    }
}
