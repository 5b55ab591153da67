package io.streamcast.topology;

import io.streamcast.config.TopologySpec;
import java.util.Arrays;

/**
 * How the emitter makes a topology's further quantiles ({@code interval.quantiles}): each is the
 * point plus (p > 0.5) or minus (p < 0.5) the half-width of the central interval of coverage
 * |2p - 1|, which is the main interval's, one of the calibrators' extra levels
 * ({@code TopologySpec.Interval#extraLevels}), or none for the median.
 */
final class QuantileLayout {
    private static final int MEDIAN = -2;
    private static final int MAIN_INTERVAL = -1;

    /** Ascending. */
    private final double[] probabilities;
    /** Per quantile: the index of its extra level, or {@link #MAIN_INTERVAL} or {@link #MEDIAN}. */
    private final int[] width;
    /** Per quantile: +1 above the point, -1 below. */
    private final int[] side;

    QuantileLayout(TopologySpec.Interval interval) {
        this.probabilities = interval.quantiles.stream()
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        double[] levels = interval.extraLevels();
        this.width = new int[probabilities.length];
        this.side = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            double level = TopologySpec.Interval.levelOf(probabilities[i]);
            width[i] = level == 0
                    ? MEDIAN
                    : level == interval.coverage ? MAIN_INTERVAL : Arrays.binarySearch(levels, level);
            side[i] = probabilities[i] > 0.5 ? 1 : -1;
        }
    }

    /** The probabilities, ascending; empty when the topology asks for none. */
    double[] probabilities() {
        return probabilities;
    }

    int size() {
        return probabilities.length;
    }

    /**
     * The i-th quantile of a step whose point is {@code value}, whose main interval's half-width is
     * {@code half} and whose extra levels' half-widths are {@code extraHalfWidths}.
     */
    double value(int i, double value, double half, double[] extraHalfWidths) {
        double w = width[i] == MEDIAN ? 0 : width[i] == MAIN_INTERVAL ? half : extraHalfWidths[width[i]];
        return value + side[i] * w;
    }
}
