package io.streamcast.model;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.GradientNormalization;

/**
 * How every update is clipped before the updater sees it (topology field {@code training.clip.mode}).
 * Online fine-tuning sees one noisy series at a time, so one wild gradient must not wreck the weights.
 */
public enum ClipMode {
    /** Rescale a layer's whole gradient when its L2 norm exceeds the threshold. */
    L2_PER_LAYER("l2PerLayer", GradientNormalization.ClipL2PerLayer),
    /** Like {@link #L2_PER_LAYER} but weights and biases of a layer are clipped separately. */
    L2_PER_PARAM_TYPE("l2PerParamType", GradientNormalization.ClipL2PerParamType),
    /** Clamp each gradient element to [-threshold, threshold]. */
    ELEMENT_WISE("elementWise", GradientNormalization.ClipElementWiseAbsoluteValue),
    /** No clipping. */
    NONE("none", GradientNormalization.None);

    private final String contractName;
    private final GradientNormalization dl4j;

    ClipMode(String contractName, GradientNormalization dl4j) {
        this.contractName = contractName;
        this.dl4j = dl4j;
    }

    /** The spelling used in topology files, e.g. {@code l2PerLayer}. */
    public String contractName() {
        return contractName;
    }

    /** The DL4J setting that implements this mode. */
    public GradientNormalization toDl4j() {
        return dl4j;
    }

    /**
     * Reads a topology file spelling ({@code l2PerLayer}, {@code l2PerParamType}, {@code elementWise},
     * {@code none}), ignoring case; the enum constant names are accepted too.
     *
     * @throws IllegalArgumentException naming the allowed values when {@code text} is none of them
     */
    public static ClipMode parse(String text) {
        if (text != null) {
            String wanted = text.trim();
            for (ClipMode mode : values()) {
                if (mode.contractName.equalsIgnoreCase(wanted) || mode.name().equalsIgnoreCase(wanted)) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException("unknown clip mode '" + text + "', expected one of "
                + Arrays.stream(values()).map(ClipMode::contractName).collect(Collectors.joining(", ")));
    }
}
