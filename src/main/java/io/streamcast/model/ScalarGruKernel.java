package io.streamcast.model;

/** {@link GruKernel} as plain loops: what any JVM runs, and the reference the SIMD kernel is tested against. */
final class ScalarGruKernel implements GruKernel {
    @Override
    public void run(
            GruWeights g, int window, float[] seq, float[] out, float[] h, float[] fromInput, float[] fromHidden) {
        int nIn = g.nIn();
        int units = g.nOut();
        int gates = 3 * units;
        float[] w = g.w();
        float[] u = g.u();
        for (int t = 0; t < window; t++) {
            System.arraycopy(g.b(), 0, fromInput, 0, gates);
            for (int k = 0; k < nIn; k++) {
                float x = seq[t * nIn + k];
                int row = k * gates;
                for (int j = 0; j < gates; j++) {
                    fromInput[j] += x * w[row + j];
                }
            }
            java.util.Arrays.fill(fromHidden, 0, gates, 0f);
            for (int k = 0; k < units; k++) {
                float hk = h[k];
                int row = k * gates;
                for (int j = 0; j < gates; j++) {
                    fromHidden[j] += hk * u[row + j];
                }
            }
            for (int j = 0; j < units; j++) {
                float r = Gates.sigmoid(fromInput[j] + fromHidden[j]);
                float z = Gates.sigmoid(fromInput[units + j] + fromHidden[units + j]);
                float n = Gates.tanh(fromInput[2 * units + j] + r * (fromHidden[2 * units + j] + g.bhn()[j]));
                float updated = n + z * (h[j] - n);
                out[t * units + j] = updated;
            }
            System.arraycopy(out, t * units, h, 0, units);
        }
    }
}
