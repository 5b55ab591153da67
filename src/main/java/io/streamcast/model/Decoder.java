package io.streamcast.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the network produces the horizon (topology field {@code model.decoder}). */
public enum Decoder {
    /** One linear output per horizon step, all at once, from the encoded window. */
    DIRECT,
    /**
     * A one-step-ahead recurrent forecaster whose prediction is fed back as its next input, H times:
     * the decoding steps continue the encoder's own cells ({@link RecurrentDecoderLayer}).
     */
    AUTOREGRESSIVE,
    /**
     * An encoder RNN over the window and a decoder RNN with its own weights unrolling the horizon
     * from the encoder's final state ({@link RecurrentDecoderLayer}).
     */
    SEQ2SEQ;

    /** The spelling used in topology files: {@code direct}, {@code autoregressive}, {@code seq2seq}. */
    public String contractName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether decoding feeds predictions back, so training chooses between truth and prediction. */
    public boolean feedsBack() {
        return this != DIRECT;
    }

    /**
     * Reads a topology file spelling, ignoring case.
     *
     * @throws IllegalArgumentException naming the allowed values when {@code text} is none of them
     */
    public static Decoder parse(String text) {
        if (text != null) {
            String wanted = text.trim().toUpperCase(Locale.ROOT);
            for (Decoder decoder : values()) {
                if (decoder.name().equals(wanted)) {
                    return decoder;
                }
            }
        }
        throw new IllegalArgumentException("unknown decoder '" + text + "', expected one of "
                + Arrays.stream(values()).map(Decoder::contractName).collect(Collectors.joining(", ")));
    }
}
