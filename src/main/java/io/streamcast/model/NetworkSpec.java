package io.streamcast.model;

import java.util.Objects;

/**
 * Everything needed to build one forecasting network: the cell and its size, the shape of the
 * windows it reads and the forecasts it writes, and how it is trained.
 *
 * @param cell          recurrent cell of every stacked layer
 * @param hidden        units per recurrent layer
 * @param layers        number of stacked recurrent layers
 * @param inputFeatures values per time step (1 for a plain series, more with covariates)
 * @param window        time steps per input window
 * @param horizon       steps forecast at once by the direct head
 * @param learningRate  Adam learning rate
 * @param clipMode      gradient clipping applied to every layer
 * @param clipThreshold threshold of {@code clipMode}; ignored for {@link ClipMode#NONE}
 * @param l2            L2 penalty on weights (not biases); 0 turns it off
 * @param seed          seed of the weight initialisation, so a spec always builds the same network
 */
public record NetworkSpec(
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

    public NetworkSpec {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(clipMode, "clipMode");
        requirePositive("hidden", hidden);
        requirePositive("layers", layers);
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
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
