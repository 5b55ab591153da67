package io.streamcast.model;

/**
 * One GRU layer's weights as plain arrays, row-major: {@code w [nIn][3 nOut]}, {@code u [nOut][3 nOut]},
 * {@code b [3 nOut]}, {@code bhn [nOut]} (the candidate's recurrent bias), gate order r, z, n as in {@link GruLayer}.
 */
record GruWeights(int nIn, int nOut, float[] w, float[] u, float[] b, float[] bhn) implements FusedLayer {
    @Override
    public int gates() {
        return 3;
    }

    @Override
    public void run(int window, float[] seq, float[] out, float[] h, float[] cell, float[] scratchA, float[] scratchB) {
        FusedRecurrentForward.GRU_KERNEL.run(this, window, seq, out, h, scratchA, scratchB);
    }
}
