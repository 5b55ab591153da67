package io.streamcast.training;

import io.streamcast.model.RecurrentDecoderLayer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** The one-output head inside a network's {@link RecurrentDecoderLayer}, if it has one. */
final class DecoderHead {
    private final Layer layer;

    private DecoderHead(Layer layer) {
        this.layer = layer;
    }

    /** The head of {@code net}'s decoder layer; null for a network with the direct head. */
    static DecoderHead of(MultiLayerNetwork net) {
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayerWiseConfigurations().getConf(i).getLayer() instanceof RecurrentDecoderLayer) {
                return new DecoderHead(net.getLayer(i));
            }
        }
        return null;
    }

    /** Every step's correction becomes zero: the network forecasts the base until it learns. */
    void zero() {
        layer.getParam(RecurrentDecoderLayer.HEAD_WEIGHTS).assign(0);
        layer.getParam(RecurrentDecoderLayer.HEAD_BIAS).assign(0);
    }
}
