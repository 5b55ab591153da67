package io.streamcast.model;

/** The gate functions of the fused serving loops (GRU and LSTM, plain and SIMD tails alike), in float. */
final class Gates {
    private Gates() {}

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /**
     * tanh through {@code Math.exp}, which the JIT compiles to an intrinsic; {@code Math.tanh} is
     * not one on Java 17 and took about half of the fused forward's time (one per unit and step).
     * Exact to float precision: 1 - 2 / (e^2x + 1), with large |x| saturating cleanly to +-1.
     */
    static float tanh(float x) {
        return (float) (1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0));
    }
}
