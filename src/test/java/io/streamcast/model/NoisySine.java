package io.streamcast.model;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Training windows cut from noisy sine waves of random phase: learnable, but not by chance. */
final class NoisySine {

    private NoisySine() {}

    /**
     * @return features NCW {@code [windows, 1, window]}, labels {@code [windows, horizon]}: the
     *         next {@code horizon} values of the same wave
     */
    static DataSet windows(int windows, int window, int horizon, long seed) {
        Random random = new Random(seed);
        double period = 12;
        double noise = 0.1;
        float[][][] features = new float[windows][1][window];
        float[][] labels = new float[windows][horizon];
        for (int i = 0; i < windows; i++) {
            double phase = random.nextDouble() * 2 * Math.PI;
            for (int t = 0; t < window + horizon; t++) {
                float value = (float) (Math.sin(phase + 2 * Math.PI * t / period) + noise * random.nextGaussian());
                if (t < window) {
                    features[i][0][t] = value;
                } else {
                    labels[i][t - window] = value;
                }
            }
        }
        INDArray x = Nd4j.create(features).castTo(DataType.FLOAT);
        INDArray y = Nd4j.create(labels).castTo(DataType.FLOAT);
        return new DataSet(x, y);
    }
}
