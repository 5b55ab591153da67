package io.streamcast.model;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks a serving kernel: the SIMD one when the JVM was started with {@code --add-modules
 * jdk.incubator.vector} ({@code bin/streamcast}, the Docker image and the tests are), else the
 * plain loops: same equations, the SIMD ones about five times faster (README, Performance).
 */
final class KernelChoice {
    private static final Logger LOG = LoggerFactory.getLogger(KernelChoice.class);

    private KernelChoice() {}

    static <K> K best(String cell, Supplier<K> simd, Supplier<K> plain) {
        try {
            K vector = simd.get();
            LOG.debug("{} serving kernel: Vector API, {} lanes", cell, VectorGates.LANES.length());
            return vector;
        } catch (LinkageError e) {
            // The incubator module is not in the boot layer: plain loops, same results.
            LOG.info(
                    "{} serving kernel: plain loops (start the JVM with --add-modules jdk.incubator.vector for SIMD)",
                    cell);
            return plain.get();
        }
    }
}
