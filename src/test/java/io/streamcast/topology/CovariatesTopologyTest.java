package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Forecast;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.VersionedModel;
import io.streamcast.series.SeriesState;
import io.streamcast.training.NetworkSpecs;
import io.streamcast.training.NetworkTaskModels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An observation's features reach the network through the whole topology (ingest, the by-series
 * repartition, the series record, the batch): a proven frozen network forecasts two series of the
 * same values differently when their features differ, and alike when the topology feeds none.
 */
class CovariatesTopologyTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir
    Path stateDir;

    private static TopologySpec spec(String covariates) {
        return YamlConfig.parseTopology("""
                name: cov
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                model: { cell: gru, hidden: 4, layers: 1 }
                training: { online: false }
                batching: { maxBatch: 16, maxDelayMs: 50 }
                """ + covariates, List.of());
    }

    /** Series a and b: the same 13 hourly values; feature x is i % 3 on a and 5 (i % 2) on b. */
    private Map<String, Forecast> lastForecasts(TopologySpec spec, String stateName) {
        VersionedModel seed = VersionedModel.of(3, NetworkFactory.build(NetworkSpecs.of(spec)), false);
        NetworkTaskModels models = NetworkTaskModels.frozen(spec, seed).correctionProven(true);
        try (TopologyHarness topology =
                new TopologyHarness(spec, models, TopologyHarness.props(stateName, stateDir.resolve(stateName)))) {
            for (int i = 0; i < 13; i++) {
                Instant ts = T0.plus(Duration.ofHours(i));
                double value = 50 + 10 * Math.sin(i / 2.0);
                topology.in.pipeInput(
                        "a",
                        "{\"ts\":\"" + ts + "\",\"value\":" + value + ",\"features\":{\"x\":" + (i % 3) + "}}",
                        1000L + i);
                topology.in.pipeInput(
                        "b",
                        "{\"ts\":\"" + ts + "\",\"value\":" + value + ",\"features\":{\"x\":" + 5 * (i % 2) + "}}",
                        1000L + i);
            }
            List<TestRecord<String, Forecast>> records = topology.flushAndReadRecords();
            if (!spec.features.isEmpty()) {
                SeriesState a = topology.driver
                        .<String, SeriesState>getKeyValueStore(StoreNames.SERIES)
                        .get("a");
                assertArrayEquals(new float[] {1, 2, 0}, a.lastFeatures(3), "the series keeps each step's feature");
            }
            return records.stream()
                    .collect(Collectors.toMap(TestRecord::key, TestRecord::value, (first, later) -> later));
        }
    }

    @Test
    void differentFeaturesMakeDifferentForecastsOfTheSameValues() {
        Map<String, Forecast> last = lastForecasts(spec("features: [{ name: x }]\ncalendar: [hourOfDay]\n"), "fed");
        assertEquals("gru", last.get("a").model(), "the network served");
        assertEquals(last.get("a").origin(), last.get("b").origin());
        assertNotEquals(
                last.get("a").points().get(0).value(),
                last.get("b").points().get(0).value());
    }

    @Test
    void withoutCovariatesTheSameValuesMakeTheSameForecasts() {
        Map<String, Forecast> last = lastForecasts(spec(""), "plain");
        assertEquals("gru", last.get("a").model());
        assertEquals(last.get("a").points(), last.get("b").points());
    }

    @Test
    void aSeriesRestartedAfterALongGapKeepsTheFeaturesOfItsNewFirstObservation() {
        TopologySpec spec = spec("features: [{ name: x }]\n");
        VersionedModel seed = VersionedModel.of(3, NetworkFactory.build(NetworkSpecs.of(spec)), false);
        try (TopologyHarness topology = new TopologyHarness(
                spec, NetworkTaskModels.frozen(spec, seed), TopologyHarness.props("gap", stateDir.resolve("gap")))) {
            topology.in.pipeInput("a", "{\"ts\":\"" + T0 + "\",\"value\":1,\"features\":{\"x\":3}}", 1000L);
            Instant later = T0.plus(Duration.ofDays(30));
            topology.in.pipeInput("a", "{\"ts\":\"" + later + "\",\"value\":2,\"features\":{\"x\":7}}", 1001L);
            SeriesState a = topology.driver
                    .<String, SeriesState>getKeyValueStore(StoreNames.SERIES)
                    .get("a");
            assertEquals(1, a.count(), "restarted");
            assertArrayEquals(new float[] {7}, a.lastFeatures(1));
        }
    }
}
