package io.streamcast.model;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to build one forecasting network: its recurrent layers and their size, the
 * shape of the windows it reads and the forecasts it writes, and how it is trained.
 *
 * @param cells         recurrent cell of each stacked layer, bottom (input side) first
 * @param hidden        units per recurrent layer (per direction when bidirectional)
 * @param inputFeatures values per time step (1 for a plain series, more with covariates)
 * @param window        time steps per input window
 * @param horizon       steps forecast per window, by the direct head or the decoder
 * @param learningRate  Adam learning rate
 * @param clipMode      gradient clipping applied to every layer
 * @param clipThreshold threshold of {@code clipMode}; ignored for {@link ClipMode#NONE}
 * @param l2            L2 penalty on weights (not biases); 0 turns it off
 * @param seed          seed of the weight initialisation, so a spec always builds the same network
 * @param bidirectional every recurrent layer reads the window both forward and backward
 * @param attention     how the top layer's outputs over the window reach the head
 * @param decoder       how the horizon is produced: all at once, or step by step fed back
 */
public record NetworkSpec(
        List<Cell> cells,
        int hidden,
        int inputFeatures,
        int window,
        int horizon,
        double learningRate,
        ClipMode clipMode,
        double clipThreshold,
        double l2,
        long seed,
        boolean bidirectional,
        Attention attention,
        Decoder decoder) {

    public NetworkSpec {
        Objects.requireNonNull(cells, "cells");
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(clipMode, "clipMode");
        Objects.requireNonNull(attention, "attention");
        cells = List.copyOf(cells);
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("cells must name at least one layer");
        }
        requirePositive("hidden", hidden);
        requirePositive("inputFeatures", inputFeatures);
        requirePositive("window", window);
        requirePositive("horizon", horizon);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive number, got " + learningRate);
        }
        if (clipMode != ClipMode.NONE && (!(clipThreshold > 0) || Double.isInfinite(clipThreshold))) {
            throw new IllegalArgumentException("clip threshold must be a positive number for clip mode "
                    + clipMode.contractName() + ", got " + clipThreshold);
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 must be zero or a positive number, got " + l2);
        }
        if (decoder.feedsBack()) {
            RecurrentDecoderLayer.requireSupported(cells, inputFeatures, bidirectional, attention);
        }
    }

    /** A network with the direct head (one output per horizon step). */
    public NetworkSpec(
            List<Cell> cells,
            int hidden,
            int inputFeatures,
            int window,
            int horizon,
            double learningRate,
            ClipMode clipMode,
            double clipThreshold,
            double l2,
            long seed,
            boolean bidirectional,
            Attention attention) {
        this(
                cells,
                hidden,
                inputFeatures,
                window,
                horizon,
                learningRate,
                clipMode,
                clipThreshold,
                l2,
                seed,
                bidirectional,
                attention,
                Decoder.DIRECT);
    }

    /**
     * The plain stack: {@code layers} layers of one {@code cell}, forward only, the top one's last
     * step to the head.
     */
    public NetworkSpec(
            Cell cell,
            int hidden,
            int layers,
            int inputFeatures,
            int window,
            int horizon,
            double learningRate,
            ClipMode clipMode,
            double clipThreshold,
            double l2,
            long seed) {
        this(
                Collections.nCopies(requirePositive("layers", layers), Objects.requireNonNull(cell, "cell")),
                hidden,
                inputFeatures,
                window,
                horizon,
                learningRate,
                clipMode,
                clipThreshold,
                l2,
                seed,
                false,
                Attention.NONE);
    }

    /** Number of stacked recurrent layers. */
    public int layers() {
        return cells.size();
    }

    /** The name forecasts give this network: {@code gru}, or for a mixed stack {@code gru-lstm}. */
    public String name() {
        return Cell.stackName(cells);
    }

    /** The same network with another architecture on the same cells. */
    public NetworkSpec with(boolean otherBidirectional, Attention otherAttention) {
        return with(otherBidirectional, otherAttention, decoder);
    }

    /** The same network with another decoder. */
    public NetworkSpec with(Decoder otherDecoder) {
        return with(bidirectional, attention, otherDecoder);
    }

    private NetworkSpec with(boolean otherBidirectional, Attention otherAttention, Decoder otherDecoder) {
        return new NetworkSpec(
                cells,
                hidden,
                inputFeatures,
                window,
                horizon,
                learningRate,
                clipMode,
                clipThreshold,
                l2,
                seed,
                otherBidirectional,
                otherAttention,
                otherDecoder);
    }

    private static int requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }
}
