package io.streamcast.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.metrics.KafkaMeterFilters;
import io.streamcast.metrics.MetricNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provisioned dashboards query only meters the service publishes, through the provisioned datasource. */
class GrafanaDashboardTest {

    private static final Path DASHBOARDS = Path.of("grafana", "dashboards");
    private static final String DATASOURCE_UID = "prometheus";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)");
    private static final Set<String> GRAFANA_BUILTINS = Set.of("__rate_interval", "__interval", "__range");

    @Test
    void thereIsAtLeastOneDashboard() {
        assertFalse(
                DashboardQueries.dashboardFiles(DASHBOARDS).isEmpty(),
                "no dashboards in " + DASHBOARDS.toAbsolutePath());
    }

    @Test
    void everyPanelQueriesTheProvisionedPrometheus() {
        for (Path file : DashboardQueries.dashboardFiles(DASHBOARDS)) {
            JsonNode dashboard = DashboardQueries.read(file);
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : DashboardQueries.panels(dashboard)) {
                String where = file.getFileName() + " / " + panel.path("title").asText();
                assertTrue(ids.add(panel.path("id").asInt()), "duplicate panel id at " + where);
                if ("row".equals(panel.path("type").asText())) {
                    continue;
                }
                assertEquals(
                        DATASOURCE_UID, panel.path("datasource").path("uid").asText(), "datasource of " + where);
                assertTrue(panel.path("targets").size() > 0, "no targets in " + where);
                for (JsonNode target : panel.path("targets")) {
                    assertFalse(target.path("expr").asText().isBlank(), "empty expr in " + where);
                    if (target.has("datasource")) {
                        assertEquals(
                                DATASOURCE_UID,
                                target.path("datasource").path("uid").asText(),
                                "target datasource in " + where);
                    }
                }
            }
        }
    }

    @Test
    void everyQueriedMetricIsOneThePackageDocumentsOrABinderPublishes() {
        Set<String> known = new HashSet<>(MetricNames.PROMETHEUS);
        known.addAll(MetricNames.BINDERS);
        Set<String> unknown = new TreeSet<>();
        for (DashboardQueries.Query query : DashboardQueries.queries(DASHBOARDS)) {
            for (String metric : DashboardQueries.metricNames(query.expr())) {
                if (!known.contains(metric)) {
                    unknown.add(metric + "  (" + query + ")");
                }
            }
        }
        for (Path file : DashboardQueries.dashboardFiles(DASHBOARDS)) {
            for (JsonNode variable :
                    DashboardQueries.read(file).path("templating").path("list")) {
                for (String metric :
                        DashboardQueries.metricNames(variable.path("definition").asText())) {
                    if (!known.contains(metric)) {
                        unknown.add(
                                metric + "  (variable " + variable.path("name").asText() + ")");
                    }
                }
            }
        }
        assertTrue(unknown.isEmpty(), "metrics not in MetricNames: " + unknown);
    }

    /** A Kafka meter the dashboards chart must not be one the registry's filters deny. */
    @Test
    void everyKafkaMeterQueriedPassesTheMeterFilters() {
        Set<String> kept = new HashSet<>();
        KafkaMeterFilters.KEPT.forEach(name -> kept.add(name.replace('.', '_')));
        Set<String> denied = new TreeSet<>();
        for (String metric : DashboardQueries.metricNames(DASHBOARDS)) {
            if (metric.startsWith("kafka_")
                    && !kept.contains(metric)
                    && !kept.contains(metric.replaceFirst("_total$", ""))) {
                denied.add(metric);
            }
        }
        assertTrue(denied.isEmpty(), "queried but not in KafkaMeterFilters.KEPT: " + denied);
    }

    @Test
    void everyVariableUsedIsDefined() {
        for (Path file : DashboardQueries.dashboardFiles(DASHBOARDS)) {
            JsonNode dashboard = DashboardQueries.read(file);
            Set<String> defined = new HashSet<>(GRAFANA_BUILTINS);
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                defined.add(variable.path("name").asText());
                assertEquals(
                        DATASOURCE_UID,
                        variable.path("datasource").path("uid").asText(),
                        "datasource of variable " + variable.path("name").asText());
            }
            assertTrue(defined.contains("topology"), file + " has no topology variable");
            for (DashboardQueries.Query query : DashboardQueries.queries(DASHBOARDS)) {
                Matcher variable = VARIABLE.matcher(query.expr());
                while (variable.find()) {
                    assertTrue(defined.contains(variable.group(1)), "undefined $" + variable.group(1) + " in " + query);
                }
            }
        }
    }

    @Test
    void substitutedQueriesHaveNoTemplateVariablesLeft() {
        List<String> exprs = DashboardQueries.load(DASHBOARDS, "hourly-temps");
        assertEquals(DashboardQueries.queries(DASHBOARDS).size(), exprs.size());
        for (String expr : exprs) {
            assertFalse(expr.contains("$"), expr);
        }
        assertTrue(exprs.stream().anyMatch(e -> e.contains("topology=\"hourly-temps\"") && e.contains("[1m]")));
    }

    /** Syntax of every expression, checked by promtool as recording rules, where promtool is installed. */
    @Test
    void everyExpressionParses(@TempDir Path dir) throws IOException, InterruptedException {
        assertTrue(
                Files.isExecutable(Path.of("/usr/bin/promtool")),
                "promtool not installed (Debian package prometheus; bin/test installs it)");
        List<String> exprs = DashboardQueries.load(DASHBOARDS, "hourly-temps");
        List<String> rules = new ArrayList<>(List.of("groups:", "  - name: dashboard", "    rules:"));
        for (int i = 0; i < exprs.size(); i++) {
            rules.add("      - record: dashboard:query" + i);
            // A JSON string is a valid YAML double-quoted scalar.
            rules.add("        expr: "
                    + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(exprs.get(i)));
        }
        Path file = dir.resolve("rules.yml");
        Files.write(file, rules);
        Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "rules", file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(promtool.getInputStream().readAllBytes());
        assertTrue(promtool.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, promtool.exitValue(), output);
    }
}
