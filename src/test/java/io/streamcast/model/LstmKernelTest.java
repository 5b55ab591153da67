package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The LSTM's SIMD kernel computes what its plain loops compute, at sizes that fill the lanes and sizes that leave tails. */
class LstmKernelTest {

    /** The tests run with the incubator module (pom: test.jvm.args), as bin/streamcast and the image do: SIMD serves. */
    @Test
    void theSimdKernelServesWhenTheJvmHasTheVectorApi() {
        assertInstanceOf(VectorLstmKernel.class, FusedRecurrentForward.LSTM_KERNEL);
    }

    @ParameterizedTest
    @CsvSource({"1, 32, 48", "1, 5, 7", "3, 17, 12", "32, 32, 24", "2, 70, 9"})
    void simdAndPlainLoopsAgree(int nIn, int units, int window) {
        Random random = new Random(nIn * 1000L + units);
        int width = 4 * units;
        LstmWeights g = new LstmWeights(
                nIn,
                units,
                gaussian(random, nIn * width, 0.5),
                gaussian(random, units * width, 0.5),
                gaussian(random, width, 0.5));
        float[] seq = gaussian(random, window * nIn, 2.0);
        int scratch = Math.max(nIn, units);
        float[] expectedOut = new float[window * scratch];
        float[] expectedH = new float[scratch];
        float[] expectedCell = new float[scratch];
        new ScalarLstmKernel().run(g, window, seq, expectedOut, expectedH, expectedCell, new float[4 * scratch]);
        float[] out = new float[window * scratch];
        float[] h = new float[scratch];
        float[] cell = new float[scratch];
        new VectorLstmKernel().run(g, window, seq, out, h, cell, new float[4 * scratch]);
        for (int i = 0; i < window * units; i++) {
            assertEquals(expectedOut[i], out[i], 1e-5, "output " + i);
        }
        for (int j = 0; j < units; j++) {
            assertEquals(expectedH[j], h[j], 1e-5, "last state " + j);
            assertEquals(expectedCell[j], cell[j], 1e-4, "last cell state " + j);
        }
    }

    private static float[] gaussian(Random random, int n, double sd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextGaussian() * sd);
        }
        return a;
    }
}
