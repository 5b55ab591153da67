package io.streamcast.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The demo's bundled hourly temperatures (Seattle, San Francisco), for replays through a test topology. */
final class BundledTemperatures {
    private static final Path CSV = Path.of("src/main/resources/data/vega_hourly_temps.csv");

    private BundledTemperatures() {}

    /** Per series, in the file's order, its first {@code hours} values, oldest first. */
    static Map<String, List<Double>> firstHours(int hours) throws IOException {
        Map<String, List<Double>> bySeries = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(CSV);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            List<Double> values = bySeries.computeIfAbsent(f[0], k -> new ArrayList<>());
            if (values.size() < hours) {
                values.add(Double.parseDouble(f[2]));
            }
        }
        return bySeries;
    }
}
