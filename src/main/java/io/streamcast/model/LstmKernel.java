package io.streamcast.model;

/** One LSTM layer over one sequence: the inner loops of {@link FusedRecurrentForward}. */
interface LstmKernel {
    /**
     * Runs the layer over {@code seq} ([time][nIn], {@code window} steps) from the state in {@code
     * h} and {@code cell} (zeros for a window's start; a carried state to resume); writes
     * [time][nOut] to {@code out} and leaves the last hidden state in {@code h} and the last cell
     * state in {@code cell}. {@code gates} is scratch of at least 4 nOut values.
     */
    void run(LstmWeights g, int window, float[] seq, float[] out, float[] h, float[] cell, float[] gates);

    /** The SIMD kernel when the JVM has the Vector API, else the plain loops ({@link KernelChoice}). */
    static LstmKernel best() {
        // Lambdas, not constructor references: a reference links VectorLstmKernel where it is written, outside
        // the try that catches a JVM without the Vector API.
        return KernelChoice.best("LSTM", () -> new VectorLstmKernel(), () -> new ScalarLstmKernel());
    }
}
