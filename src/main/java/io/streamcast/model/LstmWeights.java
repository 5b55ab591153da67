package io.streamcast.model;

/**
 * One DL4J {@code LSTM} layer's weights as plain arrays, row-major: {@code w [nIn][4 nOut]},
 * {@code u [nOut][4 nOut]}, {@code b [4 nOut]}, in DL4J's gate order: block input (tanh), forget,
 * output, input gate (sigmoid); no peepholes (that is {@code GravesLSTM}).
 */
record LstmWeights(int nIn, int nOut, float[] w, float[] u, float[] b) implements FusedLayer {
    @Override
    public int gates() {
        return 4;
    }

    @Override
    public void run(int window, float[] seq, float[] out, float[] h, float[] cell, float[] scratchA, float[] scratchB) {
        FusedRecurrentForward.LSTM_KERNEL.run(this, window, seq, out, h, cell, scratchA);
    }
}
