package io.streamcast.cli;

import io.streamcast.backtest.SeriesPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A data set's distinct timestamps in order, each with every series' points stamped there: what a
 * live feed sends together. Series read at the same instants (the bundled temperatures) have one
 * point each per instant; an event log (a row per flight) has the few events of each minute, so a
 * series with many events does not run ahead of one with few, as replaying point by point did.
 */
final class Timeline {
    /** One point of one series. */
    record Reading(String series, SeriesPoint point) {}

    private final List<Instant> instants;
    private final List<List<Reading>> at;

    private Timeline(List<Instant> instants, List<List<Reading>> at) {
        this.instants = instants;
        this.at = at;
    }

    /** The series' points merged by timestamp; points of one series at one instant keep their order. */
    static Timeline of(Map<String, List<SeriesPoint>> series) {
        List<Reading> all = new ArrayList<>();
        series.forEach((name, points) -> points.forEach(p -> all.add(new Reading(name, p))));
        // Stable: the series' order, and a series' own order, within an instant.
        all.sort(Comparator.comparing(r -> r.point().ts()));
        List<Instant> instants = new ArrayList<>();
        List<List<Reading>> at = new ArrayList<>();
        for (Reading r : all) {
            if (instants.isEmpty()
                    || !instants.get(instants.size() - 1).equals(r.point().ts())) {
                instants.add(r.point().ts());
                at.add(new ArrayList<>());
            }
            at.get(at.size() - 1).add(r);
        }
        return new Timeline(List.copyOf(instants), at);
    }

    /** How many distinct timestamps: the time steps a replay sends. */
    int size() {
        return instants.size();
    }

    Instant instant(int i) {
        return instants.get(i);
    }

    /** The readings stamped at the {@code i}-th instant. */
    List<Reading> at(int i) {
        return Collections.unmodifiableList(at.get(i));
    }

    /** The index of the first instant at or after {@code ts}; {@link #size()} when none is. */
    int indexOf(Instant ts) {
        int found = Collections.binarySearch(instants, ts);
        return found >= 0 ? found : -found - 1;
    }
}
