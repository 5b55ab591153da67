package io.streamcast.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The spread of each configuration's figures over the runs of {@code bench --repeat}. On a shared
 * machine one run of a configuration says little: the same build's live p99 moved by 2x from run
 * to run, and the pass-through by half. So a comparison of two configurations (online learning on
 * and off, two settings) is made over several runs of each, interleaved in one JVM so that both see
 * the same machine, and judged on medians and ranges, not on one pair.
 */
final class RepeatSummary {
    /** A figure summarised: its JSON name, its column heading, how to print it, where to read it in a run. */
    private record Figure(String name, String heading, String format, Function<Map<String, Object>, Double> read) {}

    private static final List<Figure> FIGURES = List.of(
            new Figure("ratio", "ratio", "%.4f", r -> BenchReport.num(r.get("ratio"))),
            inPhase("forecastsPerSecond", "network forecasts/s", "%.0f", "drain", "forecastsPerSecond"),
            inPhase("passThroughRecordsPerSecond", "pass-through rec/s", "%.0f", "passThrough", "recordsPerSecond"),
            inPhase("liveLatencyP50Ms", "live p50 ms", "%.0f", "live", "latencyP50Ms"),
            inPhase("liveLatencyP99Ms", "live p99 ms", "%.0f", "live", "latencyP99Ms"),
            inPhase(
                    "liveStreamThreadMicrosPerObservation",
                    "live stream-thread CPU us/obs",
                    "%.1f",
                    "live",
                    "streamThreadCpuMicrosPerRecord"),
            inPhase("liveTrainingStepsPerSecond", "live training steps/s", "%.1f", "live", "trainingStepsPerSecond"));

    /** A figure read from one phase of a run ({@code drain}, {@code passThrough}, {@code live}) under {@code key}. */
    private static Figure inPhase(String name, String heading, String format, String phase, String key) {
        return new Figure(
                name, heading, format, r -> BenchReport.num(phase(r, phase).get(key)));
    }

    private RepeatSummary() {}

    /**
     * Per configuration label with more than one successful run: the runs' count and, for each
     * figure, its values in run order, median, minimum and maximum (figures a run lacks, such as
     * a skipped live phase's latency, are left out of its statistics). Labels in first-run order.
     */
    static List<Map<String, Object>> of(List<Map<String, Object>> runs) {
        Map<String, List<Map<String, Object>>> byLabel = new LinkedHashMap<>();
        for (Map<String, Object> r : runs) {
            if (!r.containsKey("error")) {
                byLabel.computeIfAbsent(String.valueOf(r.get("label")), k -> new ArrayList<>())
                        .add(r);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (var e : byLabel.entrySet()) {
            if (e.getValue().size() < 2) {
                continue;
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("label", e.getKey());
            summary.put("runs", e.getValue().size());
            for (Figure f : FIGURES) {
                double[] values = e.getValue().stream()
                        .map(f.read())
                        .mapToDouble(Double::doubleValue)
                        .filter(Double::isFinite)
                        .toArray();
                if (values.length == 0) {
                    continue;
                }
                Map<String, Object> stats = new LinkedHashMap<>();
                stats.put("values", Arrays.stream(values).boxed().toList());
                stats.put("median", median(values));
                stats.put("min", Arrays.stream(values).min().orElseThrow());
                stats.put("max", Arrays.stream(values).max().orElseThrow());
                summary.put(f.name(), stats);
            }
            out.add(summary);
        }
        return out;
    }

    /** The summaries as Markdown rows: each figure as median (min-max). */
    @SuppressWarnings("unchecked")
    static List<String> table(List<Map<String, Object>> summaries) {
        List<String> lines = new ArrayList<>();
        StringBuilder head = new StringBuilder("| configuration | runs |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (Figure f : FIGURES) {
            head.append(' ').append(f.heading()).append(" |");
            rule.append("---|");
        }
        lines.add(head.toString());
        lines.add(rule.toString());
        for (Map<String, Object> s : summaries) {
            StringBuilder row = new StringBuilder("| " + s.get("label") + " | " + s.get("runs") + " |");
            for (Figure f : FIGURES) {
                Object stats = s.get(f.name());
                if (stats instanceof Map<?, ?> m) {
                    Map<String, Object> st = (Map<String, Object>) m;
                    row.append(String.format(
                            Locale.ROOT,
                            " " + f.format() + " (" + f.format() + "-" + f.format() + ") |",
                            st.get("median"),
                            st.get("min"),
                            st.get("max")));
                } else {
                    row.append(" n/a |");
                }
            }
            lines.add(row.toString());
        }
        return lines;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> phase(Map<String, Object> run, String name) {
        return run.get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
