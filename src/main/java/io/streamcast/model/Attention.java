package io.streamcast.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the top recurrent layer's outputs over the window become the one vector the forecasting head
 * reads (topology field {@code model.attention}).
 */
public enum Attention {
    /** The top layer's last time step, as before attention existed. */
    NONE,
    /** Dot-product attention pooling with one learned query: {@link DotAttentionLayer}. */
    DOT,
    /** Additive (Bahdanau-style) attention pooling: {@link AdditiveAttentionLayer}. */
    ADDITIVE;

    /** The spelling used in topology files: {@code none}, {@code dot}, {@code additive}. */
    public String contractName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a topology file spelling, ignoring case.
     *
     * @throws IllegalArgumentException naming the allowed values when {@code text} is none of them
     */
    public static Attention parse(String text) {
        if (text != null) {
            String wanted = text.trim().toUpperCase(Locale.ROOT);
            for (Attention attention : values()) {
                if (attention.name().equals(wanted)) {
                    return attention;
                }
            }
        }
        throw new IllegalArgumentException("unknown attention '" + text + "', expected one of "
                + Arrays.stream(values()).map(Attention::contractName).collect(Collectors.joining(", ")));
    }
}
