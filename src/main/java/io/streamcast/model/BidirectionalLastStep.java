package io.streamcast.model;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

/**
 * Reduces the output of DL4J's {@code Bidirectional} wrapper in CONCAT mode ({@code [batch, 2n,
 * time]}, forward units first, both aligned by time step) to what each direction knows after the
 * whole window: the forward half at the last step and the backward half at step 0, {@code [batch,
 * 2n]}. An input preprocessor of the layer above the bidirectional one.
 *
 * <p>Why not {@code LastTimeStep}: around the wrapper it takes the last step of both halves, and the
 * backward direction's output there has read only the window's last value. Inside the wrapper
 * ({@code Bidirectional(LastTimeStep(LSTM))}) DL4J 1.0.0-M2.1 computes the right forward pass but
 * its backprop fails on the rank-2 gradient.
 */
public class BidirectionalLastStep implements InputPreProcessor {
    private static final long serialVersionUID = 1L;

    /**
     * Time steps of the last input, which backprop needs to place the gradient. Kept between the
     * forward pass and the backprop that follows it on the same thread; each network has its own
     * copy of its configuration and so of this preprocessor.
     */
    @JsonIgnore
    private transient long timeSteps;

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException(
                    "BidirectionalLastStep reads [batch, 2n, time], got rank " + input.rank());
        }
        long n = input.size(1) / 2;
        timeSteps = input.size(2);
        INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, input.dataType(), input.size(0), 2 * n);
        out.get(all(), interval(0, n)).assign(input.get(all(), interval(0, n), point(timeSteps - 1)));
        out.get(all(), interval(n, 2 * n)).assign(input.get(all(), interval(n, 2 * n), point(0)));
        return out;
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        long n = output.size(1) / 2;
        INDArray gradient = workspaceMgr.create(
                ArrayType.ACTIVATION_GRAD, output.dataType(), new long[] {output.size(0), 2 * n, timeSteps}, 'f');
        gradient.get(all(), interval(0, n), point(timeSteps - 1)).assign(output.get(all(), interval(0, n)));
        gradient.get(all(), interval(n, 2 * n), point(0)).assign(output.get(all(), interval(n, 2 * n)));
        return gradient;
    }

    @Override
    public InputPreProcessor clone() {
        return new BidirectionalLastStep();
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent recurrent)) {
            throw new IllegalArgumentException("BidirectionalLastStep needs recurrent input, got " + inputType);
        }
        return InputType.feedForward(recurrent.getSize());
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(
            INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        if (maskArray != null) {
            throw new UnsupportedOperationException(
                    "BidirectionalLastStep does not support masks: windows must be full");
        }
        return new Pair<>(null, currentMaskState);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BidirectionalLastStep;
    }

    @Override
    public int hashCode() {
        return BidirectionalLastStep.class.hashCode();
    }
}
