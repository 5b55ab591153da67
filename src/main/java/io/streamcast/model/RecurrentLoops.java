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

    /** {@code gates} += h W, for {@code h} the {@code units} values of {@code states} from {@code at}. */
    static void addRecurrent(double[] states, int at, int units, double[] weights, double[] gates) {
        addScaledRows(states, at, units, weights, gates, gates.length);
    }

    /**
     * {@code out[i]} += sum over r of {@code coefficients[from + r] m[r length + i]}, for the
     * {@code rows} rows of {@code m} and i below {@code length}: a vector-matrix product, taken four
     * rows per pass over {@code out}. A pass per row loaded and stored every element of {@code out}
     * once per row, and that traffic, not the arithmetic, was 41% of an online trainer's time (h W)
     * in a JFR profile of the bench. Each element still adds its terms one at a time in row order
     * (Java neither reorders nor fuses them), so the sums are bit for bit those of a pass per row.
     */
    private static void addScaledRows(double[] coefficients, int from, int rows, double[] m, double[] out, int length) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            double c0 = coefficients[from + r];
            double c1 = coefficients[from + r + 1];
            double c2 = coefficients[from + r + 2];
            double c3 = coefficients[from + r + 3];
            int r0 = r * length;
            int r1 = r0 + length;
            int r2 = r1 + length;
            int r3 = r2 + length;
            for (int i = 0; i < length; i++) {
                out[i] = out[i] + c0 * m[r0 + i] + c1 * m[r1 + i] + c2 * m[r2 + i] + c3 * m[r3 + i];
            }
        }
        for (; r < rows; r++) {
            double c = coefficients[from + r];
            int row = r * length;
            for (int i = 0; i < length; i++) {
                out[i] += c * m[row + i];
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
        addScaledRows(dGates, 0, width, weightsTransposed, dPrevious, units);
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
