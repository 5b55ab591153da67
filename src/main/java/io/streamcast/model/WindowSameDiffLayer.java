package io.streamcast.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * What every SameDiff layer of this project that reads whole NCW windows {@code [batch, nIn, time]}
 * shares: it runs on {@link CorrectedSameDiffLayer} (DL4J's stock runtime returns gradients twice
 * too large), takes its input size from the layer below, and refuses masks (windows are always
 * full).
 */
public abstract class WindowSameDiffLayer extends SameDiffLayer {
    /** DL4J layer configurations are Serializable; the model files store them as JSON, not Java serialization. */
    private static final long serialVersionUID = 1L;

    // Every configuration field carries @JsonProperty: DL4J saves layers as JSON, and a field
    // Jackson does not see comes back from a checkpoint as its default.
    @JsonProperty
    protected long nIn;

    /** For Jackson when a saved network is restored. */
    protected WindowSameDiffLayer() {}

    protected WindowSameDiffLayer(long nIn) {
        this.nIn = nIn;
    }

    // Accessors without bean names: Jackson would save getNIn() a second time as "nin".

    /** Features per time step of the input. */
    public long nIn() {
        return nIn;
    }

    @Override
    public Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray layerParamsView,
            boolean initializeParams,
            DataType networkDataType) {
        org.deeplearning4j.nn.layers.samediff.SameDiffLayer layer = createRuntimeLayer(conf, networkDataType);
        layer.setIndex(layerIndex);
        layer.setListeners(listeners);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    /** The runtime layer; the gradient-fixing one (see {@link CorrectedSameDiffLayer}). */
    protected org.deeplearning4j.nn.layers.samediff.SameDiffLayer createRuntimeLayer(
            NeuralNetConfiguration conf, DataType networkDataType) {
        return new CorrectedSameDiffLayer(conf, networkDataType);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputType.InputTypeRecurrent recurrent = requireRecurrent(inputType);
        if (nIn <= 0 || override) {
            nIn = recurrent.getSize();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreprocessorForInputTypeRnnLayers(inputType, RNNFormat.NCW, getLayerName());
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(
            INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        if (maskArray != null) {
            throw new UnsupportedOperationException(
                    getClass().getSimpleName() + " does not support masks: windows must be full");
        }
        return new Pair<>(null, currentMaskState);
    }

    /** {@code inputType} as the NCW recurrent type this layer reads; refuses any other. */
    protected InputType.InputTypeRecurrent requireRecurrent(InputType inputType) {
        String layer = getClass().getSimpleName();
        if (!(inputType instanceof InputType.InputTypeRecurrent recurrent)) {
            throw new IllegalArgumentException(layer + " needs recurrent (NCW) input, got " + inputType);
        }
        if (recurrent.getFormat() != RNNFormat.NCW) {
            throw new IllegalArgumentException(layer + " reads NCW [batch, features, time], got " + recurrent);
        }
        return recurrent;
    }
}
