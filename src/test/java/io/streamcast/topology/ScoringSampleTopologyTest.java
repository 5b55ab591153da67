package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Anomaly;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastPoint;
import io.streamcast.metrics.MetricNames;
import io.streamcast.model.VersionedModel;
import io.streamcast.series.RecentForecasts;
import io.streamcast.training.NetworkTaskModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real topology: a task with many series scores exactly the forecasts of its sample
 * and keeps only those in each series' record (plus the newest), while every forecast is still
 * published and an actual outside the newest forecast's interval is still reported when that
 * forecast is outside the sample; a task with few series scores every forecast.
 */
class ScoringSampleTopologyTest {
    private static final int H = 6;
    private static final int STEPS = 40;
    private static final int MAX_SERIES = 1_200;
    /** Gaussian noise per series and hour, drawn once: the base's errors are then close to independent. */
    private static final double[][] NOISE = new double[MAX_SERIES][STEPS + 1];

    static {
        java.util.Random random = new java.util.Random(42);
        for (double[] series : NOISE) {
            for (int i = 0; i < series.length; i++) {
                series[i] = random.nextGaussian();
            }
        }
    }

    @TempDir
    Path stateDir;

    private static TopologySpec spec(String... overrides) {
        List<String> all = new java.util.ArrayList<>(List.of("horizon=" + H, "batching.maxBatch=1024"));
        all.addAll(List.of(overrides));
        return TopologyHarness.hourlySpec(8, all.toArray(String[]::new));
    }

    /** Series s's value at hour i: a season of 4 at its own level and amplitude, with noise of its own size. */
    private static double value(int s, int i) {
        return 20 + s % 7 + (1 + s % 3) * Math.sin(2 * Math.PI * i / 4) + (0.2 + 0.1 * (s % 5)) * NOISE[s][i];
    }

    @Test
    void aTaskWithManySeriesScoresAndKeepsItsSampleAndStillJudgesEveryActual() {
        int seriesCount = MAX_SERIES;
        int k = ScoringSample.every(seriesCount, H, 200);
        assertEquals(H, k);
        try (TopologyHarness h = new TopologyHarness(spec(), NetworkTaskModels.frozen(spec(), null), stateDir)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            h.metrics.bindTo(registry);
            Map<String, List<Long>> origins = origins(replay(h, seriesCount));
            long published = origins.values().stream().mapToLong(List::size).sum();
            assertEquals((long) seriesCount * STEPS, published, "every observation's forecast is published");

            long expected = 0;
            long all = 0;
            for (Map.Entry<String, List<Long>> e : origins.entrySet()) {
                for (long o : e.getValue()) {
                    long arrived = Math.min(H, STEPS - 1 - o);
                    all += arrived;
                    if (Math.floorMod(o + e.getKey().hashCode(), k) == 0) {
                        expected += arrived;
                    }
                }
            }
            assertEquals(expected, scored(registry), "exactly the sampled forecasts' arrived steps");
            assertTrue(expected < all / (k - 1), expected + " of " + all);

            KeyValueStore<String, RecentForecasts> store = h.driver.getKeyValueStore(StoreNames.REMEMBERED);
            for (int s = 0; s < seriesCount; s += 97) {
                String series = "s" + s;
                RecentForecasts recent = store.get(RememberedForecasts.key(series));
                assertEquals(STEPS - 1, recent.newestOrigin(), series);
                // The newest, and of the H - 1 before it with steps to come the one in k sampled.
                assertTrue(
                        recent.forecasts().size() <= 2,
                        series + ": " + recent.forecasts().size());
                recent.forecasts().stream()
                        .filter(f -> f.originIndex() != recent.newestOrigin())
                        .forEach(f -> assertEquals(0, Math.floorMod(f.originIndex() + series.hashCode(), k)));
            }

            // A spike judged by a newest forecast outside the sample is still reported.
            String series = null;
            for (int s = 0; series == null; s++) {
                if (Math.floorMod(STEPS - 1 + ("s" + s).hashCode(), k) != 0) {
                    series = "s" + s;
                }
            }
            Forecast last = LatestForecast.read(
                    h.driver.getKeyValueStore(StoreNames.REMEMBERED), series, spec().stepValue(), "test");
            ForecastPoint p = last.points().get(0);
            double spike = p.upper() + 10 * (p.upper() - p.value());
            h.anomalies.readRecordsToList();
            h.sendAt(series, TopologyHarness.T0.plus(Duration.ofHours(STEPS)), spike, 1000L + STEPS);
            h.flushAndReadRecords();
            List<Anomaly> reported = h.anomalies.readValuesToList();
            assertEquals(1, reported.size());
            assertEquals(series, reported.get(0).series());
            assertEquals(1, reported.get(0).h());
            assertEquals(last.origin(), reported.get(0).origin());
        }
    }

    @Test
    void aTaskWithFewSeriesScoresEveryForecast() {
        int seriesCount = 40;
        try (TopologyHarness h =
                new TopologyHarness(spec(), NetworkTaskModels.frozen(spec(), (VersionedModel) null), stateDir)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            h.metrics.bindTo(registry);
            Map<String, List<Long>> origins = origins(replay(h, seriesCount));
            long all = 0;
            for (List<Long> os : origins.values()) {
                for (long o : os) {
                    all += Math.min(H, STEPS - 1 - o);
                }
            }
            assertEquals(all, scored(registry));
        }
    }

    /**
     * The intervals of a sampled task are as calibrated as those of one that scores everything:
     * the share of actuals inside the published 80% intervals, over every forecast after the first
     * quarter (the calibrators' start), per horizon step, whichever way the task scores.
     */
    @Test
    void sampledScoringCalibratesTheIntervalsAsScoringEverythingDoes() {
        double[][] coverage = new double[2][];
        List<String> perStep = List.of("0", "200");
        for (int run = 0; run < 2; run++) {
            TopologySpec spec = spec("scoring.perStep=" + perStep.get(run));
            try (TopologyHarness h =
                    new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("run" + run))) {
                coverage[run] = coverageByStep(replay(h, MAX_SERIES), STEPS / 4);
            }
        }
        for (int step = 0; step < H; step++) {
            String which = "h=" + (step + 1) + ": all " + coverage[0][step] + ", sampled " + coverage[1][step];
            assertTrue(coverage[1][step] > 0.75 && coverage[1][step] < 0.85, which);
            assertEquals(coverage[0][step], coverage[1][step], 0.02, which);
        }
    }

    /** Per horizon step, the share of actuals inside the intervals of the forecasts made at {@code from} or later. */
    private static double[] coverageByStep(Map<String, List<Forecast>> forecasts, int from) {
        int[] inside = new int[H];
        int[] scored = new int[H];
        forecasts.forEach((series, list) -> {
            int s = Integer.parseInt(series.substring(1));
            for (Forecast f : list) {
                int o = (int) Duration.between(TopologyHarness.T0, f.origin()).toHours();
                for (ForecastPoint p : f.points()) {
                    int t = o + p.h();
                    if (o >= from && t < STEPS) {
                        double actual = value(s, t);
                        scored[p.h() - 1]++;
                        inside[p.h() - 1] += actual >= p.lower() && actual <= p.upper() ? 1 : 0;
                    }
                }
            }
        });
        double[] share = new double[H];
        for (int step = 0; step < H; step++) {
            share[step] = (double) inside[step] / scored[step];
        }
        return share;
    }

    /** Hours 0 to STEPS - 1 of each series, hour by hour; the forecasts published for each series, in order. */
    private static Map<String, List<Forecast>> replay(TopologyHarness h, int seriesCount) {
        Map<String, List<Forecast>> published = new HashMap<>();
        for (int i = 0; i < STEPS; i++) {
            for (int s = 0; s < seriesCount; s++) {
                h.sendAt("s" + s, TopologyHarness.T0.plus(Duration.ofHours(i)), value(s, i), 1000L + i);
            }
            for (var r : h.flushAndReadRecords()) {
                published.computeIfAbsent(r.key(), x -> new ArrayList<>()).add(r.value());
            }
        }
        return published;
    }

    /** The origin indices of each series' published forecasts. */
    private static Map<String, List<Long>> origins(Map<String, List<Forecast>> published) {
        Map<String, List<Long>> origins = new HashMap<>();
        published.forEach((series, list) -> origins.put(
                series,
                list.stream()
                        .map(f ->
                                Duration.between(TopologyHarness.T0, f.origin()).toHours())
                        .toList()));
        return origins;
    }

    private static double scored(SimpleMeterRegistry registry) {
        return registry.find(MetricNames.ACCURACY_SCORED).functionCounters().stream()
                .mapToDouble(FunctionCounter::count)
                .sum();
    }
}
