package io.streamcast.training;

import io.streamcast.config.ConfigException;
import io.streamcast.model.NetworkArchitecture;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.NetworkSpec;
import io.streamcast.model.RecurrentDecoderLayer;
import io.streamcast.model.WindowSameDiffLayer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Refuses a checkpoint whose network does not fit the topology, with a message saying what
 * differs: its architecture (cells, direction, attention; {@link NetworkArchitecture}), its
 * horizon, or its size.
 */
public final class CheckpointCompatibility {
    private CheckpointCompatibility() {}

    public static void check(MultiLayerNetwork net, NetworkSpec spec, String source) {
        MultiLayerNetwork wanted = NetworkFactory.build(spec);
        String architecture = NetworkArchitecture.describe(net.getLayerWiseConfigurations());
        String expectedArchitecture = NetworkArchitecture.describe(wanted.getLayerWiseConfigurations());
        if (!architecture.equals(expectedArchitecture)) {
            throw new ConfigException(source + ": checkpoint is a " + architecture + " network but the topology's is "
                    + expectedArchitecture + "; train it again with this topology");
        }
        long width = inputWidth(net.getLayerWiseConfigurations().getConf(0).getLayer());
        if (width != spec.inputFeatures()) {
            throw new ConfigException(source + ": checkpoint reads " + width + " input channels per step but the"
                    + " topology feeds " + spec.inputFeatures() + " (the error channel and its features and calendar);"
                    + " train it again with this topology");
        }
        long params = net.numParams();
        long expected = wanted.numParams();
        long outputs = outputsOf(net);
        if (outputs != spec.horizon()) {
            throw new ConfigException(source + ": checkpoint forecasts " + outputs
                    + " steps but the topology's horizon is " + spec.horizon());
        }
        if (params != expected) {
            throw new ConfigException(source + ": checkpoint has " + params + " parameters but the topology's network ("
                    + expectedArchitecture + ", hidden " + spec.hidden() + ", layers " + spec.layers()
                    + ") has " + expected
                    + "; train it again with this topology");
        }
    }

    /** Input channels per window step of a network's first layer, through the wrappers it may sit in. */
    private static long inputWidth(org.deeplearning4j.nn.conf.layers.Layer layer) {
        if (layer instanceof WindowSameDiffLayer window) {
            return window.nIn();
        }
        if (layer instanceof Bidirectional bidirectional) {
            return inputWidth(bidirectional.getFwd());
        }
        if (layer instanceof BaseWrapperLayer wrapper) {
            return inputWidth(wrapper.getUnderlying());
        }
        return ((FeedForwardLayer) layer).getNIn();
    }

    /** Steps the network forecasts: its decoder's horizon, or the direct head's outputs. */
    private static long outputsOf(MultiLayerNetwork net) {
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayerWiseConfigurations().getConf(i).getLayer() instanceof RecurrentDecoderLayer decoder) {
                return decoder.horizon();
            }
        }
        Layer[] layers = net.getLayers();
        return layers[layers.length - 1].getParam("W").size(1);
    }
}
