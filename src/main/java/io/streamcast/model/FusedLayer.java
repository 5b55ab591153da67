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
     * Runs the layer over {@code seq} ([time][nIn], {@code window} steps) from a zero state; writes
     * [time][nOut] to {@code out} and leaves the last hidden state in {@code h}. {@code cell},
     * {@code scratchA} and {@code scratchB} are scratch of at least nOut, gates x nOut and
     * gates x nOut values.
     */
    void run(int window, float[] seq, float[] out, float[] h, float[] cell, float[] scratchA, float[] scratchB);
}
