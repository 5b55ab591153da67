package io.streamcast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bench --repeat}: each configuration's figures over its runs as median and range, and the
 * headline ratio as the median of the target configuration's runs, so that one lucky or unlucky
 * run does not stand for a build.
 */
class RepeatSummaryTest {
    private static Map<String, Object> run(boolean online, double ratio, double forecasts, double p99, boolean live) {
        StreamingBench.Config c = BenchConfigs.issueShape(online);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("label", c.label());
        r.put("config", c);
        r.put("ratio", ratio);
        r.put("drain", new LinkedHashMap<>(Map.of("forecastsPerSecond", forecasts)));
        r.put("passThrough", Map.of("recordsPerSecond", forecasts / ratio));
        r.put("state", Map.of("changelogBytesPerObservation", 170.0));
        Map<String, Object> livePhase = new LinkedHashMap<>();
        if (live) {
            livePhase.put("latencyP50Ms", p99 / 3);
            livePhase.put("latencyP95Ms", p99 / 2);
            livePhase.put("latencyP99Ms", p99);
            livePhase.put("trainingStepsPerSecond", online ? 8.0 : 0.0);
            livePhase.put("streamThreadCpuMicrosPerRecord", p99 / 30.0);
        } else {
            livePhase.put("skipped", true);
        }
        r.put("live", livePhase);
        return r;
    }

    @Test
    void eachConfigurationsFiguresAreSummarisedOverItsRunsInTheOrderTheyFirstRan() {
        List<Map<String, Object>> runs = new ArrayList<>();
        runs.add(run(true, 0.10, 40_000, 900, true));
        runs.add(run(false, 0.12, 44_000, 300, true));
        runs.add(run(true, 0.08, 36_000, 600, true));
        runs.add(run(false, 0.14, 46_000, 650, true));
        runs.add(run(true, 0.12, 38_000, 1_300, true));
        Map<String, Object> failed = new LinkedHashMap<>(run(false, 1, 1, 1, true));
        failed.put("error", "java.lang.IllegalStateException: drain timed out");
        runs.add(failed);

        List<Map<String, Object>> summaries = RepeatSummary.of(runs);

        assertEquals(2, summaries.size());
        Map<String, Object> online = summaries.get(0);
        assertEquals(BenchConfigs.issueShape(true).label(), online.get("label"));
        assertEquals(3, online.get("runs"));
        assertEquals(
                Map.of("values", List.of(900.0, 600.0, 1_300.0), "median", 900.0, "min", 600.0, "max", 1_300.0),
                online.get("liveLatencyP99Ms"));
        assertEquals(0.10, (double) stats(online, "ratio").get("median"), 1e-12);
        assertEquals(
                30.0,
                (double) stats(online, "liveStreamThreadMicrosPerObservation").get("median"),
                1e-9,
                "the stream threads' live CPU per observation, the median run's");
        Map<String, Object> frozen = summaries.get(1);
        assertEquals(2, frozen.get("runs"), "the failed run is not a run of the configuration");
        assertEquals(
                475.0,
                (double) stats(frozen, "liveLatencyP99Ms").get("median"),
                1e-12,
                "even count: the middle two's mean");
        assertEquals(45_000.0, (double) stats(frozen, "forecastsPerSecond").get("median"), 1e-9);

        List<String> table = RepeatSummary.table(summaries);
        assertTrue(table.get(2).contains("900 (600-1300)"), table.get(2));
        assertTrue(table.get(3).startsWith("| " + BenchConfigs.issueShape(false).label() + " | 2 |"), table.get(3));
    }

    @Test
    void aConfigurationRunOnceHasNoSummaryAndASkippedLivePhaseNoLatency() {
        List<Map<String, Object>> once = List.of(run(true, 0.1, 40_000, 900, true), run(false, 0.1, 40_000, 300, true));
        assertTrue(RepeatSummary.of(once).isEmpty());

        List<Map<String, Object>> drainsOnly =
                List.of(run(true, 0.1, 40_000, 0, false), run(true, 0.2, 42_000, 0, false));
        Map<String, Object> s = RepeatSummary.of(drainsOnly).get(0);
        assertFalse(s.containsKey("liveLatencyP99Ms"), "no live phase, no latency figure");
        assertEquals(0.15, (double) stats(s, "ratio").get("median"), 1e-12);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHeadlineRatioIsTheMedianOfTheTargetConfigurationsRunsAndTheTablePrintsTheSpread() {
        StringWriter text = new StringWriter();
        BenchReport report = new BenchReport(new PrintWriter(text, true));
        // The runs as the sweep adds them, without printing each one's every figure.
        List<Map<String, Object>> runs =
                (List<Map<String, Object>>) report.json().get("runs");
        for (double ratio : new double[] {0.09, 0.18, 0.11}) {
            runs.add(run(true, ratio, 40_000, 700, true));
            runs.add(run(false, ratio + 0.01, 40_000, 300, true));
        }
        assertEquals(0.11, report.headlineRatio(), 1e-12, "online GRU is the target; median of 0.09, 0.18, 0.11");
        report.summary();
        assertTrue(
                text.toString().contains("over the repeated runs of each configuration, median (min-max):"),
                text.toString());
        assertTrue(report.json().get("repeats") instanceof List<?> l && l.size() == 2);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stats(Map<String, Object> summary, String figure) {
        return (Map<String, Object>) summary.get(figure);
    }
}
