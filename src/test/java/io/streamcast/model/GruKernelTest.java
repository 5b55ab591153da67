package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SIMD kernel computes what the plain loops compute, at sizes that fill the lanes and sizes that leave tails. */
class GruKernelTest {

    /** The tests run with the incubator module (pom: test.jvm.args), as bin/streamcast and the image do: SIMD serves. */
    @Test
    void theSimdKernelServesWhenTheJvmHasTheVectorApi() {
        assertInstanceOf(VectorGruKernel.class, FusedRecurrentForward.GRU_KERNEL);
    }

    @ParameterizedTest
    @CsvSource({"1, 32, 48", "1, 5, 7", "3, 17, 12", "32, 32, 24", "2, 70, 9"})
    void simdAndPlainLoopsAgree(int nIn, int units, int window) {
        Random random = new Random(nIn * 1000L + units);
        int gates = 3 * units;
        GruWeights g = new GruWeights(
                nIn,
                units,
                gaussian(random, nIn * gates, 0.5),
                gaussian(random, units * gates, 0.5),
                gaussian(random, gates, 0.5),
                gaussian(random, units, 0.5));
        float[] seq = gaussian(random, window * nIn, 2.0);
        int scratch = Math.max(nIn, units);
        float[] expectedOut = new float[window * scratch];
        float[] expectedH = new float[scratch];
        new ScalarGruKernel()
                .run(g, window, seq, expectedOut, expectedH, new float[3 * scratch], new float[3 * scratch]);
        float[] out = new float[window * scratch];
        float[] h = new float[scratch];
        new VectorGruKernel().run(g, window, seq, out, h, new float[3 * scratch], new float[3 * scratch]);
        for (int i = 0; i < window * units; i++) {
            assertEquals(expectedOut[i], out[i], 1e-5, "output " + i);
        }
        for (int j = 0; j < units; j++) {
            assertEquals(expectedH[j], h[j], 1e-5, "last state " + j);
        }
    }

    @Test
    void gateFunctionsSaturateWithoutNaN() {
        for (float x : new float[] {-1e4f, -100f, -30f, 0f, 30f, 100f, 1e4f}) {
            float s = Gates.sigmoid(x);
            float t = Gates.tanh(x);
            assertEquals(1.0 / (1.0 + Math.exp(-x)), s, 1e-6, "sigmoid " + x);
            assertEquals(Math.tanh(x), t, 1e-6, "tanh " + x);
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
