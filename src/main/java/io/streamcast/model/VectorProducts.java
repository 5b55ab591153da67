package io.streamcast.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The recurrent kernels' vector-matrix products on the SIMD lanes: {@code out[j] = init[j] + sum_k
 * x[xAt + k] m[k stride + j]} for the lane-aligned columns {@code j < bound}.
 *
 * <p>Why four accumulators: one lane-width of columns summed over k is a chain of dependent fused
 * multiply-adds, each waiting the FMA's latency (about 4 cycles) for the one before; a GRU(32)'s
 * h U was 32 of them per lane-width and step, 76% of the serving kernel's time in a JFR profile of
 * the bench's drain. Four lane-widths of columns at once, sharing each broadcast x[k], keep four
 * independent chains in flight. The sums are the same as one chain per lane-width, term for term
 * and in the same order.
 */
final class VectorProducts {
    private static final VectorSpecies<Float> LANES = VectorGates.LANES;
    private static final int L = LANES.length();

    private VectorProducts() {}

    /** {@code init} null: start from zero; {@code init == out} accumulates in place. */
    static void multiplyAdd(float[] init, float[] m, int stride, float[] x, int xAt, int n, float[] out, int bound) {
        int j = 0;
        for (; j + 4 * L <= bound; j += 4 * L) {
            four(init, m, stride, x, xAt, n, out, j);
        }
        for (; j + 2 * L <= bound; j += 2 * L) {
            two(init, m, stride, x, xAt, n, out, j);
        }
        for (; j < bound; j += L) {
            one(init, m, stride, x, xAt, n, out, j);
        }
    }

    private static FloatVector start(float[] init, int j) {
        return init == null ? FloatVector.zero(LANES) : FloatVector.fromArray(LANES, init, j);
    }

    private static void four(float[] init, float[] m, int stride, float[] x, int xAt, int n, float[] out, int j) {
        FloatVector a0 = start(init, j);
        FloatVector a1 = start(init, j + L);
        FloatVector a2 = start(init, j + 2 * L);
        FloatVector a3 = start(init, j + 3 * L);
        for (int k = 0; k < n; k++) {
            FloatVector xk = FloatVector.broadcast(LANES, x[xAt + k]);
            int row = k * stride + j;
            a0 = FloatVector.fromArray(LANES, m, row).fma(xk, a0);
            a1 = FloatVector.fromArray(LANES, m, row + L).fma(xk, a1);
            a2 = FloatVector.fromArray(LANES, m, row + 2 * L).fma(xk, a2);
            a3 = FloatVector.fromArray(LANES, m, row + 3 * L).fma(xk, a3);
        }
        a0.intoArray(out, j);
        a1.intoArray(out, j + L);
        a2.intoArray(out, j + 2 * L);
        a3.intoArray(out, j + 3 * L);
    }

    private static void two(float[] init, float[] m, int stride, float[] x, int xAt, int n, float[] out, int j) {
        FloatVector a0 = start(init, j);
        FloatVector a1 = start(init, j + L);
        for (int k = 0; k < n; k++) {
            FloatVector xk = FloatVector.broadcast(LANES, x[xAt + k]);
            int row = k * stride + j;
            a0 = FloatVector.fromArray(LANES, m, row).fma(xk, a0);
            a1 = FloatVector.fromArray(LANES, m, row + L).fma(xk, a1);
        }
        a0.intoArray(out, j);
        a1.intoArray(out, j + L);
    }

    private static void one(float[] init, float[] m, int stride, float[] x, int xAt, int n, float[] out, int j) {
        FloatVector a0 = start(init, j);
        for (int k = 0; k < n; k++) {
            a0 = FloatVector.fromArray(LANES, m, k * stride + j).fma(FloatVector.broadcast(LANES, x[xAt + k]), a0);
        }
        a0.intoArray(out, j);
    }
}
