package io.streamcast.topology;

import static io.streamcast.topology.TopologyHarness.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.ConfigException;
import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastPoint;
import io.streamcast.metrics.MetricNames;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.VersionedModel;
import io.streamcast.training.NetworkSpecs;
import io.streamcast.training.NetworkTaskModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code model.carryState}: each series' recurrent state is carried from one network forecast to
 * the next and advanced over the steps since (one per observation), instead of re-running the
 * window; whenever what was carried no longer follows from the series' window (a late value
 * replaced a filled step) the window runs again. Counted by {@code streamcast.inference.steps}.
 */
class CarriedStateTopologyTest {
    private static final int WINDOW = 8;

    @TempDir
    Path stateDir;

    private static TopologySpec spec(boolean carry, String... more) {
        List<String> overrides = new ArrayList<>(
                List.of("model.cell=gru", "model.hidden=8", "model.carryState=" + carry, "lateness.grace=PT6H"));
        overrides.addAll(List.of(more));
        return TopologyHarness.hourlySpec(WINDOW, overrides.toArray(String[]::new));
    }

    /** One frozen GRU with trained-looking (random) weights, its correction always served. */
    private static NetworkTaskModels models(TopologySpec spec) {
        MultiLayerNetwork net = NetworkFactory.build(NetworkSpecs.of(spec));
        Random random = new Random(11);
        INDArray params = net.params();
        for (long i = 0; i < params.length(); i++) {
            params.putScalar(i, (float) (random.nextGaussian() * 0.3));
        }
        net.setParams(params);
        // Held open, as a backtest scores the network itself: every forecast the network makes is its own.
        return NetworkTaskModels.frozen(spec, VersionedModel.of(3, net, false)).ungated();
    }

    private final class Harness extends TopologyHarness {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();

        Harness(boolean carry, String... more) {
            this("", carry, more);
        }

        /** A task of its own ({@code instance}: its state directory), as a restarted one on another machine. */
        Harness(String instance, boolean carry, String... more) {
            super(
                    spec(carry, more),
                    models(spec(carry, more)),
                    props("carry-" + carry, stateDir.resolve("s-" + carry + instance)));
            metrics.bindTo(registry);
        }

        void send(String series, int hour) {
            sendAt(series, T0.plus(Duration.ofHours(hour)), value(series, hour), 1000L + hour);
        }

        double steps() {
            return registry.get(MetricNames.INFERENCE_STEPS).counter().count();
        }

        List<Forecast> flushAndRead() {
            return flushAndReadRecords().stream().map(r -> r.value()).toList();
        }
    }

    private static double value(String series, int hour) {
        return 20
                + 6 * Math.sin(2 * Math.PI * hour / 4)
                + 0.3 * hour
                + series.charAt(0) % 7
                + 1.5 * Math.cos(hour * 1.7);
    }

    /** Network forecasts (the correction serves) by series, in order, over hours 0..last, one flush per hour. */
    private static Map<String, List<Forecast>> run(Harness h, int last) {
        Map<String, List<Forecast>> bySeries = new LinkedHashMap<>();
        run(h, 0, last, bySeries);
        return bySeries;
    }

    /** As {@link #run(Harness, int)} over hours from..to, the forecasts added to {@code bySeries}. */
    private static void run(Harness h, int from, int to, Map<String, List<Forecast>> bySeries) {
        for (int hour = from; hour <= to; hour++) {
            for (String s : List.of("a", "b", "c")) {
                h.send(s, hour);
            }
            for (Forecast f : h.flushAndRead()) {
                if (f.model().equals("gru")) {
                    bySeries.computeIfAbsent(f.series(), k -> new ArrayList<>()).add(f);
                }
            }
        }
    }

    private static double[] values(Forecast f) {
        return f.points().stream().mapToDouble(ForecastPoint::value).toArray();
    }

    /**
     * Steps a series' carried forecasts at these counts run, one forecast per count in order: from
     * the anchor whenever the anchor moved (or at the first), else the steps since the previous one.
     */
    private static int carriedSteps(List<Long> counts) {
        int steps = 0;
        for (int i = 0; i < counts.size(); i++) {
            long count = counts.get(i);
            long anchor = CarriedStates.anchor(count, WINDOW);
            boolean fromAnchor = i == 0 || CarriedStates.anchor(counts.get(i - 1), WINDOW) != anchor;
            steps += (int) (fromAnchor ? count - anchor : count - counts.get(i - 1));
        }
        return steps;
    }

    private static long countAt(Forecast f) {
        return Duration.between(T0, f.origin()).toHours() + 1;
    }

    @Test
    void aCarriedStateAdvancesOneStepPerObservationAndRestartsFromEachNewAnchor() {
        Map<String, List<Forecast>> windowed;
        double windowedSteps;
        try (Harness h = new Harness(false)) {
            windowed = run(h, 50);
            windowedSteps = h.steps();
        }
        Map<String, List<Forecast>> carried;
        double carriedSteps;
        try (Harness h = new Harness(true)) {
            carried = run(h, 50);
            carriedSteps = h.steps();
        }
        int networkForecasts = windowed.values().stream().mapToInt(List::size).sum();
        assertTrue(networkForecasts >= 3 * 20, "the network served most hours: " + networkForecasts);
        assertEquals(windowed.keySet(), carried.keySet());
        assertEquals(WINDOW * networkForecasts, windowedSteps, "every forecast re-ran its window");
        int expected = 0;
        for (List<Forecast> c : carried.values()) {
            expected += carriedSteps(
                    c.stream().map(CarriedStateTopologyTest::countAt).toList());
        }
        assertEquals(
                expected,
                carriedSteps,
                "each series ran from its anchor whenever the anchor moved, else one step per observation");
        boolean differs = false;
        for (String s : windowed.keySet()) {
            List<Forecast> w = windowed.get(s);
            List<Forecast> c = carried.get(s);
            assertEquals(w.size(), c.size(), s);
            for (int i = 0; i < w.size(); i++) {
                assertEquals(w.get(i).origin(), c.get(i).origin());
                for (double v : values(c.get(i))) {
                    assertTrue(Double.isFinite(v), s + " " + i);
                }
                differs |= !java.util.Arrays.equals(values(w.get(i)), values(c.get(i)));
            }
        }
        // A state reads from its anchor, three quarters of the window or more, not the whole window: forecasts move.
        assertTrue(differs, "carried forecasts are the anchored states', not the window's");
    }

    /**
     * What a restart loses is the carried states (the stores survive): the restarted task rebuilds
     * each series' state from its anchor, and once the anchor moves on, at most a quarter window
     * later, it forecasts exactly what the uninterrupted task forecasts. A state carried for good
     * would differ for ever after.
     */
    @Test
    void aRestartedTaskForecastsAsTheUninterruptedOneOnceTheAnchorMovesOn() {
        int restartAfter = 25;
        int last = 50;
        Map<String, List<Forecast>> uninterrupted;
        try (Harness h = new Harness(true)) {
            uninterrupted = run(h, last);
        }
        Map<String, List<Forecast>> restarted = new LinkedHashMap<>();
        try (Harness before = new Harness(true)) {
            run(before, 0, restartAfter, restarted);
            try (Harness after = new Harness("-restarted", true)) {
                copyStores(before, after);
                // Nothing carried across the restart: each series runs again from its anchor.
                long count = restartAfter + 2;
                double stepsBefore = after.steps();
                run(after, restartAfter + 1, restartAfter + 1, restarted);
                assertEquals(3 * (count - CarriedStates.anchor(count, WINDOW)), after.steps() - stepsBefore);
                run(after, restartAfter + 2, last, restarted);
            }
        }
        int compared = 0;
        for (String s : uninterrupted.keySet()) {
            List<Forecast> u = uninterrupted.get(s);
            List<Forecast> r = restarted.get(s);
            assertEquals(u.size(), r.size(), s);
            for (int i = 0; i < u.size(); i++) {
                assertEquals(u.get(i).origin(), r.get(i).origin());
                long hour = countAt(u.get(i)) - 1;
                // Between the restart and the anchor's next move the rebuilt state normalised its steps as the
                // rebuilding origin's window does, the carried one each as it arrived: they may differ there.
                if (hour <= restartAfter || hour > restartAfter + CarriedStates.spacing(WINDOW)) {
                    assertArrayEquals(values(u.get(i)), values(r.get(i)), 1e-9, s + " at hour " + hour);
                    compared += hour > restartAfter ? 1 : 0;
                }
            }
        }
        assertTrue(compared >= 3 * 20, "compared once the anchor moved on: " + compared);
    }

    /** What survives a restart: every state store's entries, copied into a fresh task. */
    @SuppressWarnings("unchecked")
    private static void copyStores(Harness from, Harness to) {
        for (String name : from.driver.getAllStateStores().keySet()) {
            org.apache.kafka.streams.state.KeyValueStore<Object, Object> source = from.driver.getKeyValueStore(name);
            if (source == null) {
                continue;
            }
            org.apache.kafka.streams.state.KeyValueStore<Object, Object> target = to.driver.getKeyValueStore(name);
            try (var all = source.all()) {
                all.forEachRemaining(kv -> target.put(kv.key, kv.value));
            }
        }
    }

    @Test
    void aLateValueThatReplacesAFilledStepRunsItsSeriesFromItsAnchorAgain() {
        try (Harness h = new Harness(true)) {
            for (int hour = 0; hour <= 20; hour++) {
                h.send("a", hour);
                if (hour != 18) {
                    h.send("b", hour);
                }
                h.flushAndRead();
            }
            double before = h.steps();
            h.send("a", 21);
            h.send("b", 21);
            h.flushAndRead();
            assertEquals(CarriedStates.anchor(21, WINDOW), CarriedStates.anchor(22, WINDOW));
            assertEquals(2, h.steps() - before, "one step each; b's fill at hour 18 was a step like any");

            // Hour 22, the 23rd value, moves both series' anchor; hour 23 keeps it.
            h.send("a", 22);
            h.send("b", 22);
            h.flushAndRead();
            assertEquals(CarriedStates.anchor(23, WINDOW), CarriedStates.anchor(24, WINDOW));

            // b's hour 18 arrives late and replaces its fill: the state carried through the fill is stale.
            h.sendAt("b", T0.plus(Duration.ofHours(18)), value("b", 18), 2000L);
            h.flushAndRead();
            before = h.steps();
            h.send("a", 23);
            h.send("b", 23);
            assertEquals(2, h.flushAndRead().size());
            assertEquals(
                    1 + 24 - CarriedStates.anchor(24, WINDOW),
                    h.steps() - before,
                    "a steps on, b runs again from its anchor");
        }
    }

    @Test
    void aSeriesWhoseBaseLeavesTheLogScaleRunsFromItsAnchorAgain() {
        try (Harness h = new Harness(true, "base.transform=log")) {
            for (int hour = 0; hour <= 20; hour++) {
                h.send("a", hour);
                h.send("b", hour);
                h.flushAndRead();
            }
            double before = h.steps();
            // a's first value the log scale cannot take: its base, and every input of its window, move to the linear
            // scale.
            h.sendAt("a", T0.plus(Duration.ofHours(21)), 0, 1021L);
            h.send("b", 21);
            List<Forecast> forecasts = h.flushAndRead();
            assertEquals(2, forecasts.size());
            assertTrue(forecasts.stream().allMatch(f -> f.model().equals("gru")), "the network forecast both");
            assertEquals(
                    1 + 22 - CarriedStates.anchor(22, WINDOW),
                    h.steps() - before,
                    "b steps on, a runs again from its anchor");
        }
    }

    @Test
    void onlyTheDesignsServedByPlainLoopsCarryTheirState() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                ConfigException.class,
                () -> TopologyHarness.hourlySpec(WINDOW, "model.carryState=true", "model.bidirectional=true"));
        assertTrue(e.getMessage().contains("model.carryState"), e.getMessage());
        assertNotEquals(
                null,
                TopologyHarness.hourlySpec(
                        WINDOW, "model.carryState=true", "model.cell=[gru, lstm]", "model.layers=2"));
    }
}
