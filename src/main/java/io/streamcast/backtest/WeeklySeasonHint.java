package io.streamcast.backtest;

import io.streamcast.emit.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a backtest says when a topology's season is the day but its data repeats by the week:
 * flights departing per airport and hour (vega-datasets' flights-3m) follow the airlines' weekly
 * schedules, and seasonal naive a week back erred 2.93 departures where a day back erred 3.08. With
 * {@code period: 168} the base learns each weekday's hours and what serves errs 2.560 against 2.637
 * with the day's (src/site/markdown/accuracy.md, session 54); a user who wrote {@code period: 24}
 * for hourly data would not know to try it. Hourly temperatures repeat by the day: no line.
 */
public final class WeeklySeasonHint {
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration WEEK = Duration.ofDays(7);

    private WeeklySeasonHint() {}

    /**
     * Standard errors by which a week back must beat a day back: the evidence the correction gate
     * asks of a network, so noise around a purely daily shape names nothing.
     */
    private static final double STANDARD_ERRORS = 3;

    /**
     * One line, or empty unless the topology's season is one day of clock steps (no skipped days or
     * trading hours, which make a day fewer steps), the data has two weeks of steps with a value a
     * day and a week back in some series, and seasonal naive a week back erred less than a day back
     * by more than {@value #STANDARD_ERRORS} standard errors of the paired differences (every step
     * with both, of every series, as one sample).
     */
    public static String of(Map<String, List<SeriesPoint>> data, Step step, int period) {
        Duration length = step.nominalLength();
        if (!step.skippedDays().isEmpty()
                || step.hours() != null
                || length.isZero()
                || !length.multipliedBy(period).equals(DAY)) {
            return "";
        }
        double dayErrors = 0;
        double weekErrors = 0;
        double gainSquares = 0;
        long pairs = 0;
        boolean twoWeeks = false;
        for (List<SeriesPoint> points : data.values()) {
            Map<Instant, Double> byTs = new HashMap<>();
            for (SeriesPoint p : points) {
                byTs.put(p.ts(), p.value());
            }
            int seriesPairs = 0;
            for (SeriesPoint p : points) {
                Double day = byTs.get(p.ts().minus(DAY));
                Double week = byTs.get(p.ts().minus(WEEK));
                if (day != null && week != null) {
                    double dayError = Math.abs(p.value() - day);
                    double weekError = Math.abs(p.value() - week);
                    dayErrors += dayError;
                    weekErrors += weekError;
                    gainSquares += (dayError - weekError) * (dayError - weekError);
                    seriesPairs++;
                }
            }
            pairs += seriesPairs;
            twoWeeks |= seriesPairs >= 7 * period;
        }
        if (!twoWeeks) {
            return "";
        }
        double gain = (dayErrors - weekErrors) / pairs;
        double sd = Math.sqrt(Math.max(0, gainSquares / pairs - gain * gain));
        if (!(gain > STANDARD_ERRORS * sd / Math.sqrt(pairs))) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                "the data repeats by the week more than by the day: seasonal naive a week back erred %.4g against"
                        + " %.4g a day back (mean absolute error over %d steps); `period: %d` (with `window: %d`) lets"
                        + " the base and the network learn each weekday's shape",
                weekErrors / pairs,
                dayErrors / pairs,
                pairs,
                7 * period,
                7 * period);
    }
}
