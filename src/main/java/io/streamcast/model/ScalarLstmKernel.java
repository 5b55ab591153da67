package io.streamcast.model;

/** {@link LstmKernel} as plain loops: what any JVM runs, and the reference the SIMD kernel is tested against. */
final class ScalarLstmKernel implements LstmKernel {
    @Override
    public void run(LstmWeights g, int window, float[] seq, float[] out, float[] h, float[] cell, float[] gates) {
        int nIn = g.nIn();
        int units = g.nOut();
        int width = 4 * units;
        float[] w = g.w();
        float[] u = g.u();
        for (int t = 0; t < window; t++) {
            System.arraycopy(g.b(), 0, gates, 0, width);
            for (int k = 0; k < nIn; k++) {
                float x = seq[t * nIn + k];
                int row = k * width;
                for (int j = 0; j < width; j++) {
                    gates[j] += x * w[row + j];
                }
            }
            for (int k = 0; k < units; k++) {
                float hk = h[k];
                int row = k * width;
                for (int j = 0; j < width; j++) {
                    gates[j] += hk * u[row + j];
                }
            }
            for (int j = 0; j < units; j++) {
                unit(j, units, gates, cell, out, t * units);
            }
            System.arraycopy(out, t * units, h, 0, units);
        }
    }

    /**
     * Unit {@code j}'s step from its four pre-activations in {@code gates} (DL4J's order: block
     * input, forget, output, input gate): its cell state in place, its output at {@code outAt + j}.
     */
    static void unit(int j, int units, float[] gates, float[] cell, float[] out, int outAt) {
        float input = Gates.tanh(gates[j]);
        float forget = Gates.sigmoid(gates[units + j]);
        float output = Gates.sigmoid(gates[2 * units + j]);
        float admit = Gates.sigmoid(gates[3 * units + j]);
        cell[j] = forget * cell[j] + admit * input;
        out[outAt + j] = output * Gates.tanh(cell[j]);
    }
}
