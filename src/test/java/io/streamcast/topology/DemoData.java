package io.streamcast.topology;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the demo replays, for tests that replay it through a test topology: its temperatures and its topology. */
final class DemoData {
    private static final Path TEMPERATURES = Path.of("src/main/resources/data/vega_hourly_temps.csv");
    private static final Path TOPOLOGY = Path.of("topologies/hourly-temps-gru.yaml");

    private DemoData() {}

    /** Per series (Seattle, San Francisco, in the file's order), its first {@code hours} values, oldest first. */
    static Map<String, List<Double>> temperatures(int hours) throws IOException {
        Map<String, List<Double>> bySeries = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(TEMPERATURES);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            List<Double> values = bySeries.computeIfAbsent(f[0], k -> new ArrayList<>());
            if (values.size() < hours) {
                values.add(Double.parseDouble(f[2]));
            }
        }
        return bySeries;
    }

    /** The demo's hourly topology without online learning: the base and fallbacks serve. */
    static TopologySpec frozenTopology() {
        return YamlConfig.loadTopology(TOPOLOGY, List.of("training.online=false"));
    }
}
