package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Anomaly;
import io.streamcast.training.NetworkTaskModels;
import io.streamcast.training.Pretrainer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Anomalies on real readings with real, labelled events: a wireless sensor network of four motes
 * reading humidity and temperature every 5 seconds, beside two of which the data's authors
 * boiled a kettle (src/test/resources/data/sensor-network/README.md). Each mote's two readings are
 * a series each, replayed as {@code backtest} replays them (the base serving, its constants fitted
 * before the first origin; origins over the last 60%, which hold both events).
 *
 * <p>The readings are quantised (0.03 %RH, 0.01 degrees) and sit still for minutes, where the
 * calibrated intervals shrink below one quantum: a humidity's smallest possible move then scored
 * 13-17 half-widths and was among the replay's strongest events. The score's unit is now at least
 * the series' smallest move ({@code SeriesState.resolution}): with {@code anomaly.minScore: 3}, 33
 * events instead of 65, with the same 14 on the kettles' readings.
 */
class AnomaliesOnLabelledSensorDataTest {
    private static final Path DATA = Path.of("src/test/resources/data/sensor-network/single-hop.csv");
    private static final Instant START = Instant.parse("2010-05-09T00:00:00Z");
    private static final String TOPOLOGY = """
            name: motes
            step: PT5S
            period: 1
            window: 24
            horizon: 12
            model: { cell: gru, hidden: 16, layers: 1 }
            training: { online: false, epochs: 0 }
            """;

    private static final Map<String, List<SeriesPoint>> SERIES = new TreeMap<>();
    /** Series and step of every reading labelled as an introduced event. */
    private static final Set<String> LABELLED = new HashSet<>();

    private static List<Anomaly> alerts;

    @BeforeAll
    static void replay() throws IOException {
        List<String> lines = Files.readAllLines(DATA);
        assertEquals("reading,mote_id,indoor,humidity,temperature,label", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            Instant ts = START.plus(Duration.ofSeconds(5L * (Long.parseLong(f[0]) - 1)));
            for (int q = 0; q < 2; q++) {
                String series = "mote" + f[1] + (q == 0 ? "-humidity" : "-temperature");
                SERIES.computeIfAbsent(series, k -> new ArrayList<>())
                        .add(new SeriesPoint(ts, Double.parseDouble(f[3 + q])));
                if (f[5].equals("1")) {
                    LABELLED.add(series + "@" + ts);
                }
            }
        }
        TopologySpec spec = YamlConfig.parseTopology(TOPOLOGY, List.of("anomaly.minScore=3"));
        BacktestRunner runner = new BacktestRunner(spec, 0.6, new PrintStream(OutputStream.nullOutputStream()));
        Pretrainer.Result pretrained = runner.pretrain(SERIES, null);
        alerts = runner.replay(SERIES, NetworkTaskModels.frozen(spec, null), pretrained)
                .anomalies();
    }

    private static boolean labelled(Anomaly a) {
        return LABELLED.contains(a.series() + "@" + a.ts());
    }

    /** Both kettles are alerted on, on both quantities, and each is its mote's strongest event. */
    @Test
    void eachIntroducedEventIsAlertedOnAndItsMotesStrongest() {
        for (String series : List.of("mote1-humidity", "mote1-temperature", "mote4-humidity", "mote4-temperature")) {
            assertTrue(
                    alerts.stream().anyMatch(a -> a.series().equals(series) && labelled(a)),
                    series + ": no alert on the event");
        }
        for (String mote : List.of("mote1", "mote4")) {
            Anomaly strongest = alerts.stream()
                    .filter(a -> a.series().startsWith(mote + "-"))
                    .max(Comparator.comparingDouble(Anomaly::score))
                    .orElseThrow();
            assertTrue(labelled(strongest), mote + "'s strongest event is not the kettle: " + strongest);
        }
    }

    /**
     * A reading's smallest move is no alert: every event scoring 3 is more than three of its
     * series' quanta beyond the interval (before, one quantum past an interval of +-0.002 %RH scored
     * 17).
     */
    @Test
    void aReadingsSmallestMoveIsNoAlert() {
        Map<String, Double> quantum = new TreeMap<>();
        SERIES.forEach((series, points) -> {
            double smallest = Double.POSITIVE_INFINITY;
            for (int i = 1; i < points.size(); i++) {
                double move = Math.abs(points.get(i).value() - points.get(i - 1).value());
                if (move > 0) {
                    smallest = Math.min(smallest, move);
                }
            }
            quantum.put(series, smallest);
        });
        assertTrue(quantum.get("mote2-humidity") > 0.005, "humidity is quantised: " + quantum);
        for (Anomaly a : alerts) {
            double beyond = a.actual() > a.upper() ? a.actual() - a.upper() : a.lower() - a.actual();
            assertTrue(
                    beyond > 3 * quantum.get(a.series()) * (1 - 1e-6),
                    a + " is within three quanta of " + quantum.get(a.series()) + " of its interval");
        }
    }
}
