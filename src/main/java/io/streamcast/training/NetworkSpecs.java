package io.streamcast.training;

import io.streamcast.config.TopologySpec;
import io.streamcast.model.NetworkSpec;
import io.streamcast.model.WindowEncoder;

/** The network a topology spec asks for. */
public final class NetworkSpecs {
    private NetworkSpecs() {}

    public static NetworkSpec of(TopologySpec spec) {
        return new NetworkSpec(
                spec.cellsValue(),
                spec.model.hidden,
                spec.inputFeatures(),
                spec.window,
                spec.horizon,
                spec.training.learningRate,
                spec.clipModeValue(),
                spec.training.clip.threshold,
                spec.training.l2,
                spec.model.seed,
                spec.model.bidirectional,
                spec.attentionValue(),
                spec.decoderValue());
    }

    public static WindowEncoder encoder(TopologySpec spec) {
        return new WindowEncoder(spec.window, spec.period, spec.horizon, spec.model.clamp, spec.covariatesValue());
    }
}
