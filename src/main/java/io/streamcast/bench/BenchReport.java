package io.streamcast.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the bench's figures, prints each as it is measured and a table at the end, and gives
 * them as one JSON tree. The headline ratio is that of the run closest to the target
 * configuration (GRU, window 48, online learning on, 10,000 series), else the first run; with
 * {@code --repeat}, the median over that configuration's runs.
 */
public final class BenchReport {
    private final PrintWriter out;
    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<Map<String, Object>> runs = new ArrayList<>();

    public BenchReport(PrintWriter out) {
        this.out = out;
        json.put("runs", runs);
    }

    public void line(String s) {
        out.println(s);
        out.flush();
    }

    public void machine(String guarantee) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("maxHeapMB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        m.put("OMP_WAIT_POLICY", String.valueOf(System.getenv("OMP_WAIT_POLICY")));
        m.put("processingGuarantee", guarantee);
        json.put("machine", m);
        line(String.format(
                Locale.ROOT,
                "machine: %s, %d cores, %s, %s, max heap %d MB, OMP_NUM_THREADS=%s",
                m.get("cpu"),
                m.get("cores"),
                m.get("os"),
                m.get("java"),
                m.get("maxHeapMB"),
                m.get("OMP_NUM_THREADS")));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }

    public void model(Map<String, Object> model) {
        json.put("model", model);
    }

    /** One streaming run: printed figure by figure. */
    @SuppressWarnings("unchecked")
    public void run(Map<String, Object> r) {
        runs.add(r);
        line("== " + r.get("label") + " ==");
        if (r.containsKey("error")) {
            line("  failed: " + r.get("error"));
            return;
        }
        Map<String, Object> pass = (Map<String, Object>) r.get("passThrough");
        Map<String, Object> drain = (Map<String, Object>) r.get("drain");
        Map<String, Object> state = (Map<String, Object>) r.get("state");
        Map<String, Object> live = (Map<String, Object>) r.get("live");
        figure("pass-through records/s", pass.get("recordsPerSecond"), "%.0f");
        figure("pass-through records/s (first to last)", pass.get("recordsPerSecondFirstToLast"), "%.0f");
        figure("pass-through CPU cores", pass.get("cpuCores"), "%.2f");
        figure("forecasts/s (network computing)", drain.get("forecastsPerSecond"), "%.1f");
        figure("forecasts/s (whole backlog, incl. fallbacks)", drain.get("forecastsPerSecondAllPhases"), "%.1f");
        figure("backlog drained", drain.get("drained"), "%s");
        figure("drain seconds", drain.get("seconds"), "%.1f");
        figure("ratio forecasts/s / pass-through records/s", r.get("ratio"), "%.4f");
        if (r.get("ioCeiling") instanceof Map<?, ?> io) {
            figure(
                    "I/O ceiling records/s (stores " + io.get("valueBytes") + " B, a forecast per record)",
                    io.get("recordsPerSecond"),
                    "%.0f");
            figure("I/O ceiling CPU cores", io.get("cpuCores"), "%.2f");
            figure("forecasts/s / I/O ceiling records/s", r.get("ratioToIoCeiling"), "%.3f");
        }
        figure("share of forecasts the network computed", drain.get("networkRunShare"), "%.3f");
        figure("share of those the network served (not ets)", drain.get("networkServedShareOfNetworkRun"), "%.3f");
        figure("forecasts by model", drain.get("forecastsByModel"), "%s");
        figure("producer waits ms (summed over stream threads)", drain.get("producerWaitMs"), "%s");
        figure("commits per second (summed over stream threads)", drain.get("commitsPerSecond"), "%.1f");
        figure("mean inference batch (windows/call)", drain.get("meanInferenceBatch"), "%.1f");
        figure("inference ms per call", drain.get("inferenceMsPerCall"), "%.2f");
        figure("inference us per window", drain.get("inferenceUsPerWindow"), "%.1f");
        figure("training steps/s", drain.get("trainingStepsPerSecond"), "%.2f");
        figure(
                "trainers paused s / waited s / waited for a thread s / examples dropped / thinned",
                trainingHealth(drain),
                "%s");
        figure("process CPU cores (drain)", drain.get("cpuCores"), "%.2f");
        figure("process CPU ms per forecast (drain)", drain.get("cpuMsPerRecord"), "%.2f");
        figure(
                "machine CPU cores, all processes (steal) / s a task waited for a core (drain)",
                machineCpu(drain),
                "%s");
        figure("CPU seconds by threads (drain)", drain.get("cpuSecondsByThreads"), "%s");
        figure("stream threads' CPU us per observation (drain)", drain.get("streamThreadCpuMicrosPerRecord"), "%.1f");
        figure("seconds waiting for a core by threads (drain)", drain.get("runQueueWaitSecondsByThreads"), "%s");
        figure("  of which JIT compiling (drain)", drain.get("jitCompileSeconds"), "%.1f");
        figure("stop-the-world GC pauses (drain)", gcPauses(drain), "%s");
        figure(
                "stream threads' heap bytes allocated per observation (drain)",
                drain.get("streamThreadAllocatedBytesPerRecord"),
                "%.0f");
        figure("heap peak MB", drain.get("heapPeakMB"), "%.0f");
        figure("heap after GC MB", drain.get("heapAfterGcMB"), "%.0f");
        figure("resident memory peak MB", drain.get("rssPeakMB"), "%.0f");
        figure("input bytes per observation", state.get("inputBytesPerObservation"), "%.1f");
        Object written = state.get("written") instanceof Map<?, ?> w ? w.get("changelogBytesPerObservation") : null;
        figure("changelog bytes written per observation", written, "%.0f");
        figure("changelog bytes on the broker per observation", state.get("changelogBytesPerObservation"), "%.0f");
        if (state.get("written") instanceof Map<?, ?> w && w.get("topics") instanceof Map<?, ?> topics) {
            topics.forEach((topic, v) -> {
                if (String.valueOf(topic).endsWith("-changelog") && v instanceof Map<?, ?> t) {
                    figure(
                            "  " + topic + " bytes per record / per obs",
                            String.format(
                                    Locale.ROOT,
                                    "%.0f / %.0f",
                                    num(t.get("bytesPerRecord")),
                                    num(t.get("bytesPerObservation"))),
                            "%s");
                }
            });
        }
        figure("repartition bytes per observation", state.get("repartitionBytesPerObservation"), "%.0f");
        figure(
                "series-state record bytes on broker (raw window bytes)",
                String.format(
                        Locale.ROOT,
                        "%.0f (%s)",
                        ((Number) state.get("seriesStateRecordBytes")).doubleValue(),
                        state.get("seriesRawBytes")),
                "%s");
        Object full = state.get("seriesStateFullRecordBytes");
        if (full instanceof Number bytes) {
            double raw = ((Number) state.get("seriesRawBytes")).doubleValue();
            figure(
                    "series record bytes at full capacity (x raw)",
                    String.format(Locale.ROOT, "%d (%.2fx)", bytes.intValue(), bytes.doubleValue() / raw),
                    "%s");
        }
        figure("state dir bytes per series", state.get("stateDirBytesPerSeries"), "%.0f");
        figure("state dir bytes per observation", state.get("stateDirBytesPerObservation"), "%.0f");
        if (live.containsKey("skipped")) {
            figure("live latency", "skipped: " + live.get("skipped"), "%s");
        } else {
            figure(
                    "live rate target / achieved obs/s",
                    String.format(
                            Locale.ROOT,
                            "%.1f / %.1f",
                            ((Number) live.get("targetRate")).doubleValue(),
                            ((Number) live.get("achievedSendRate")).doubleValue()),
                    "%s");
            figure("latency p50 ms", live.get("latencyP50Ms"), "%.0f");
            figure("latency p95 ms", live.get("latencyP95Ms"), "%.0f");
            figure("latency p99 ms", live.get("latencyP99Ms"), "%.0f");
            figure("latency max ms", live.get("latencyMaxMs"), "%.0f");
            figure("latency p99 ms by second produced", bySecond(live.get("latencyP99MsBySecond")), "%s");
            figure("live producer waits ms (summed over stream threads)", live.get("producerWaitMs"), "%s");
            figure("live commits per second (summed over stream threads)", live.get("commitsPerSecond"), "%.1f");
            figure("live mean inference batch", live.get("meanInferenceBatch"), "%.1f");
            figure("live inference us per window", live.get("inferenceUsPerWindow"), "%.1f");
            figure("live training steps/s", live.get("trainingStepsPerSecond"), "%.2f");
            figure(
                    "live trainers paused s / waited s / waited for a thread s / examples dropped / thinned",
                    trainingHealth(live),
                    "%s");
            figure("live process CPU cores", live.get("cpuCores"), "%.2f");
            figure(
                    "live machine CPU cores, all processes (steal) / s a task waited for a core",
                    machineCpu(live),
                    "%s");
            figure("live CPU seconds by threads", live.get("cpuSecondsByThreads"), "%s");
            figure("live stream threads' CPU us per observation", live.get("streamThreadCpuMicrosPerRecord"), "%.1f");
            figure("live seconds waiting for a core by threads", live.get("runQueueWaitSecondsByThreads"), "%s");
            figure("live stop-the-world GC pauses", gcPauses(live), "%s");
            figure(
                    "live stream threads' heap bytes allocated per observation",
                    live.get("streamThreadAllocatedBytesPerRecord"),
                    "%.0f");
        }
    }

    /**
     * A phase's trainer pauses (training.cpuShare), waits while forecasting was behind
     * (training.yieldBehindMs), waits for a trainer thread (training.threads), examples dropped
     * (trainer behind) and thinned (waiting limit).
     */
    private static String trainingHealth(Map<String, Object> phase) {
        return String.format(
                Locale.ROOT,
                "%.1f / %.1f / %.1f / %.0f / %.0f",
                phase.get("trainingPausedSeconds"),
                phase.get("trainingYieldedSeconds"),
                phase.get("trainingThreadWaitSeconds"),
                phase.get("trainingExamplesDropped"),
                phase.get("trainingExamplesThinned"));
    }

    /** "1.52 (0.00) / 14.3": the machine's busy cores, the steal among them, and its CPU pressure in seconds. */
    private static String machineCpu(Map<String, Object> phase) {
        return String.format(
                Locale.ROOT,
                "%.2f (%.2f) / %.1f",
                phase.get("machineCpuCores"),
                phase.get("machineStealCores"),
                phase.get("cpuPressureSeconds"));
    }

    /** "9, 412 ms in all, longest 99 ms"; "-" where the JVM does not report its collections. */
    private static String gcPauses(Map<String, Object> phase) {
        if (!(phase.get("gcPauses") instanceof Number count)) {
            return "-";
        }
        return String.format(
                Locale.ROOT,
                "%d, %.0f ms in all, longest %.0f ms",
                count.longValue(),
                phase.get("gcPauseMillis"),
                phase.get("gcLongestPauseMillis"));
    }

    /** "412 380 1650 ..." for the per-second tail, "-" for a second without records. */
    private static String bySecond(Object value) {
        if (!(value instanceof double[] seconds)) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        for (double v : seconds) {
            sb.append(sb.length() > 0 ? " " : "").append(Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v));
        }
        return sb.toString();
    }

    private void figure(String name, Object value, String format) {
        String v;
        if (value instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            m.forEach((k, x) -> sb.append(sb.length() > 1 ? ", " : "")
                    .append(k)
                    .append('=')
                    .append(x instanceof Double d ? String.format(Locale.ROOT, "%.1f", d) : String.valueOf(x)));
            v = sb.append('}').toString();
        } else {
            v = value instanceof Number || value instanceof Boolean
                    ? String.format(Locale.ROOT, format, value)
                    : String.valueOf(value);
        }
        line(String.format(Locale.ROOT, "  %-46s %s", name + ":", v));
    }

    /** The table of every run, and the model micro-benchmark. */
    @SuppressWarnings("unchecked")
    public void summary() {
        Object model = json.get("model");
        if (model instanceof Map<?, ?> m) {
            line("model micro-benchmark (ms per call; dl4j/torch in brackets):");
            for (var e : m.entrySet()) {
                if (!(e.getValue() instanceof Map<?, ?> cell)) {
                    if (e.getKey().equals("torch")) {
                        line("  torch: " + e.getValue());
                    }
                    continue;
                }
                Map<String, Object> inf = (Map<String, Object>) cell.get("inference");
                Object torch = cell.get("torch");
                Map<String, Object> tinf =
                        torch instanceof Map<?, ?> t ? (Map<String, Object>) t.get("inference") : null;
                StringBuilder s = new StringBuilder("  " + e.getKey() + ":");
                for (var b : inf.entrySet()) {
                    double ms = ((Number) ((Map<String, Object>) b.getValue()).get("msPerCall")).doubleValue();
                    s.append(String.format(Locale.ROOT, " batch %s %.2f", b.getKey(), ms));
                    if (tinf != null && tinf.get(b.getKey()) instanceof Map<?, ?> tb) {
                        s.append(String.format(
                                Locale.ROOT, " (%.2fx)", ((Number) tb.get("dl4jOverTorch")).doubleValue()));
                    }
                    s.append(';');
                }
                Map<String, Object> step = (Map<String, Object>) cell.get("trainingStep");
                s.append(String.format(
                        Locale.ROOT, " training step %.2f", ((Number) step.get("msPerStep")).doubleValue()));
                if (torch instanceof Map<?, ?> t && t.get("trainingStep") instanceof Map<?, ?> ts) {
                    s.append(String.format(Locale.ROOT, " (%.2fx)", ((Number) ts.get("dl4jOverTorch")).doubleValue()));
                } else if (torch != null) {
                    s.append("; torch ").append(torch);
                }
                line(s.toString());
            }
        }
        if (runs.isEmpty()) {
            return;
        }
        line(
                "| series | window | cell | online | forecasts/s | pass-through rec/s | ratio | mean batch | us/window | p50 / p95 / p99 ms | changelog B written/obs | heap after GC MB |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Map<String, Object> r : runs) {
            if (r.containsKey("error")) {
                line("| " + r.get("label") + " | failed: " + r.get("error") + " |");
                continue;
            }
            var c = (StreamingBench.Config) r.get("config");
            Map<String, Object> drain = (Map<String, Object>) r.get("drain");
            Map<String, Object> pass = (Map<String, Object>) r.get("passThrough");
            Map<String, Object> state = (Map<String, Object>) r.get("state");
            Map<String, Object> live = (Map<String, Object>) r.get("live");
            String latency = live.containsKey("skipped")
                    ? "n/a"
                    : String.format(
                            Locale.ROOT,
                            "%.0f / %.0f / %.0f",
                            num(live.get("latencyP50Ms")),
                            num(live.get("latencyP95Ms")),
                            num(live.get("latencyP99Ms")));
            line(String.format(
                    Locale.ROOT,
                    "| %d | %d | %s | %s | %.1f | %.0f | %.4f | %.1f | %.0f | %s | %.0f | %.0f |",
                    c.series(),
                    c.window(),
                    c.cell(),
                    c.online() ? "on" : "off",
                    num(drain.get("forecastsPerSecond")),
                    num(pass.get("recordsPerSecond")),
                    num(r.get("ratio")),
                    num(drain.get("meanInferenceBatch")),
                    num(drain.get("inferenceUsPerWindow")),
                    latency,
                    state.get("written") instanceof Map<?, ?> w
                            ? num(w.get("changelogBytesPerObservation"))
                            : num(state.get("changelogBytesPerObservation")),
                    num(drain.get("heapAfterGcMB"))));
        }
        List<Map<String, Object>> repeats = RepeatSummary.of(runs);
        if (!repeats.isEmpty()) {
            json.put("repeats", repeats);
            line("over the repeated runs of each configuration, median (min-max):");
            RepeatSummary.table(repeats).forEach(this::line);
        }
    }

    /** A figure of a run's map as a double, NaN where it is missing or not a number. */
    static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The ratio of the run nearest the target configuration; NaN without runs. */
    public double headlineRatio() {
        Map<String, Object> best = null;
        double bestScore = Double.MAX_VALUE;
        for (Map<String, Object> r : runs) {
            if (r.containsKey("error")) {
                continue;
            }
            var c = (StreamingBench.Config) r.get("config");
            double score = (c.cell().equals("gru") ? 0 : 100)
                    + (c.window() == 48 ? 0 : 10)
                    + (c.online() ? 0 : 1)
                    + Math.abs(Math.log10(c.series() / 10_000.0)) * 0.1;
            if (score < bestScore) {
                bestScore = score;
                best = r;
            }
        }
        if (best != null) {
            Object label = best.get("label");
            double[] ratios = runs.stream()
                    .filter(r -> !r.containsKey("error") && label.equals(r.get("label")))
                    .mapToDouble(r -> num(r.get("ratio")))
                    .toArray();
            double ratio = RepeatSummary.median(ratios);
            json.put("headline", label);
            json.put("ratio", ratio);
            return ratio;
        }
        return Double.NaN;
    }

    public Map<String, Object> json() {
        return json;
    }
}
