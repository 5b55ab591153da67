package io.streamcast.backtest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamcast.emit.Anomaly;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many of a backtest's actuals the served intervals flagged: the events the topology sent to
 * its anomalies topic during the replay, against the actuals a forecast judged (every actual of
 * the holdout after the first origin has the forecast made one step before it). With calibrated
 * intervals about {@code 1 - interval.coverage} of actuals fall outside; {@code scoredAtLeastOne}
 * counts the events at least one half-width beyond their bound (about 1 in 100 actuals for
 * Gaussian errors), what {@code anomaly.minScore: 1} would report.
 *
 * @param judged           actuals that a served forecast covered
 * @param events           anomaly events, one per actual at most
 * @param scoredAtLeastOne events with a score of at least 1
 */
public record AnomalyTally(int judged, int events, int scoredAtLeastOne) {
    /** The tally of {@code anomalies} over the actuals in {@code data} that {@code rows} forecast. */
    public static AnomalyTally of(
            Map<String, List<SeriesPoint>> data, List<ForecastRow> rows, List<Anomaly> anomalies) {
        Set<Actual> actuals = new HashSet<>();
        data.forEach((series, points) -> points.forEach(p -> actuals.add(new Actual(series, p.ts()))));
        Set<Actual> judged = new HashSet<>();
        for (ForecastRow row : rows) {
            Actual target = new Actual(row.series(), row.ts());
            if (actuals.contains(target)) {
                judged.add(target);
            }
        }
        int strong = (int) anomalies.stream().filter(a -> a.score() >= 1).count();
        return new AnomalyTally(judged.size(), anomalies.size(), strong);
    }

    private record Actual(String series, Instant ts) {}

    /** The share of judged actuals flagged; NaN when none was judged. */
    @JsonProperty("share")
    public double share() {
        return judged == 0 ? Double.NaN : (double) events / judged;
    }
}
