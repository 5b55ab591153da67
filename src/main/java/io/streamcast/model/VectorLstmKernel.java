package io.streamcast.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LstmKernel} on the JVM's SIMD lanes, for the reason {@link VectorGruKernel} gives: the
 * matrix-vector products and the gate functions a lane-width at a time. Same equations as
 * {@link ScalarLstmKernel}; sums in another order (fused multiply-adds), so results agree to float
 * rounding, which the tests bound.
 */
final class VectorLstmKernel implements LstmKernel {
    private static final VectorSpecies<Float> LANES = VectorGates.LANES;

    @Override
    public void run(LstmWeights g, int window, float[] seq, float[] out, float[] h, float[] cell, float[] gates) {
        int nIn = g.nIn();
        int units = g.nOut();
        int width = 4 * units;
        float[] w = g.w();
        float[] u = g.u();
        float[] b = g.b();
        int widthBound = LANES.loopBound(width);
        int unitsBound = LANES.loopBound(units);
        for (int t = 0; t < window; t++) {
            int xAt = t * nIn;
            // gates = b + x W + h U, four lane-widths of pre-activations at a time.
            VectorProducts.multiplyAdd(b, w, width, seq, xAt, nIn, gates, widthBound);
            VectorProducts.multiplyAdd(gates, u, width, h, 0, units, gates, widthBound);
            for (int j = widthBound; j < width; j++) {
                float acc = b[j];
                for (int k = 0; k < nIn; k++) {
                    acc += seq[xAt + k] * w[k * width + j];
                }
                for (int k = 0; k < units; k++) {
                    acc += h[k] * u[k * width + j];
                }
                gates[j] = acc;
            }
            int outAt = t * units;
            for (int j = 0; j < unitsBound; j += LANES.length()) {
                FloatVector input = VectorGates.tanh(FloatVector.fromArray(LANES, gates, j));
                FloatVector forget = VectorGates.sigmoid(FloatVector.fromArray(LANES, gates, units + j));
                FloatVector output = VectorGates.sigmoid(FloatVector.fromArray(LANES, gates, 2 * units + j));
                FloatVector admit = VectorGates.sigmoid(FloatVector.fromArray(LANES, gates, 3 * units + j));
                FloatVector c =
                        forget.mul(FloatVector.fromArray(LANES, cell, j)).add(admit.mul(input));
                c.intoArray(cell, j);
                output.mul(VectorGates.tanh(c)).intoArray(out, outAt + j);
            }
            for (int j = unitsBound; j < units; j++) {
                ScalarLstmKernel.unit(j, units, gates, cell, out, outAt);
            }
            System.arraycopy(out, outAt, h, 0, units);
        }
    }
}
