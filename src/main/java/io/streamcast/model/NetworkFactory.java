package io.streamcast.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the forecasting network of a {@link NetworkSpec}: stacked recurrent layers of {@code
 * hidden} tanh units, one per cell of the spec, each read forward or (bidirectional) forward and
 * backward; the top one reduced to one vector, its last time step or (attention) an attention-weighted
 * average over the window; then a direct multi-horizon head (one linear output per forecast step,
 * absolute-error loss). With the autoregressive or seq2seq decoder the network is a {@link
 * RecurrentDecoderLayer} instead, which unrolls the horizon itself.
 *
 * <p>Why absolute error for the direct head: forecasts are scored on absolute errors (MASE), and a
 * correction trained on squared ones chases the few large errors of a short history (co2's slowed
 * growth in 1991-93). Together with serving half the learnt correction ({@code
 * Pretrainer.shrinkTowardTheBase}) it took the GRU's correction past its base on AirPassengers, co2
 * and hourly temps, and on seven monthly sets it was not chosen on to 0.986 of the base against
 * 1.024 with squared error (src/site/markdown/accuracy.md, "Absolute error and equal weights").
 * The decoders keep squared error: they were not measured with the other.
 *
 * <p>Input is NCW {@code [batch, inputFeatures, window]}; output is {@code [batch, horizon]}.
 */
public final class NetworkFactory {

    private NetworkFactory() {}

    /** The production network: FLOAT parameters, Adam with the spec's learning rate; init()ed. */
    public static MultiLayerNetwork build(NetworkSpec spec) {
        return build(spec, DataType.FLOAT, new Adam(spec.learningRate()));
    }

    /**
     * The same architecture with another precision or updater; gradient checks need DOUBLE and a
     * no-op updater. The spec's learning rate is ignored here: it belongs to {@code updater}.
     */
    public static MultiLayerNetwork build(NetworkSpec spec, DataType dataType, IUpdater updater) {
        MultiLayerNetwork network = new MultiLayerNetwork(configuration(spec, dataType, updater));
        network.init();
        return network;
    }

    /** The configuration {@link #build(NetworkSpec, DataType, IUpdater)} initialises. */
    public static MultiLayerConfiguration configuration(NetworkSpec spec, DataType dataType, IUpdater updater) {
        NeuralNetConfiguration.Builder global = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(dataType)
                .updater(updater)
                .weightInit(WeightInit.XAVIER)
                // Applied by each layer's updater to that layer's gradient: clipping per layer.
                .gradientNormalization(spec.clipMode().toDl4j())
                .l2(spec.l2());
        if (spec.clipMode() != ClipMode.NONE) {
            global.gradientNormalizationThreshold(spec.clipThreshold());
        }
        NeuralNetConfiguration.ListBuilder list = global.list();
        if (spec.decoder().feedsBack()) {
            return decoderConfiguration(spec, list);
        }
        int directions = spec.bidirectional() ? 2 : 1;
        int width = directions * spec.hidden();
        int index = 0;
        for (int i = 0; i < spec.layers(); i++) {
            int inputs = i == 0 ? spec.inputFeatures() : width;
            // With attention the top layer hands its whole sequence on; otherwise only its last step.
            boolean lastStep = i == spec.layers() - 1 && spec.attention() == Attention.NONE;
            Cell cell = spec.cells().get(i);
            if (!spec.bidirectional()) {
                list.layer(index++, recurrentLayer(cell, inputs, spec.hidden(), lastStep));
            } else if (cell == Cell.GRU) {
                list.layer(index++, new BidirectionalGruLayer(inputs, spec.hidden(), lastStep));
            } else {
                list.layer(
                        index++,
                        new Bidirectional(Bidirectional.Mode.CONCAT, dl4jRecurrent(cell, inputs, spec.hidden())));
                if (lastStep) {
                    list.inputPreProcessor(index, new BidirectionalLastStep());
                }
            }
        }
        switch (spec.attention()) {
            case DOT -> list.layer(index++, new DotAttentionLayer(width));
            case ADDITIVE -> list.layer(index++, new AdditiveAttentionLayer(width, spec.hidden()));
            case NONE -> {}
        }
        list.layer(
                index,
                new OutputLayer.Builder(LossFunctions.LossFunction.MEAN_ABSOLUTE_ERROR)
                        .nIn(width)
                        .nOut(spec.horizon())
                        .activation(Activation.IDENTITY)
                        .build());
        list.setInputType(InputType.recurrent(spec.inputFeatures(), spec.window(), RNNFormat.NCW));
        return list.build();
    }

    /**
     * The autoregressive and seq2seq networks: one {@link RecurrentDecoderLayer} that already
     * writes one value per horizon step, then a loss layer without weights (MSE, masks per output
     * as the direct head's): a dense head on top would mix the steps after the values fed back.
     */
    private static MultiLayerConfiguration decoderConfiguration(
            NetworkSpec spec, NeuralNetConfiguration.ListBuilder list) {
        list.layer(
                0,
                new RecurrentDecoderLayer(
                        spec.inputFeatures(), spec.hidden(), spec.cells(), spec.horizon(), spec.decoder()));
        list.layer(
                1,
                new LossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY)
                        .build());
        list.setInputType(InputType.recurrent(spec.inputFeatures(), spec.window(), RNNFormat.NCW));
        return list.build();
    }

    private static Layer recurrentLayer(Cell cell, int inputs, int hidden, boolean lastTimeStepOnly) {
        return switch (cell) {
            // GruLayer reduces to the last step inside its own graph: backprop then skips the
            // output of every earlier step instead of scattering zeros into it.
            case GRU -> new GruLayer(inputs, hidden, lastTimeStepOnly);
            // DL4J's LSTM, trained through LstmRuntimeLayer's loops.
            case LSTM ->
                lastStepIf(
                        lastTimeStepOnly,
                        LstmLayer.of(new LSTM.Builder()
                                .nIn(inputs)
                                .nOut(hidden)
                                .activation(Activation.TANH)
                                .dataFormat(RNNFormat.NCW)
                                .build()));
            case RNN ->
                lastStepIf(
                        lastTimeStepOnly,
                        new SimpleRnn.Builder()
                                .nIn(inputs)
                                .nOut(hidden)
                                .activation(Activation.TANH)
                                .dataFormat(RNNFormat.NCW)
                                .build());
        };
    }

    /**
     * A DL4J LSTM or SimpleRnn layer to wrap in {@code Bidirectional}. Its weight init is set on the
     * layer itself, not left to the global setting: in DL4J 1.0.0-M2.1 the global one did not reach
     * an LSTM nested in wrappers ({@code Bidirectional(LastTimeStep(LSTM))} failed at init on a null
     * weight init).
     */
    private static Layer dl4jRecurrent(Cell cell, int inputs, int hidden) {
        return switch (cell) {
            case LSTM ->
                new LSTM.Builder()
                        .nIn(inputs)
                        .nOut(hidden)
                        .activation(Activation.TANH)
                        .weightInit(WeightInit.XAVIER)
                        .dataFormat(RNNFormat.NCW)
                        .build();
            case RNN ->
                new SimpleRnn.Builder()
                        .nIn(inputs)
                        .nOut(hidden)
                        .activation(Activation.TANH)
                        .weightInit(WeightInit.XAVIER)
                        .dataFormat(RNNFormat.NCW)
                        .build();
            case GRU -> throw new IllegalArgumentException("the GRU is not a DL4J layer: BidirectionalGruLayer");
        };
    }

    private static Layer lastStepIf(boolean lastTimeStepOnly, Layer recurrent) {
        return lastTimeStepOnly ? new LastTimeStep(recurrent) : recurrent;
    }
}
