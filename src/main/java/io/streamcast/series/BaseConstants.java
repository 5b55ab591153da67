package io.streamcast.series;

import java.util.Map;

/**
 * The smoothing constants a topology's series run with: the topology's, and for each series that
 * had history enough when they were fitted, its own (fitted with the topology's as a prior; see
 * {@code SmoothingFit.SeriesFit}). A series the fit never saw, such as one that appears live after
 * {@code train}, runs with the topology's.
 *
 * @param topology the topology's constants
 * @param bySeries constants of series that differ from the topology's, by series id
 */
public record BaseConstants(SmoothingParams topology, Map<String, SmoothingParams> bySeries) {
    public BaseConstants {
        bySeries = bySeries == null ? Map.of() : Map.copyOf(bySeries);
    }

    /** The topology's constants for every series. */
    public static BaseConstants of(SmoothingParams topology) {
        return new BaseConstants(topology, Map.of());
    }

    /**
     * The topology's constants and how many series have their own, for the lines that report a
     * fit: {@code alpha=0.30 ... phi=0.90; 9 series have constants of their own}.
     */
    public String describe() {
        int own = bySeries.size();
        return topology
                + (own == 0
                        ? ""
                        : "; " + own
                                + (own == 1
                                        ? " series has constants of its own"
                                        : " series have constants of their own"));
    }

    /** The constants {@code series} runs with. */
    public SmoothingParams of(String series) {
        SmoothingParams own = bySeries.get(series);
        return own != null ? own : topology;
    }
}
