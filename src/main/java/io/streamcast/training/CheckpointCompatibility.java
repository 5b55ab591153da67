package io.streamcast.training;

import io.streamcast.config.ConfigException;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.NetworkSpec;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Refuses a checkpoint whose shape does not fit the topology, with a message saying what differs. */
public final class CheckpointCompatibility {
    private CheckpointCompatibility() {}

    public static void check(MultiLayerNetwork net, NetworkSpec spec, String source) {
        long params = net.numParams();
        long expected = NetworkFactory.build(spec).numParams();
        Layer[] layers = net.getLayers();
        long outputs = layers[layers.length - 1].getParam("W").size(1);
        if (outputs != spec.horizon()) {
            throw new ConfigException(source + ": checkpoint forecasts " + outputs
                    + " steps but the topology's horizon is " + spec.horizon());
        }
        if (params != expected) {
            throw new ConfigException(source + ": checkpoint has " + params + " parameters but the topology's network ("
                    + spec.cell().name().toLowerCase() + ", hidden " + spec.hidden() + ", layers " + spec.layers()
                    + ") has " + expected
                    + "; train it again with this topology");
        }
    }
}
