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
        java.util.Arrays.fill(h, 0, units, 0f);
        java.util.Arrays.fill(cell, 0, units, 0f);
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
                float input = ScalarGruKernel.tanh(gates[j]);
                float forget = ScalarGruKernel.sigmoid(gates[units + j]);
                float output = ScalarGruKernel.sigmoid(gates[2 * units + j]);
                float admit = ScalarGruKernel.sigmoid(gates[3 * units + j]);
                cell[j] = forget * cell[j] + admit * input;
                out[t * units + j] = output * ScalarGruKernel.tanh(cell[j]);
            }
            System.arraycopy(out, t * units, h, 0, units);
        }
    }
}
