package io.streamcast.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Gates} a lane-width at a time, for the SIMD kernels; loaded only when the JVM has the Vector API. */
final class VectorGates {
    /** The widest lanes this CPU has (16 floats with AVX-512, 8 with AVX2): what every SIMD kernel runs on. */
    static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;

    private static final FloatVector ONE = FloatVector.broadcast(LANES, 1f);
    private static final FloatVector TWO = FloatVector.broadcast(LANES, 2f);

    private VectorGates() {}

    /** 1 / (1 + e^-x): e^-x overflows to infinity for x below about -88 and the result is then 0, as it should be. */
    static FloatVector sigmoid(FloatVector x) {
        return ONE.div(x.neg().lanewise(VectorOperators.EXP).add(1f));
    }

    /** 1 - 2 / (e^2x + 1), as {@link Gates#tanh}: saturates cleanly to +-1. */
    static FloatVector tanh(FloatVector x) {
        return ONE.sub(TWO.div(x.mul(2f).lanewise(VectorOperators.EXP).add(1f)));
    }
}
