package io.streamcast.model;

/** One GRU layer over one sequence: the inner loops of {@link FusedRecurrentForward}. */
interface GruKernel {
    /**
     * Runs the layer over {@code seq} ([time][nIn], {@code window} steps) from the state in {@code
     * h} (zeros for a window's start; a carried state to resume); writes [time][nOut] to {@code
     * out} and leaves the last state in {@code h}. {@code fromInput} and {@code fromHidden}
     * are scratch of at least 3 nOut values.
     */
    void run(GruWeights g, int window, float[] seq, float[] out, float[] h, float[] fromInput, float[] fromHidden);

    /** The SIMD kernel when the JVM has the Vector API, else the plain loops ({@link KernelChoice}). */
    static GruKernel best() {
        // Lambdas, not constructor references: a reference links VectorGruKernel where it is written, outside
        // the try that catches a JVM without the Vector API.
        return KernelChoice.best("GRU", () -> new VectorGruKernel(), () -> new ScalarGruKernel());
    }
}
