package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Anomaly;
import io.streamcast.training.NetworkTaskModels;
import io.streamcast.training.Pretrainer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The quality issue's anomaly test on real data: a fault injected into a bundled real series is
 * reported on the anomalies topic, and the series' normal points mostly are not. Each case replays
 * the data set through the topology as {@code backtest} does (the example topology's settings, its
 * smoothing constants fitted before the first origin, the base serving) and reads the anomaly events
 * the replay emitted.
 */
class AnomaliesOnRealDataTest {
    private static final Path TEMPS = Path.of("src/main/resources/data/vega_hourly_temps.csv");
    private static final Path AIR = Path.of("src/main/resources/data/AirPassengers.csv");

    private record Replay(List<Anomaly> anomalies, AnomalyTally tally, Instant faultTs, List<ForecastRow> rows) {
        Anomaly strongest() {
            return anomalies.stream()
                    .max(Comparator.comparingDouble(Anomaly::score))
                    .orElseThrow();
        }

        /** The events on {@code series} in the {@code hours} after the fault. */
        Set<Instant> eventsAfterFault(String series, int hours) {
            Instant end = faultTs.plus(Duration.ofHours(hours));
            return anomalies.stream()
                    .filter(a -> a.series().equals(series) && a.ts().isAfter(faultTs) && !a.ts().isAfter(end))
                    .map(Anomaly::ts)
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        /** The h=1 forecasts of {@code series} for the {@code hours} after the fault, by their target time. */
        Map<Instant, Double> nextHourForecastsAfterFault(String series, int hours) {
            Instant end = faultTs.plus(Duration.ofHours(hours));
            Map<Instant, Double> byTs = new TreeMap<>();
            for (ForecastRow row : rows) {
                if (row.series().equals(series)
                        && row.h() == 1
                        && row.ts().isAfter(faultTs)
                        && !row.ts().isAfter(end)) {
                    byTs.put(row.ts(), row.forecast());
                }
            }
            return byTs;
        }

        /** Events on actuals other than the fault, over the judged actuals other than the fault. */
        double normalShareFlagged() {
            long normal =
                    anomalies.stream().filter(a -> !a.ts().equals(faultTs)).count();
            return (double) normal / (tally.judged() - 1);
        }
    }

    /** The data set with {@code fault} applied to {@code series}' value {@code fromEnd} points before its end, replayed. */
    private static Replay replay(
            String topology, Path csv, String series, int fromEnd, DoubleUnaryOperator fault, String... overrides) {
        List<String> all = new ArrayList<>(List.of("training.epochs=0"));
        all.addAll(List.of(overrides));
        TopologySpec spec = YamlConfig.loadTopology(Path.of("topologies/examples/" + topology + ".yaml"), all);
        Map<String, List<SeriesPoint>> data = new LinkedHashMap<>(SeriesCsv.read(csv));
        List<SeriesPoint> points = new ArrayList<>(data.get(series));
        int at = points.size() - fromEnd;
        SeriesPoint original = points.get(at);
        points.set(at, new SeriesPoint(original.ts(), fault.applyAsDouble(original.value())));
        data.put(series, points);
        BacktestRunner runner = new BacktestRunner(spec, 0.2, new PrintStream(OutputStream.nullOutputStream()));
        Pretrainer.Result pretrained = runner.pretrain(data, null);
        BacktestRunner.Result result = runner.replay(data, NetworkTaskModels.frozen(spec, null), pretrained);
        return new Replay(result.anomalies(), result.score().anomalies(), original.ts(), result.rows());
    }

    /**
     * A sensor reading 20 degrees F too warm for one hour, in Seattle's last weeks (hourly changes
     * there are a degree or two): it is the strongest event of the replay. Of the normal actuals
     * the freshest forecast's 80% interval flags about a fifth, as calibrated intervals must
     * (between 10% and 30%: the 70-90% coverage band of the accuracy tests); with {@code
     * anomaly.minScore: 1}, which the README suggests for alerting, the glitch is still reported
     * and at most one normal actual in twenty is (measured: 3.5% while the score's unit could be less than
     * the readings' 0.1 degree, 0.5% since).
     */
    @Test
    void aSensorGlitchInRealHourlyTemperaturesIsReportedAndNormalHoursMostlyAreNot() {
        Replay all = replay("hourly-temps", TEMPS, "seattle", 800, v -> v + 20);
        assertEquals(all.faultTs(), all.strongest().ts(), "the glitch is the strongest anomaly: " + all.strongest());
        assertEquals("seattle", all.strongest().series());
        double share = all.normalShareFlagged();
        assertTrue(share >= 0.1 && share <= 0.3, "share of normal actuals flagged " + share + " " + all.tally());

        Replay alerting = replay("hourly-temps", TEMPS, "seattle", 800, v -> v + 20, "anomaly.minScore=1");
        assertEquals(alerting.faultTs(), alerting.strongest().ts());
        assertTrue(
                alerting.anomalies().stream().allMatch(a -> a.score() >= 1),
                "minScore 1 reports only events scoring at least 1");
        double alerts = alerting.normalShareFlagged();
        assertTrue(alerts <= 0.05, "share of normal actuals alerted on " + alerts + " " + alerting.tally());
    }

    /** A month of air traffic 30% above what was flown, in the last two years of AirPassengers: reported, the strongest event. */
    @Test
    void aMonthThirtyPercentHighInAirPassengersIsTheStrongestAnomaly() {
        Replay r = replay("airpassengers", AIR, "AirPassengers", 15, v -> v * 1.3);
        assertEquals(r.faultTs(), r.strongest().ts(), "the strongest anomaly: " + r.strongest());
        assertTrue(r.strongest().score() > 1, "far outside its interval: " + r.strongest());
        assertTrue(r.normalShareFlagged() <= 0.3, "share of normal months flagged " + r.normalShareFlagged());
    }

    /**
     * What one glitch does to the base after it. The plain base takes the 20-degree reading into
     * its level and that hour's seasonal term: the next hours' forecasts run warm, and the same
     * hour a day later is forecast 18 degrees too warm, a false alarm (score 37) that the data
     * never had. With {@code base.robust: 3} the glitch is still the strongest event, the next two
     * days raise no alarm the replay without the glitch did not raise, and their next-hour forecasts
     * stay within a few tenths of a degree of that replay's.
     */
    @Test
    void aRobustBaseRaisesNoFalseAlarmsAfterAGlitchAndForecastsAsIfItHadNotHappened() {
        int hours = 48;
        Replay plainClean = replay("hourly-temps", TEMPS, "seattle", 800, v -> v);
        Replay plainGlitch = replay("hourly-temps", TEMPS, "seattle", 800, v -> v + 20);
        Set<Instant> plainExtra = plainGlitch.eventsAfterFault("seattle", hours);
        plainExtra.removeAll(plainClean.eventsAfterFault("seattle", hours));
        assertTrue(
                plainExtra.contains(plainGlitch.faultTs().plus(Duration.ofHours(24))),
                "the plain base raises a false alarm a day after the glitch: " + plainExtra);

        Replay robustClean = replay("hourly-temps", TEMPS, "seattle", 800, v -> v, "base.robust=3");
        Replay robustGlitch = replay("hourly-temps", TEMPS, "seattle", 800, v -> v + 20, "base.robust=3");
        assertEquals(robustGlitch.faultTs(), robustGlitch.strongest().ts(), "the glitch is still reported");
        Set<Instant> robustExtra = robustGlitch.eventsAfterFault("seattle", hours);
        robustExtra.removeAll(robustClean.eventsAfterFault("seattle", hours));
        assertEquals(
                Set.of(),
                robustExtra,
                "alarms in the two days after the glitch that the data without it did not raise");

        Map<Instant, Double> clean = robustClean.nextHourForecastsAfterFault("seattle", hours);
        Map<Instant, Double> glitched = robustGlitch.nextHourForecastsAfterFault("seattle", hours);
        assertEquals(clean.keySet(), glitched.keySet());
        double robustOff = 0;
        for (Instant ts : clean.keySet()) {
            robustOff = Math.max(robustOff, Math.abs(clean.get(ts) - glitched.get(ts)));
        }
        Map<Instant, Double> plainCleanF = plainClean.nextHourForecastsAfterFault("seattle", hours);
        Map<Instant, Double> plainGlitchF = plainGlitch.nextHourForecastsAfterFault("seattle", hours);
        double plainOff = 0;
        for (Instant ts : plainCleanF.keySet()) {
            plainOff = Math.max(plainOff, Math.abs(plainCleanF.get(ts) - plainGlitchF.get(ts)));
        }
        System.err.printf(
                "next-hour forecasts in the two days after the glitch: robust off by at most %.3f F, plain %.3f F%n",
                robustOff, plainOff);
        assertTrue(robustOff < 0.5, "the robust base's forecasts moved by up to " + robustOff + " F");
        assertTrue(plainOff > 10, "the plain base's forecasts moved by up to " + plainOff + " F");
    }
}
