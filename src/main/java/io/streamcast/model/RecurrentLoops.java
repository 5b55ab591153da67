package io.streamcast.model;

/**
 * The pieces {@link GruBackprop} and {@link LstmBackprop} share: arrays are row-major, inputs
 * {@code [batch][feature][time]}, traces {@code [batch][time][unit]}.
 */
final class RecurrentLoops {
    private RecurrentLoops() {}

    /** {@code gates} = {@code bias} + x_t W for sample {@code b}, step {@code t} of {@code input}. */
    static void projectInput(
            double[] input, int b, int t, int nIn, int steps, double[] weights, double[] bias, double[] gates) {
        int width = gates.length;
        System.arraycopy(bias, 0, gates, 0, width);
        for (int i = 0; i < nIn; i++) {
            double x = input[(b * nIn + i) * steps + t];
            int row = i * width;
            for (int j = 0; j < width; j++) {
                gates[j] += x * weights[row + j];
            }
        }
    }

    /**
     * {@code gates} += h W, for {@code h} the {@code units} values of {@code states} from {@code at}.
     * Four rows of W per pass over the gates: a pass per row loaded and stored every gate once per
     * unit, and that traffic, not the arithmetic, was 37% of an online trainer's time in a JFR
     * profile of the bench. Each gate still adds its terms one at a time in the order of k (Java
     * neither reorders nor fuses them), so the sums are bit for bit those of a pass per row.
     */
    static void addRecurrent(double[] states, int at, int units, double[] weights, double[] gates) {
        int width = gates.length;
        int k = 0;
        for (; k + 4 <= units; k += 4) {
            double h0 = states[at + k];
            double h1 = states[at + k + 1];
            double h2 = states[at + k + 2];
            double h3 = states[at + k + 3];
            int r0 = k * width;
            int r1 = r0 + width;
            int r2 = r1 + width;
            int r3 = r2 + width;
            for (int j = 0; j < width; j++) {
                gates[j] = gates[j]
                        + h0 * weights[r0 + j]
                        + h1 * weights[r1 + j]
                        + h2 * weights[r2 + j]
                        + h3 * weights[r3 + j];
            }
        }
        for (; k < units; k++) {
            double h = states[at + k];
            int row = k * width;
            for (int j = 0; j < width; j++) {
                gates[j] += h * weights[row + j];
            }
        }
    }

    /**
     * The input side of a step's backward pass: {@code dWeights} += x_t^T dGates and the input's
     * gradient at (b, t) = dGates W^T.
     */
    static void backInput(
            double[] input,
            int b,
            int t,
            int nIn,
            int steps,
            double[] weights,
            double[] dGates,
            double[] dWeights,
            double[] dInput) {
        int width = dGates.length;
        for (int i = 0; i < nIn; i++) {
            int xAt = (b * nIn + i) * steps + t;
            double x = input[xAt];
            int row = i * width;
            double dx = 0;
            for (int j = 0; j < width; j++) {
                dWeights[row + j] += x * dGates[j];
                dx += dGates[j] * weights[row + j];
            }
            dInput[xAt] = dx;
        }
    }

    /**
     * The recurrent side: {@code dWeights} += h_{t-1}^T dGates and {@code dPrevious} += dGates
     * W^T, the latter as rows of the transpose scaled and added: loops the JIT vectorises, where a
     * dot product per unit would add up one by one.
     */
    static void backRecurrent(
            double[] states,
            int at,
            int units,
            double[] dGates,
            double[] dWeights,
            double[] weightsTransposed,
            double[] dPrevious) {
        int width = dGates.length;
        for (int k = 0; k < units; k++) {
            double h = states[at + k];
            int row = k * width;
            for (int j = 0; j < width; j++) {
                dWeights[row + j] += h * dGates[j];
            }
        }
        // Four rows of the transpose per pass, as addRecurrent does and for its reason; the same sums.
        int j = 0;
        for (; j + 4 <= width; j += 4) {
            double g0 = dGates[j];
            double g1 = dGates[j + 1];
            double g2 = dGates[j + 2];
            double g3 = dGates[j + 3];
            int r0 = j * units;
            int r1 = r0 + units;
            int r2 = r1 + units;
            int r3 = r2 + units;
            for (int k = 0; k < units; k++) {
                dPrevious[k] = dPrevious[k]
                        + g0 * weightsTransposed[r0 + k]
                        + g1 * weightsTransposed[r1 + k]
                        + g2 * weightsTransposed[r2 + k]
                        + g3 * weightsTransposed[r3 + k];
            }
        }
        for (; j < width; j++) {
            double g = dGates[j];
            int row = j * units;
            for (int k = 0; k < units; k++) {
                dPrevious[k] += g * weightsTransposed[row + k];
            }
        }
    }

    /** {@code [batch][steps][units]} states as NCW {@code [batch][units][steps]}. */
    static double[] sequence(double[] states, int batch, int steps, int units) {
        double[] sequence = new double[states.length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                int at = (b * steps + t) * units;
                for (int j = 0; j < units; j++) {
                    sequence[(b * units + j) * steps + t] = states[at + j];
                }
            }
        }
        return sequence;
    }

    /** {@code m} {@code [rows][columns]}, transposed. */
    static double[] transpose(double[] m, int rows, int columns) {
        double[] t = new double[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                t[c * rows + r] = m[r * columns + c];
            }
        }
        return t;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
