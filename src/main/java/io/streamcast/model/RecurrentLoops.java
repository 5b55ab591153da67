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
        int width = gates.length;
        for (int k = 0; k < units; k++) {
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
        for (int j = 0; j < width; j++) {
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
