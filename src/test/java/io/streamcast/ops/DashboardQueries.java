package io.streamcast.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PromQL expressions of the Grafana dashboards, for tests that check them: statically
 * against the documented meter names, or against a real Prometheus fed by the service.
 */
public final class DashboardQueries {

    /** What Grafana would put for {@code $__rate_interval} with a 5 s scrape: at least 4 samples. */
    public static final String DEFAULT_RATE_INTERVAL = "1m";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern METRIC = Pattern.compile("\\b(?:streamcast|jvm|kafka|process|system)_[A-Za-z0-9_]*");
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    /** One panel target: where it comes from (for messages) and its expression as written. */
    public record Query(String dashboard, String panel, String refId, String expr) {
        @Override
        public String toString() {
            return dashboard + " / " + panel + " / " + refId + ": " + expr;
        }
    }

    private DashboardQueries() {}

    /** Every target expression of every {@code *.json} dashboard in the folder, as written. */
    public static List<String> load(Path dashboardsDir) {
        return queries(dashboardsDir).stream().map(Query::expr).toList();
    }

    /**
     * Every target expression, ready to send to Prometheus: {@code $topology} replaced by
     * {@code topology} and {@code $__rate_interval} by {@value #DEFAULT_RATE_INTERVAL}.
     */
    public static List<String> load(Path dashboardsDir, String topology) {
        return load(dashboardsDir, topology, DEFAULT_RATE_INTERVAL);
    }

    /** As {@link #load(Path, String)} with the given range for {@code $__rate_interval}, e.g. {@code 30s}. */
    public static List<String> load(Path dashboardsDir, String topology, String rateInterval) {
        return queries(dashboardsDir).stream()
                .map(q -> substitute(q.expr(), topology, rateInterval))
                .toList();
    }

    /** Replaces the template variables the dashboards use (all syntaxes Grafana accepts). */
    public static String substitute(String expr, String topology, String rateInterval) {
        return expr.replace("${__rate_interval}", rateInterval)
                .replace("$__rate_interval", rateInterval)
                .replace("${topology}", topology)
                .replace("[[topology]]", topology)
                .replace("$topology", topology);
    }

    /** Every panel target of every dashboard, rows' nested panels included, in file and panel order. */
    public static List<Query> queries(Path dashboardsDir) {
        List<Query> queries = new ArrayList<>();
        for (Path file : dashboardFiles(dashboardsDir)) {
            JsonNode dashboard = read(file);
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    if (target.hasNonNull("expr")) {
                        queries.add(new Query(
                                file.getFileName().toString(),
                                panel.path("title").asText(),
                                target.path("refId").asText(),
                                target.get("expr").asText()));
                    }
                }
            }
        }
        return queries;
    }

    /** The metric names an expression (or variable definition) reads. */
    public static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        // Label values (regexes on client ids...) are not metric names.
        Matcher metric = METRIC.matcher(QUOTED.matcher(expr).replaceAll("\"\""));
        while (metric.find()) {
            names.add(metric.group());
        }
        return names;
    }

    /** Every metric name any panel of any dashboard reads. */
    public static Set<String> metricNames(Path dashboardsDir) {
        Set<String> names = new TreeSet<>();
        queries(dashboardsDir).forEach(q -> names.addAll(metricNames(q.expr())));
        return names;
    }

    /** The dashboard files of the folder, sorted by name. */
    public static List<Path> dashboardFiles(Path dashboardsDir) {
        try (Stream<Path> files = Files.list(dashboardsDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode read(Path dashboardFile) {
        try {
            return JSON.readTree(dashboardFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard " + dashboardFile, e);
        }
    }

    /** All panels, with the panels of collapsed rows (nested under the row) flattened in. */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }
}
