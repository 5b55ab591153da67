package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The training loops' recurrent products, taken four rows per pass, are bit for bit the sums of one
 * row per pass (the order a gradient check and every published accuracy figure were made with), at
 * sizes that fill the blocks of four and sizes that leave tails.
 */
class RecurrentLoopsTest {

    @ParameterizedTest
    @CsvSource({"32, 96", "16, 64", "5, 15", "3, 9", "1, 4", "7, 28"})
    void blockedProductsAreTheRowByRowSums(int units, int width) {
        Random random = new Random(units * 31L + width);
        double[] states = gaussian(random, units + 3);
        double[] weights = gaussian(random, units * width);
        double[] gates = gaussian(random, width);

        double[] expected = gates.clone();
        for (int k = 0; k < units; k++) {
            for (int j = 0; j < width; j++) {
                expected[j] += states[3 + k] * weights[k * width + j];
            }
        }
        double[] actual = gates.clone();
        RecurrentLoops.addRecurrent(states, 3, units, weights, actual);
        assertArrayEquals(expected, actual, 0.0, "h W");

        double[] dGates = gaussian(random, width);
        double[] transposed = RecurrentLoops.transpose(weights, units, width);
        double[] dPrevious = gaussian(random, units);
        double[] expectedPrevious = dPrevious.clone();
        double[] expectedWeights = new double[units * width];
        for (int k = 0; k < units; k++) {
            for (int j = 0; j < width; j++) {
                expectedWeights[k * width + j] += states[3 + k] * dGates[j];
            }
        }
        for (int j = 0; j < width; j++) {
            for (int k = 0; k < units; k++) {
                expectedPrevious[k] += dGates[j] * transposed[j * units + k];
            }
        }
        double[] dWeights = new double[units * width];
        RecurrentLoops.backRecurrent(states, 3, units, dGates, dWeights, transposed, dPrevious);
        assertArrayEquals(expectedWeights, dWeights, 0.0, "h^T dGates");
        assertArrayEquals(expectedPrevious, dPrevious, 0.0, "dGates W^T");
    }

    private static double[] gaussian(Random random, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextGaussian();
        }
        return a;
    }
}
