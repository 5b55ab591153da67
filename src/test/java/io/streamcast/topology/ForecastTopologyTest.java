package io.streamcast.topology;

import static io.streamcast.topology.TopologyHarness.T0;
import static io.streamcast.topology.TopologyHarness.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Anomaly;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastPoint;
import io.streamcast.emit.ForecastSerde;
import io.streamcast.ingest.Rejection;
import io.streamcast.metrics.MetricNames;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.VersionedModel;
import io.streamcast.series.BaseConstants;
import io.streamcast.series.RecentForecasts;
import io.streamcast.series.RememberedForecast;
import io.streamcast.series.SeriesState;
import io.streamcast.series.Smoothing;
import io.streamcast.series.SmoothingParams;
import io.streamcast.training.ModelStore;
import io.streamcast.training.NetworkSpecs;
import io.streamcast.training.NetworkTaskModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastTopologyTest {
    @TempDir
    Path stateDir;

    private static TopologySpec spec(String... overrides) {
        return TopologyHarness.hourlySpec(8, overrides);
    }

    private Properties props() {
        return TopologyHarness.props("test", stateDir);
    }

    private final class Harness extends TopologyHarness {
        Harness(TopologySpec spec, VersionedModel seed) {
            this(spec, NetworkTaskModels.frozen(spec, seed));
        }

        Harness(TopologySpec spec, NetworkTaskModels models) {
            super(spec, models, stateDir);
        }

        void send(String series, int hour, double value) {
            sendAt(series, T0.plus(Duration.ofHours(hour)), value, 1000L + hour);
        }

        List<TestRecord<String, Forecast>> flushAndRead() {
            return flushAndReadRecords();
        }
    }

    @Test
    void theSeriesGaugeCountsSeriesExactlyNotTheStoresOverwrites() {
        try (Harness h = new Harness(spec(), (VersionedModel) null)) {
            io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            h.metrics.bindTo(registry);
            for (int i = 0; i < 30; i++) {
                for (String series : List.of("s1", "s2", "s3", "s4")) {
                    h.send(series, i, 10 + i);
                }
            }
            h.send("s1", 3, 99); // too old: dead-lettered, no new series
            h.flushAndRead();
            // RocksDB's estimate counted every overwrite: 353 for 4 series in the issue's run.
            assertEquals(
                    4,
                    registry.get(io.streamcast.metrics.MetricNames.SERIES_TRACKED)
                            .gauge()
                            .value());
        }
    }

    /** A season of 4 with uneven noise: the base's intervals get real errors to calibrate on. */
    private static double seasonal(int i) {
        return 20 + 3 * Math.sin(2 * Math.PI * i / 4) + ((i * 7) % 5 - 2) * 0.4;
    }

    @Test
    void aSpikeBeyondItsIntervalIsOneAnomalyAgainstTheFreshestForecastAndAnActualInsideIsNone() {
        try (Harness h = new Harness(spec(), (VersionedModel) null)) {
            io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            h.metrics.bindTo(registry);
            int n = 40;
            for (int i = 0; i < n; i++) {
                h.send("s1", i, seasonal(i));
            }
            List<TestRecord<String, Forecast>> warmUp = h.flushAndRead();
            List<Anomaly> warmUpAnomalies = h.anomalies.readValuesToList();
            // Each one contradicts the h=1 forecast of the origin before it, as the forecasts topic carried it.
            Map<Instant, Forecast> byOrigin =
                    warmUp.stream().map(TestRecord::value).collect(Collectors.toMap(Forecast::origin, f -> f));
            for (Anomaly a : warmUpAnomalies) {
                ForecastPoint p = byOrigin.get(a.origin()).points().get(a.h() - 1);
                assertTrue(a.actual() < p.lower() || a.actual() > p.upper(), a.toString());
            }
            Forecast last = warmUp.get(warmUp.size() - 1).value();
            assertEquals("ets", last.model(), "two seasons in, the base serves");
            double counted = registry.get(io.streamcast.metrics.MetricNames.ANOMALIES)
                    .tag("horizon", "1")
                    .functionCounter()
                    .count();
            assertEquals(warmUpAnomalies.size(), counted, 1e-9);

            // Exactly as forecast: inside, no anomaly.
            h.send("s1", n, last.points().get(0).value());
            Forecast next = h.flushAndRead().get(0).value();
            assertTrue(h.anomalies.isEmpty(), "an actual inside its interval is no anomaly");

            // Ten half-widths above the forecast: three forecasts covered this step, one anomaly reports it.
            ForecastPoint p = next.points().get(0);
            double half = p.upper() - p.value();
            double spike = p.value() + 10 * half;
            h.send("s1", n + 1, spike);
            h.flushAndRead();
            List<TestRecord<String, Anomaly>> reported = h.anomalies.readRecordsToList();
            assertEquals(1, reported.size(), "one event per anomalous actual");
            assertEquals("s1", reported.get(0).key());
            assertEquals(1000L + n + 1, reported.get(0).timestamp(), "the observation's record timestamp");
            Anomaly a = reported.get(0).value();
            assertEquals("s1", a.series());
            assertEquals(T0.plus(Duration.ofHours(n + 1)), a.ts());
            assertEquals(spike, a.actual(), 1e-12);
            assertEquals(p.value(), a.forecast(), 1e-4);
            assertEquals(p.lower(), a.lower(), 1e-4);
            assertEquals(p.upper(), a.upper(), 1e-4);
            assertEquals(1, a.h());
            assertEquals(next.origin(), a.origin());
            assertEquals("ets", a.model());
            assertEquals(0L, a.version());
            assertEquals("test", a.topology());
            assertEquals(9.0, a.score(), 1e-3, "nine half-widths beyond the upper bound");
            assertEquals(
                    counted + 1,
                    registry.get(io.streamcast.metrics.MetricNames.ANOMALIES)
                            .tag("horizon", "1")
                            .functionCounter()
                            .count(),
                    1e-9);
        }
    }

    /**
     * With {@code base.robust}, an observation far outside what the series' errors make plausible
     * is counted ({@code streamcast_base_clipped_total}: likely faults, for an operator to watch);
     * a second one in a row on the same side is a new level, taken in full and not counted; a
     * normal one is not counted. A plain base counts nothing.
     */
    @Test
    void aRobustBaseCountsTheObservationsItTookAsFaults() {
        for (String robust : List.of("3", "0")) {
            try (Harness h = new Harness(spec("base.robust=" + robust), (VersionedModel) null)) {
                io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
                h.metrics.bindTo(registry);
                java.util.function.DoubleSupplier clipped =
                        () -> registry.get(io.streamcast.metrics.MetricNames.BASE_CLIPPED)
                                .functionCounter()
                                .count();
                int n = 40;
                for (int i = 0; i < n; i++) {
                    h.send("s1", i, seasonal(i));
                }
                assertEquals(0, clipped.getAsDouble(), "normal values are not faults");
                h.send("s1", n, seasonal(n) + 100);
                assertEquals(robust.equals("3") ? 1 : 0, clipped.getAsDouble(), "a spike of 100 is one fault");
                h.send("s1", n + 1, seasonal(n + 1) + 100);
                assertEquals(robust.equals("3") ? 1 : 0, clipped.getAsDouble(), "the second in a row is a new level");
            }
        }
    }

    @Test
    void fallbackForecastsJudgeNoActual() {
        try (Harness h = new Harness(spec(), (VersionedModel) null)) {
            for (int i = 0; i < 3; i++) {
                h.send("young", i, 10 + i);
            }
            h.send("young", 3, 1000);
            List<TestRecord<String, Forecast>> forecasts = h.flushAndRead();
            forecasts.forEach(f -> assertTrue(
                    io.streamcast.model.SeasonalNaive.isFallback(f.value().model()),
                    f.value().model()));
            ForecastPoint p = forecasts.get(2).value().points().get(0);
            assertTrue(1000 > p.upper(), "outside the interval the fallback gave: " + p);
            assertTrue(h.anomalies.isEmpty(), "a fallback's interval judges nothing");
        }
    }

    @Test
    void minScoreKeepsSmallExcursionsOff() {
        try (Harness h = new Harness(spec("anomaly.minScore=1000"), (VersionedModel) null)) {
            for (int i = 0; i < 40; i++) {
                h.send("s1", i, seasonal(i));
            }
            h.send("s1", 40, 1e6);
            h.flushAndRead();
            List<Anomaly> reported = h.anomalies.readValuesToList();
            assertEquals(1, reported.size(), "only the huge spike: " + reported);
            assertTrue(reported.get(0).score() >= 1000);
        }
    }

    @Test
    void everyAcceptedObservationGetsAForecastWithTargetTimestampsAndHorizon() {
        TopologySpec spec = spec();
        try (Harness h = new Harness(spec, (VersionedModel) null)) {
            for (int i = 0; i < 6; i++) {
                h.send("s1", i, 10 + i);
            }
            List<TestRecord<String, Forecast>> records = h.flushAndRead();
            assertEquals(6, records.size(), "one forecast per accepted observation");
            TestRecord<String, Forecast> last = records.get(5);
            assertEquals("s1", last.key());
            assertEquals(1005L, last.timestamp(), "forecast carries the observation's record timestamp");
            Forecast f = last.value();
            assertEquals("s1", f.series());
            assertEquals(T0.plus(Duration.ofHours(5)), f.origin());
            assertEquals(3, f.points().size());
            for (ForecastPoint p : f.points()) {
                assertEquals(f.origin().plus(Duration.ofHours(p.h())), p.ts());
                assertTrue(p.lower() <= p.value() && p.value() <= p.upper());
            }
            // 6 values of period 4: seasonal naive is the stated fallback, h=1 repeats the value a season ago.
            assertEquals("seasonal-naive", f.model());
            assertEquals(12.0, f.points().get(0).value(), 1e-9);
            assertEquals("naive", records.get(0).value().model(), "less than a season: naive");
            // REST writes what it reads through the topic's writer: the same bytes, so the same message.
            Forecast kept = LatestForecast.read(
                    h.driver.<String, RecentForecasts>getKeyValueStore(StoreNames.REMEMBERED),
                    "s1",
                    spec.stepValue(),
                    spec.name);
            assertEquals(
                    f,
                    ForecastSerde.fromBytes(ForecastSerde.toBytes(kept)),
                    "the newest forecast, exactly as published, is kept for interactive queries");
        }
    }

    /**
     * interval.quantiles: every point carries them in ascending order, nested around the point, the
     * median being the point and the quantiles at the interval's probabilities its bounds; REST
     * answers with the same numbers; a topology without them writes no quantiles field.
     */
    @Test
    void quantilesTheTopologyAsksForComeWithEveryPointAndMatchTheInterval() {
        TopologySpec spec = spec("interval.quantiles=[0.95, 0.05, 0.1, 0.5, 0.9, 0.25]");
        try (Harness h = new Harness(spec, (VersionedModel) null)) {
            io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            h.metrics.bindTo(registry);
            for (int i = 0; i < 40; i++) {
                h.send("s1", i, 10 + 3 * Math.sin(i * 1.3) + (i % 4));
            }
            List<TestRecord<String, Forecast>> records = h.flushAndRead();
            assertEquals(40, records.size());
            for (TestRecord<String, Forecast> r : records) {
                for (ForecastPoint p : r.value().points()) {
                    assertEquals(
                            List.of("0.05", "0.1", "0.25", "0.5", "0.9", "0.95"),
                            List.copyOf(p.quantiles().keySet()),
                            "ascending, as configured");
                    List<Double> q = List.copyOf(p.quantiles().values());
                    for (int i = 1; i < q.size(); i++) {
                        assertTrue(q.get(i - 1) <= q.get(i), "nested: " + p);
                    }
                    assertTrue(q.get(0) < p.lower() && p.upper() < q.get(5), "95% wider than 80%: " + p);
                    assertTrue(p.lower() < q.get(2) && q.get(2) < p.value(), "50% narrower than 80%: " + p);
                    assertEquals(p.value(), p.quantiles().get("0.5"), "the median is the point");
                    assertEquals(p.lower(), p.quantiles().get("0.1"), "the 80% interval's bounds");
                    assertEquals(p.upper(), p.quantiles().get("0.9"));
                }
            }
            Forecast kept = LatestForecast.read(
                    h.driver.<String, RecentForecasts>getKeyValueStore(StoreNames.REMEMBERED),
                    "s1",
                    spec.stepValue(),
                    spec.name);
            assertEquals(records.get(39).value(), ForecastSerde.fromBytes(ForecastSerde.toBytes(kept)));
            // Scored live as the actuals arrived, against the quantiles remembered with each forecast.
            for (String q : List.of("0.05", "0.1", "0.25", "0.5", "0.9", "0.95")) {
                double below = registry.get(io.streamcast.metrics.MetricNames.QUANTILE_BELOW)
                        .tag("horizon", "1")
                        .tag("quantile", q)
                        .gauge()
                        .value();
                assertTrue(below >= 0 && below <= 1, q + ": " + below);
            }
            double low = registry.get(io.streamcast.metrics.MetricNames.QUANTILE_BELOW)
                    .tag("horizon", "2-3")
                    .tag("quantile", "0.05")
                    .gauge()
                    .value();
            double high = registry.get(io.streamcast.metrics.MetricNames.QUANTILE_BELOW)
                    .tag("horizon", "2-3")
                    .tag("quantile", "0.95")
                    .gauge()
                    .value();
            assertTrue(low < high, "fewer actuals below the 5% quantile than below the 95%: " + low + " vs " + high);
        }
        try (Harness h = new Harness(spec(), (VersionedModel) null)) {
            h.send("s1", 0, 10);
            Forecast f = h.flushAndRead().get(0).value();
            assertTrue(f.points().stream().allMatch(p -> p.quantiles() == null));
            assertTrue(!new String(ForecastSerde.toBytes(f), StandardCharsets.UTF_8).contains("quantiles"));
        }
    }

    @Test
    void aProvenNetworkForecastsOnceTheWindowIsFullAndBatchesAcrossSeries() {
        TopologySpec spec = spec();
        VersionedModel seed = VersionedModel.of(3, NetworkFactory.build(NetworkSpecs.of(spec)), false);
        try (Harness h = new Harness(spec, NetworkTaskModels.frozen(spec, seed).correctionProven(true))) {
            for (int i = 0; i < 13; i++) {
                for (String s : List.of("a", "b", "c")) {
                    h.send(s, i, Math.sin(i / 2.0) * 10 + s.charAt(0));
                }
            }
            List<TestRecord<String, Forecast>> records = h.flushAndRead();
            assertEquals(39, records.size());
            Map<String, List<Forecast>> bySeries =
                    records.stream().map(TestRecord::value).collect(Collectors.groupingBy(Forecast::series));
            assertTrue(
                    CorrectionStatus.of(h.driver
                                    .<String, byte[]>getKeyValueStore(StoreNames.MODEL)
                                    .get(ModelStore.GATE))
                            .networkServes(),
                    "the model store says what GET /models shows: the proven correction serves");
            for (List<Forecast> fs : bySeries.values()) {
                Forecast last = fs.get(fs.size() - 1);
                assertEquals("lstm", last.model());
                assertEquals(3, last.version());
                last.points().forEach(p -> assertTrue(Double.isFinite(p.value())));
            }
        }
    }

    /**
     * A random correction, made large, loses to the base on live forecasts: once that is clear, the base serves
     * though pretraining's verdict put the network in.
     */
    @Test
    void aCorrectionThatLosesLiveHandsOverToTheBase() {
        TopologySpec spec = spec();
        MultiLayerNetwork random = NetworkFactory.build(NetworkSpecs.of(spec));
        // Untrained, its correction is a percent or two of the base's error: a tie, which a standing verdict survives.
        random.getOutputLayer().params().muli(20);
        VersionedModel seed = VersionedModel.of(3, random, false);
        try (Harness h = new Harness(spec, NetworkTaskModels.frozen(spec, seed).correctionProven(true))) {
            // Noisy, so that the base errs and the correction is measured against it: on an exact season the
            // base is perfect, the correction is scaled to nothing and the two tie.
            Random noise = new Random(5);
            for (int i = 0; i < 40; i++) {
                for (String s : List.of("a", "b", "c")) {
                    h.send(s, i, new double[] {0, 5, 10, 5}[i % 4] + s.charAt(0) + noise.nextGaussian());
                }
            }
            List<Forecast> forecasts =
                    h.flushAndRead().stream().map(TestRecord::value).toList();
            assertTrue(forecasts.stream().anyMatch(f -> f.model().equals("lstm")), "the proven network served first");
            assertEquals(
                    "ets", forecasts.get(forecasts.size() - 1).model(), "the base serves once it is measured better");
            // An operator sees why: the task's gauges show the network's live error above the base's.
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            h.metrics.bindTo(registry);
            h.flushAndRead();
            double network = registry.get(MetricNames.CORRECTION_ERROR)
                    .tag("role", "network")
                    .gauge()
                    .value();
            double base = registry.get(MetricNames.CORRECTION_ERROR)
                    .tag("role", "base")
                    .gauge()
                    .value();
            assertTrue(network > base && base > 0, "network " + network + " vs base " + base);
            assertEquals(0, registry.get(MetricNames.CORRECTION_SERVES).gauge().value());
            // And GET /models reads the same from the task's model store.
            CorrectionStatus status = CorrectionStatus.of(
                    h.driver.<String, byte[]>getKeyValueStore(StoreNames.MODEL).get(ModelStore.GATE));
            assertFalse(status.networkServes());
            assertEquals(network, status.networkError(), 1e-12);
            assertEquals(base, status.baseError(), 1e-12);
        }
    }

    /** A correction that never beat the base out of sample does not serve: the smoothing base does, and says so. */
    @Test
    void withoutProofTheSmoothingBaseServesInsteadOfTheNetwork() {
        TopologySpec spec = spec();
        VersionedModel seed = VersionedModel.of(3, NetworkFactory.build(NetworkSpecs.of(spec)), false);
        try (Harness h = new Harness(spec, seed)) {
            for (int i = 0; i < 20; i++) {
                h.send("a", i, 10 + (i % 4) + 0.1 * i);
            }
            List<TestRecord<String, Forecast>> records = h.flushAndRead();
            Forecast last = records.get(records.size() - 1).value();
            assertEquals("ets", last.model());
            // The base continues the season and the slow trend: h=1 is the phase-1 value a little higher.
            assertEquals(10 + 0 + 0.1 * 20, last.points().get(0).value(), 0.3);
        }
    }

    /**
     * A series with smoothing constants of its own (fitting gave it some) is forecast with them, and
     * a series without with the topology's: the same values, a level that jumped, forecast by a
     * fast level for one and a slow one for the other, each as the smoothing alone forecasts it.
     */
    @Test
    void aSeriesWithConstantsOfItsOwnIsForecastWithThemAndTheOthersWithTheTopologys() {
        TopologySpec spec = spec();
        SmoothingParams slow = new SmoothingParams(0.05, 0, 0.1, 1.0, false);
        SmoothingParams fast = new SmoothingParams(0.9, 0, 0.1, 1.0, false);
        spec.base.useFitted(new BaseConstants(slow, Map.of("fast", fast)));
        double[] values = new double[40];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i < 30 ? 100 : 120) + new double[] {0, 5, 10, 5}[i % 4];
        }
        try (Harness h = new Harness(spec, (VersionedModel) null)) {
            for (int i = 0; i < values.length; i++) {
                h.send("fast", i, values[i]);
                h.send("slow", i, values[i]);
            }
            Map<String, Forecast> last = h.flushAndRead().stream()
                    .map(TestRecord::value)
                    .collect(Collectors.toMap(Forecast::series, f -> f, (a, b) -> b));
            for (Map.Entry<String, SmoothingParams> e :
                    Map.of("fast", fast, "slow", slow).entrySet()) {
                Smoothing alone = new Smoothing(spec.period, false);
                for (double v : values) {
                    alone.update(v, e.getValue());
                }
                double[] expected = alone.forecast(spec.horizon, e.getValue());
                Forecast f = last.get(e.getKey());
                assertEquals("ets", f.model());
                for (ForecastPoint p : f.points()) {
                    assertEquals(expected[p.h() - 1], p.value(), 0.01, e.getKey() + " h=" + p.h());
                }
            }
            double apart = last.get("fast").points().get(0).value()
                    - last.get("slow").points().get(0).value();
            assertTrue(apart > 5, "the fast level has followed the jump further: " + apart);
        }
    }

    /** A missing step is filled by the base, so the season and the target timestamps stay on the grid. */
    @Test
    void aMissingStepIsFilledAndTheSeasonStaysAligned() {
        TopologySpec spec = spec();
        try (Harness h = new Harness(spec, (VersionedModel) null)) {
            double[] season = {0, 5, 10, 5};
            for (int i = 0; i < 24; i++) {
                if (i != 17) {
                    h.send("s", i, 100 + season[i % 4]);
                }
            }
            List<TestRecord<String, Forecast>> records = h.flushAndRead();
            assertEquals(23, records.size(), "one forecast per observation, none for the missing one");
            Forecast last = records.get(records.size() - 1).value();
            assertEquals(T0.plus(Duration.ofHours(23)), last.origin());
            for (ForecastPoint p : last.points()) {
                assertEquals(
                        100 + season[(23 + p.h()) % 4], p.value(), 0.5, "h=" + p.h() + " keeps the season's phase");
                assertEquals(T0.plus(Duration.ofHours(23 + p.h())), p.ts());
            }
            SeriesState state = h.driver
                    .<String, SeriesState>getKeyValueStore(StoreNames.SERIES)
                    .get("s");
            assertEquals(24, state.count(), "23 observed values and 1 filled");
            assertEquals(17, state.lastFilledIndex());
            var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            h.metrics.bindTo(registry);
            assertEquals(
                    1.0,
                    registry.find(io.streamcast.metrics.MetricNames.STEPS_FILLED)
                            .functionCounter()
                            .count());
        }
    }

    /** A gap longer than gaps.maxFill restarts the series: bridging it would be a guess. */
    @Test
    void aGapLongerThanMaxFillRestartsTheSeries() {
        try (Harness h = new Harness(spec("gaps.maxFill=5"), (VersionedModel) null)) {
            for (int i = 0; i < 12; i++) {
                h.send("s", i, i);
            }
            h.send("s", 100, 7);
            h.flushAndRead();
            SeriesState state = h.driver
                    .<String, SeriesState>getKeyValueStore(StoreNames.SERIES)
                    .get("s");
            assertEquals(1, state.count(), "only the value after the gap");
            assertEquals(7.0, state.lastValue());
        }
    }

    @Test
    void strideEmitsEveryNthObservation() {
        try (Harness h = new Harness(spec("stride=3"), (VersionedModel) null)) {
            for (int i = 0; i < 9; i++) {
                h.send("s", i, i);
            }
            assertEquals(3, h.flushAndRead().size());
        }
    }

    @Test
    void badRecordsLandInTheDeadLetterTopicUnchangedWithAReason() {
        try (Harness h = new Harness(spec(), (VersionedModel) null)) {
            h.in.pipeInput("s1", "not json");
            h.in.pipeInput("s1", "{\"ts\":\"2024-01-01T00:00:00Z\"}");
            h.in.pipeInput("s1", "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":\"abc\"}");
            h.in.pipeInput("s1", "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":NaN}");
            h.in.pipeInput("s1", "{\"ts\":\"yesterday\",\"value\":1}");
            h.in.pipeInput((String) null, "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1}");
            h.send("s1", 5, 1.0);
            h.send("s1", 5, 2.0);
            h.send("s1", 3, 3.0);
            h.in.pipeInput("s1", "{\"ts\":\"2024-01-01T09:00:00Z\",\"value\":" + "1".repeat(70000) + "}");
            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            List<String> reasons =
                    dead.stream().map(r -> header(r, Rejection.ERROR_HEADER)).toList();
            assertEquals(
                    List.of(
                            "NOT_JSON",
                            "MISSING_VALUE",
                            "NON_NUMERIC_VALUE",
                            "NOT_FINITE",
                            "BAD_TS",
                            "MISSING_SERIES",
                            "DUPLICATE_TS",
                            "TOO_OLD",
                            "OVERSIZED"),
                    reasons);
            assertEquals("not json", new String(dead.get(0).value(), StandardCharsets.UTF_8), "value unchanged");
            assertEquals("s1", new String(dead.get(0).key(), StandardCharsets.UTF_8), "key unchanged");
            dead.forEach(r -> assertFalse(header(r, Rejection.DETAIL_HEADER).isBlank()));
            assertEquals(1, h.flushAndRead().size(), "the one good record was still forecast");
        }
    }

    /**
     * Two topologies on one input topic each dead-letter a bad record: the dead letters name the
     * topology that rejected them and carry the same input position, so an operator sees one bad
     * input, not two. The position is the input's even for a record refused after the repartition.
     */
    @Test
    void deadLettersNameTheirTopologyAndTheInputRecordTheyCameFrom() {
        Map<String, List<TestRecord<byte[], byte[]>>> deadByTopology = new java.util.TreeMap<>();
        for (String name : List.of("hourly", "daily")) {
            TopologySpec spec = spec("name=" + name);
            try (TopologyHarness h = new TopologyHarness(
                    spec,
                    NetworkTaskModels.frozen(spec, null),
                    TopologyHarness.props("test-" + name, stateDir.resolve(name)))) {
                h.in.pipeInput("s1", "not json"); // offset 0: refused at ingest
                h.in.pipeInput("s1", "{\"ts\":\"2024-01-01T05:00:00Z\",\"value\":1}"); // offset 1: forecast
                h.in.pipeInput(
                        "s1",
                        "{\"ts\":\"2024-01-01T05:00:00Z\",\"value\":2}"); // offset 2: refused after the repartition
                h.driver.advanceWallClockTime(Duration.ofMillis(100));
                deadByTopology.put(name, h.dlq.readRecordsToList());
                TestRecord<String, Forecast> forecast = h.out.readRecord();
                assertFalse(forecast.headers().iterator().hasNext(), "forecasts carry no dead-letter headers");
            }
        }
        for (var e : deadByTopology.entrySet()) {
            List<TestRecord<byte[], byte[]>> dead = e.getValue();
            assertEquals(
                    List.of("NOT_JSON", "DUPLICATE_TS"),
                    dead.stream().map(r -> header(r, Rejection.ERROR_HEADER)).toList());
            assertEquals(
                    List.of(e.getKey(), e.getKey()),
                    dead.stream().map(r -> header(r, Rejection.TOPOLOGY_HEADER)).toList());
            assertEquals(
                    List.of("observations-0@0", "observations-0@2"),
                    dead.stream().map(r -> header(r, Rejection.SOURCE_HEADER)).toList(),
                    e.getKey());
            for (TestRecord<byte[], byte[]> r : dead) {
                assertEachOnce(
                        r,
                        Rejection.ERROR_HEADER,
                        Rejection.DETAIL_HEADER,
                        Rejection.TOPOLOGY_HEADER,
                        Rejection.SOURCE_HEADER);
            }
        }
    }

    /**
     * A dead letter fed back in carries the headers of its first refusal: refused again after the
     * repartition, it leaves with this read's position and reason, once each, and its other headers.
     */
    @Test
    void aDeadLetterFedBackAndRefusedAfterTheRepartitionNamesWhereItWasReadThisTime() {
        TopologySpec spec = spec("name=hourly");
        try (TopologyHarness h = new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir)) {
            String value = "{\"ts\":\"2024-01-01T05:00:00Z\",\"value\":1}";
            h.in.pipeInput("s1", value);
            org.apache.kafka.common.header.internals.RecordHeaders stale =
                    new org.apache.kafka.common.header.internals.RecordHeaders();
            stale.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
            stale.add(Rejection.SOURCE_HEADER, "observations-3@77".getBytes(StandardCharsets.UTF_8));
            stale.add(Rejection.ERROR_HEADER, "TOO_OLD".getBytes(StandardCharsets.UTF_8));
            h.in.pipeInput(new TestRecord<>("s1", value, stale));
            h.driver.advanceWallClockTime(Duration.ofMillis(100));
            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            assertEquals(1, dead.size());
            TestRecord<byte[], byte[]> r = dead.get(0);
            assertEquals("DUPLICATE_TS", header(r, Rejection.ERROR_HEADER));
            assertEquals("observations-0@1", header(r, Rejection.SOURCE_HEADER));
            assertEquals("abc", header(r, "trace"));
            assertEachOnce(r, Rejection.ERROR_HEADER, Rejection.TOPOLOGY_HEADER, Rejection.SOURCE_HEADER);
        }
    }

    /**
     * Intervals learnt from past errors survive a restart: the errors are saved in the changelogged
     * model store, and a task that restores them starts with those intervals, not the cold guess.
     */
    @Test
    void learntIntervalsSurviveARestart() {
        java.util.Map<String, byte[]> saved = new java.util.HashMap<>();
        double[] widths = new double[2];
        try (Harness h = new Harness(spec(), (VersionedModel) null)) {
            java.util.Random noise = new java.util.Random(4);
            for (int hour = 0; hour < 120; hour++) {
                h.send("s1", hour, 10 + 5 * Math.sin(hour * Math.PI / 2) + noise.nextGaussian());
                h.driver.advanceWallClockTime(Duration.ofSeconds(1));
            }
            h.driver.advanceWallClockTime(IntervalCalibrators.SAVE_INTERVAL);
            h.send("s1", 120, 10);
            h.flushAndRead();
            var store = h.driver.<String, byte[]>getKeyValueStore(StoreNames.MODEL);
            try (var it = store.all()) {
                it.forEachRemaining(kv -> {
                    if (kv.key.startsWith("interval-calibrator/")) {
                        saved.put(kv.key, kv.value);
                    }
                });
            }
        }
        assertFalse(saved.isEmpty(), "calibrator state saved in the model store");
        // The same first forecasts of a new series, by a fresh task and by one that restored the errors.
        for (int restored = 0; restored < 2; restored++) {
            try (Harness h = new Harness(spec(), (VersionedModel) null)) {
                if (restored == 1) {
                    saved.forEach((k, v) -> h.driver
                            .<String, byte[]>getKeyValueStore(StoreNames.MODEL)
                            .put(k, v));
                }
                java.util.Random noise = new java.util.Random(5);
                for (int hour = 0; hour < 12; hour++) {
                    h.send("s2", hour, 10 + 5 * Math.sin(hour * Math.PI / 2) + noise.nextGaussian());
                }
                List<TestRecord<String, Forecast>> out = h.flushAndRead();
                var p = out.get(out.size() - 1).value().points().get(0);
                widths[restored] = p.upper() - p.lower();
            }
        }
        assertTrue(
                widths[1] < 0.8 * widths[0] || widths[1] > 1.25 * widths[0],
                "restored errors, not the cold guess: width " + widths[1] + " vs fresh " + widths[0]);
    }

    /** Exactly once unless the operator configures otherwise: a crash must neither lose nor repeat a forecast. */
    @Test
    void theServiceRunsExactlyOnceUnlessTheOperatorSaysOtherwise() {
        io.streamcast.config.ServiceConfig service = new io.streamcast.config.ServiceConfig();
        assertEquals(
                StreamsConfig.EXACTLY_ONCE_V2,
                ForecastTopology.streamsConfig(service, spec(), null).get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        service.kafka.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        assertEquals(
                StreamsConfig.AT_LEAST_ONCE,
                ForecastTopology.streamsConfig(service, spec(), null).get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }

    /** Forecasts leave in batches of up to 256 KB (a 16 KB batch held a dozen), unless the operator sets another size. */
    @Test
    void theProducerBatchesForecastsLargeUnlessTheOperatorSaysOtherwise() {
        io.streamcast.config.ServiceConfig service = new io.streamcast.config.ServiceConfig();
        String batchSize = StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG);
        assertEquals(
                256 * 1024,
                ForecastTopology.streamsConfig(service, spec(), null).get(batchSize));
        service.kafka.put(batchSize, "65536");
        assertEquals(
                "65536", ForecastTopology.streamsConfig(service, spec(), null).get(batchSize));
    }

    /**
     * A forecasting task does not wait on its empty by-series partition before each record (Kafka
     * Streams' default check cost 4.5% of the stream thread), unless the operator wants it to.
     */
    @Test
    void tasksDoNotIdleOnTheirEmptyPartitionUnlessTheOperatorSaysOtherwise() {
        io.streamcast.config.ServiceConfig service = new io.streamcast.config.ServiceConfig();
        assertEquals(
                StreamsConfig.MAX_TASK_IDLE_MS_DISABLED,
                ForecastTopology.streamsConfig(service, spec(), null).get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
        service.kafka.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0");
        assertEquals(
                "0", ForecastTopology.streamsConfig(service, spec(), null).get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
    }

    /**
     * Client ids, hence the client_id and thread_id tags of the Kafka meters, are the topology's
     * application id, the same at every start (Kafka's default appends a random UUID); a client id
     * the operator sets becomes a prefix, so two topologies never share one.
     */
    @Test
    void kafkaClientIdsAreStableAndOnePerTopology() {
        io.streamcast.config.ServiceConfig service = new io.streamcast.config.ServiceConfig();
        service.applicationId = "app";
        assertEquals(
                "app-" + spec().name,
                ForecastTopology.streamsConfig(service, spec(), null).get(StreamsConfig.CLIENT_ID_CONFIG));
        service.kafka.put(StreamsConfig.CLIENT_ID_CONFIG, "billing");
        assertEquals(
                "billing-" + spec().name,
                ForecastTopology.streamsConfig(service, spec(), null).get(StreamsConfig.CLIENT_ID_CONFIG));
    }

    /** One device with its clock in 2999 must not silence its series: that record is refused, the next correct one is forecast. */
    @Test
    void aFarFutureTimestampIsDeadLetteredAndTheSeriesGoesOn() {
        try (Harness h = new Harness(spec(), (VersionedModel) null)) {
            h.send("s1", 0, 1.0);
            h.send("s1", 1, 2.0);
            h.in.pipeInput("s1", "{\"ts\":\"2999-01-01T00:00:00Z\",\"value\":3}");
            h.send("s1", 2, 3.0);
            List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();
            assertEquals(
                    List.of("FUTURE_TS"),
                    dead.stream().map(r -> header(r, Rejection.ERROR_HEADER)).toList());
            assertTrue(
                    header(dead.get(0), Rejection.DETAIL_HEADER).contains("maxFutureSkew"),
                    header(dead.get(0), Rejection.DETAIL_HEADER));
            assertEquals(
                    3,
                    h.flushAndRead().size(),
                    "every correct observation was forecast, the one after the bad clock too");
        }
        try (Harness h = new Harness(spec("validation.maxFutureSkew=P365000D"), (VersionedModel) null)) {
            h.in.pipeInput("s1", "{\"ts\":\"2999-01-01T00:00:00Z\",\"value\":3}");
            assertTrue(h.dlq.isEmpty(), "a wider skew lets future-dated data in (synthetic data, simulations)");
        }
    }

    /** Every accepted record crosses the by-series repartition topic: a huge key must be a dead letter, not a crashed thread. */
    @Test
    void anOversizedKeyIsDeadLetteredAndTheStreamGoesOn() {
        try (Harness h = new Harness(spec(), (VersionedModel) null)) {
            h.in.pipeInput("\uD83D\uDE00".repeat(20000), "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1}");
            h.send("s1", 0, 1.0);
            assertEquals(
                    List.of("OVERSIZED"),
                    h.dlq.readRecordsToList().stream()
                            .map(r -> header(r, Rejection.ERROR_HEADER))
                            .toList());
            assertEquals(1, h.flushAndRead().size());
        }
    }

    @Test
    void recordsNamedByASeriesFieldAreRepartitionedAndForecast() {
        try (Harness h = new Harness(spec(), (VersionedModel) null)) {
            h.in.pipeInput((String) null, "{\"series\":\"x\",\"ts\":1704067200000,\"value\":5}");
            h.in.pipeInput((String) null, "{\"series\":\"x\",\"ts\":1704070800000,\"value\":6}");
            List<TestRecord<String, Forecast>> records = h.flushAndRead();
            assertEquals(2, records.size());
            assertEquals("x", records.get(1).key());
            assertEquals(6.0, records.get(1).value().points().get(0).value(), 1e-9);
        }
    }

    /**
     * A record already on its series' partition is forecast by the task that read it: the input
     * and the by-series topic feed one subtopology, so Kafka Streams gives a task partition p of
     * both and only records elsewhere cross the by-series topic (counted against a real broker in
     * KcatInteropIT). With the input's partition count unknown every record crosses, as it must.
     */
    @Test
    void theTaskThatForecastsASeriesReadsBothItsInputPartitionAndTheBySeriesTopic() {
        TopologySpec spec = spec();
        assertEquals(
                java.util.Set.of(spec.input, "by-series-repartition"),
                sourcesOfTheForecastStep(spec, 4),
                "known count: one subtopology reads the input and the by-series topic");
        assertEquals(
                java.util.Set.of("by-series-repartition"),
                sourcesOfTheForecastStep(spec, 0),
                "unknown count: only the by-series topic feeds the forecast step");
    }

    private static java.util.Set<String> sourcesOfTheForecastStep(TopologySpec spec, int inputPartitions) {
        return ForecastTopology.build(
                        spec,
                        new TopologyMetrics(spec.name, spec.model.cell),
                        NetworkTaskModels.frozen(spec, null),
                        OriginFilter.ALL,
                        null,
                        inputPartitions)
                .describe()
                .subtopologies()
                .stream()
                .filter(sub -> sub.nodes().stream().anyMatch(n -> n.name().equals("forecast")))
                .flatMap(sub -> sub.nodes().stream())
                .filter(n -> n instanceof org.apache.kafka.streams.TopologyDescription.Source)
                .flatMap(n -> ((org.apache.kafka.streams.TopologyDescription.Source) n).topicSet().stream())
                .collect(Collectors.toSet());
    }

    /**
     * With partitionedBySeries the records stay in the task that reads them: no repartition topic,
     * forecasts as before, and a record that breaks the promise (here: unkeyed, named only by its
     * "series" field, so nothing put it on its series' partition) is dead-lettered as MISPARTITIONED
     * instead of splitting its series. (A record on the wrong partition: SeriesPartitioningTest.)
     */
    @Test
    void aTopologyPartitionedBySeriesForecastsWithoutRepartitionAndRefusesRecordsOutOfPlace() {
        TopologySpec spec = spec("partitionedBySeries=true");
        String description = ForecastTopology.build(
                        spec,
                        new TopologyMetrics(spec.name, spec.model.cell),
                        NetworkTaskModels.frozen(spec, null),
                        OriginFilter.ALL)
                .describe()
                .toString();
        assertFalse(description.contains("repartition"), description);
        assertTrue(
                ForecastTopology.build(
                                spec(),
                                new TopologyMetrics("test", "lstm"),
                                NetworkTaskModels.frozen(spec(), null),
                                OriginFilter.ALL)
                        .describe()
                        .toString()
                        .contains("by-series-repartition"),
                "the default still repartitions");
        try (Harness h = new Harness(spec, (VersionedModel) null)) {
            for (int i = 0; i < 5; i++) {
                h.send("s1", i, 10 + i);
            }
            h.in.pipeInput((String) null, "{\"series\":\"s1\",\"ts\":\"2024-01-01T05:00:00Z\",\"value\":5}");
            h.send("s1", 5, 15);
            List<TestRecord<String, Forecast>> forecasts = h.flushAndRead();
            assertEquals(6, forecasts.size(), "one forecast per accepted observation");
            List<TestRecord<byte[], byte[]>> letters = h.dlq.readRecordsToList();
            assertEquals(
                    List.of("MISPARTITIONED"),
                    letters.stream().map(r -> header(r, Rejection.ERROR_HEADER)).toList());
            assertTrue(
                    header(letters.get(0), Rejection.DETAIL_HEADER).contains("no key"),
                    header(letters.get(0), Rejection.DETAIL_HEADER));
        }
    }

    /**
     * Series state goes to the store's changelog on every observation: that is what a restarted or
     * moved task restores from. (TopologyTestDriver#close() deletes the state directory and never
     * restores from changelogs, so the restart itself is proven against a real broker in
     * {@code StreamcastServiceIT}.)
     */
    @Test
    void seriesStateIsChangeloggedSoARestartCanRestoreIt() {
        try (Harness h = new Harness(spec(), (VersionedModel) null)) {
            for (int i = 0; i < 5; i++) {
                h.send("s1", i, 100 + i);
            }
            h.flushAndRead();
            var changelog = h.driver.createOutputTopic(
                    "test-" + StoreNames.SERIES + "-changelog",
                    new StringDeserializer(),
                    io.streamcast.series.SeriesStateSerde.serde().deserializer());
            List<SeriesState> logged = changelog.readValuesToList();
            assertFalse(logged.isEmpty());
            SeriesState last = logged.get(logged.size() - 1);
            assertEquals(5, last.count());
            assertEquals(104.0, last.lastValue(), 1e-9);
            assertNotNull(h.driver
                    .<String, SeriesState>getKeyValueStore(StoreNames.SERIES)
                    .get("s1"));
        }
    }

    /**
     * Per observation the series record is written once, whether its forecast goes out in the same
     * commit or a later one, and it holds no forecasts: each forecast is remembered for scoring
     * with one write of its series' record in a store of their own (no tombstones).
     */
    @Test
    void eachObservationWritesItsSeriesRecordOnceAndEachForecastIsRememberedOnce() {
        TopologySpec spec = spec();
        try (Harness h = new Harness(spec, (VersionedModel) null)) {
            var series = h.driver.createOutputTopic(
                    "test-" + StoreNames.SERIES + "-changelog", new StringDeserializer(), new ByteArrayDeserializer());
            var remembered = h.driver.createOutputTopic(
                    "test-" + StoreNames.REMEMBERED + "-changelog",
                    new StringDeserializer(),
                    new ByteArrayDeserializer());
            var pending = h.driver.createOutputTopic(
                    "test-" + StoreNames.PENDING + "-changelog", new StringDeserializer(), new ByteArrayDeserializer());
            int n = 40;
            for (int i = 0; i < n; i++) {
                h.send("s1", i, 100 + 5 * Math.sin(i * Math.PI / 2) + i % 3);
                // Every forecast goes out in a later commit than its observation's record: the old path rewrote the
                // record then.
                h.flushAndRead();
            }
            List<TestRecord<String, byte[]>> records = series.readRecordsToList();
            assertEquals(n, records.size(), "one series record per observation");
            int capacity = new io.streamcast.model.WindowEncoder(
                            spec.window, spec.period, spec.horizon, spec.model.clamp)
                    .stateCapacity();
            // The own smoothing, its lagged copy and one per alternative of the adaptive base (online: on).
            int smoothings = 2 + spec.base.alternativeParams(spec.base.params(), spec.baseAdapts()).length;
            int smoothing = smoothings * (30 + 8 * spec.period);
            for (TestRecord<String, byte[]> r : records) {
                // 80: counts, statistics, the queued origin (what a restart recovers waiting origins from),
                // the alternatives' count and the features' width.
                assertTrue(
                        r.value().length <= capacity * (8 + 4) + smoothing + 80,
                        "the record is its window, residuals and smoothing: " + r.value().length + " bytes");
            }
            List<TestRecord<String, byte[]>> forecasts = remembered.readRecordsToList();
            assertEquals(n, forecasts.size(), "one write of the remembered forecasts per forecast");
            forecasts.forEach(r -> assertNotNull(r.value(), "no tombstones: the record is rewritten"));
            assertEquals(
                    List.of("s1#"),
                    forecasts.stream().map(TestRecord::key).distinct().toList(),
                    "one record per series");
            // The steps still to come of the last H forecasts, H(H+1)/2, each its point, half-width and at most one
            // more
            // copy, and a header per forecast: not H whole forecasts.
            int steps = spec.horizon * (spec.horizon + 1) / 2;
            for (TestRecord<String, byte[]> r : forecasts) {
                assertTrue(
                        r.value().length <= 3 + steps * 3 * 4 + spec.horizon * 40,
                        "the remembered forecasts keep only steps to come: " + r.value().length + " bytes");
            }
            assertTrue(pending.isEmpty(), "a waiting origin is marked in its series record, not in the pending store");
        }
    }

    /**
     * Upgrade: the earlier layout kept each remembered forecast in an entry of its own, keyed by
     * series and origin mod H. A task that restarts on this version with such entries scores them
     * (here: the h=1 forecast reports a spike) and takes them into the series' one record.
     */
    @Test
    void forecastsRememberedInTheEarlierLayoutAreScoredAfterAnUpgrade() {
        TopologySpec spec = spec();
        try (Harness h = new Harness(spec, (VersionedModel) null)) {
            int n = 40;
            for (int i = 0; i < n; i++) {
                h.send("s1", i, seasonal(i));
            }
            Forecast last = h.flushAndRead().get(n - 1).value();
            assertEquals("ets", last.model());
            h.anomalies.readValuesToList(); // the warm-up's own
            KeyValueStore<String, RecentForecasts> store = h.driver.getKeyValueStore(StoreNames.REMEMBERED);
            RecentForecasts recent = store.get("s1#");
            assertEquals(spec.horizon, recent.forecasts().size());
            store.delete("s1#");
            for (RememberedForecast f : recent.forecasts()) {
                store.put("s1#" + f.originIndex() % spec.horizon, new RecentForecasts(List.of(f)));
            }

            ForecastPoint p = last.points().get(0);
            h.send("s1", n, p.value() + 10 * (p.upper() - p.value()));
            h.flushAndRead();
            List<Anomaly> reported = h.anomalies.readValuesToList();
            assertEquals(1, reported.size(), "the slot entries were read and scored");
            assertEquals(1, reported.get(0).h());
            assertEquals(last.origin(), reported.get(0).origin());
            for (int slot = 0; slot < spec.horizon; slot++) {
                assertNull(store.get("s1#" + slot), "slot " + slot + " taken over");
            }
            List<Long> origins = store.get("s1#").forecasts().stream()
                    .map(RememberedForecast::originIndex)
                    .toList();
            assertEquals(List.of((long) n - 2, (long) n - 1, (long) n), origins);
        }
    }

    @Test
    void calendarStepsAdvanceByMonths() {
        try (Harness h = new Harness(spec("step=P1M", "period=1"), (VersionedModel) null)) {
            h.in.pipeInput("m", "{\"ts\":\"2024-01-31T00:00:00Z\",\"value\":1}");
            Forecast f = h.flushAndRead().get(0).value();
            assertEquals(
                    Instant.parse("2024-02-29T00:00:00Z"), f.points().get(0).ts());
            assertEquals(
                    Instant.parse("2024-03-31T00:00:00Z"), f.points().get(1).ts());
            assertEquals(
                    Instant.parse("2024-04-30T00:00:00Z"), f.points().get(2).ts());
        }
    }

    /** Each header of {@code names} appears exactly once on {@code r}: a refusal adds its own, never a second. */
    private static void assertEachOnce(TestRecord<byte[], byte[]> r, String... names) {
        for (String name : names) {
            assertEquals(
                    1,
                    java.util.stream.StreamSupport.stream(
                                    r.headers().headers(name).spliterator(), false)
                            .count(),
                    name + " once");
        }
    }
}
