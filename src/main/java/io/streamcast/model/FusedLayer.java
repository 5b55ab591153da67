package io.streamcast.model;

/**
 * One recurrent layer of {@link FusedRecurrentForward}: its weights as plain arrays and the kernel
 * that runs them over one sequence.
 */
sealed interface FusedLayer permits GruWeights, LstmWeights {
    int nIn();

    int nOut();

    /** Pre-activations per unit: 3 for a GRU (r, z, n), 4 for an LSTM (block input, f, o, i). */
    int gates();

    /**
     * Runs the layer over {@code seq} ([time][nIn], {@code window} steps) from the state in {@code
     * h} and, for an LSTM, {@code cell} (zeros for a window's start; a carried state to resume);
     * writes [time][nOut] to {@code out} and leaves the last hidden state in {@code h} (and cell
     * state in {@code cell}). {@code cell} is unused by a GRU; {@code scratchA} and {@code
     * scratchB} are scratch of at least gates x nOut values.
     */
    void run(int window, float[] seq, float[] out, float[] h, float[] cell, float[] scratchA, float[] scratchB);
}
