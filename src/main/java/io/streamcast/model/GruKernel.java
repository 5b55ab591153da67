package io.streamcast.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One GRU layer over one sequence: the inner loops of {@link FusedRecurrentForward}. */
interface GruKernel {
    /**
     * Runs the layer over {@code seq} ([time][nIn], {@code window} steps); writes [time][nOut] to
     * {@code out} and leaves the last state in {@code h}. {@code fromInput} and {@code fromHidden}
     * are scratch of at least 3 nOut values.
     */
    void run(GruWeights g, int window, float[] seq, float[] out, float[] h, float[] fromInput, float[] fromHidden);

    /**
     * The SIMD kernel when the JVM was started with {@code --add-modules jdk.incubator.vector}
     * ({@code bin/streamcast}, the Docker image and the tests are), else the plain loops: same
     * equations, the SIMD one about five times faster (README, Performance).
     */
    static GruKernel best() {
        Logger log = LoggerFactory.getLogger(GruKernel.class);
        try {
            GruKernel vector = new VectorGruKernel();
            log.debug("GRU serving kernel: Vector API, {} lanes", VectorGruKernel.lanes());
            return vector;
        } catch (LinkageError e) {
            // The incubator module is not in the boot layer: plain loops, same results.
            log.info(
                    "GRU serving kernel: plain loops (start the JVM with --add-modules jdk.incubator.vector for SIMD)");
            return new ScalarGruKernel();
        }
    }
}
