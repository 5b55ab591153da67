package io.streamcast.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One LSTM layer over one sequence: the inner loops of {@link FusedRecurrentForward}. */
interface LstmKernel {
    /**
     * Runs the layer over {@code seq} ([time][nIn], {@code window} steps) from a zero state; writes
     * [time][nOut] to {@code out} and leaves the last hidden state in {@code h} and the last cell
     * state in {@code cell}. {@code gates} is scratch of at least 4 nOut values.
     */
    void run(LstmWeights g, int window, float[] seq, float[] out, float[] h, float[] cell, float[] gates);

    /** The SIMD kernel when the JVM has the Vector API, else the plain loops (as {@link GruKernel#best}). */
    static LstmKernel best() {
        Logger log = LoggerFactory.getLogger(LstmKernel.class);
        try {
            LstmKernel vector = new VectorLstmKernel();
            log.debug("LSTM serving kernel: Vector API");
            return vector;
        } catch (LinkageError e) {
            log.info(
                    "LSTM serving kernel: plain loops (start the JVM with --add-modules jdk.incubator.vector for SIMD)");
            return new ScalarLstmKernel();
        }
    }
}
