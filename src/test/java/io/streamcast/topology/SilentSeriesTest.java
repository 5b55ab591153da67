package io.streamcast.topology;

import static io.streamcast.topology.TopologyHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Forecast;
import io.streamcast.metrics.MetricNames;
import io.streamcast.series.SeriesState;
import io.streamcast.training.NetworkTaskModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet with churn (devices replaced, a series per container) leaves series that never report
 * again; their state stayed in the stores for good. A series silent longer than the grid bridges
 * (it would restart on its return anyway) is dropped, once it has been so for as long by the
 * service's clock too, so a series that is merely behind the others stays.
 */
class SilentSeriesTest {
    @TempDir
    Path stateDir;

    /** hourlySpec's topology: season 4, horizon 3, so gaps.maxFill is 40 hours. */
    private static final int BRIDGED = 40;

    @Test
    void aSeriesSilentLongerThanTheGridBridgesIsDroppedAndStartsAfreshIfItReturns() {
        TopologySpec spec = TopologyHarness.hourlySpec(4);
        try (TopologyHarness h = new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            h.metrics.bindTo(registry);
            KeyValueStore<String, SeriesState> states = h.driver.getKeyValueStore(StoreNames.SERIES);
            for (int hour = 0; hour < 10; hour++) {
                h.sendAt("gone", T0.plus(Duration.ofHours(hour)), hour, 1000L + hour);
            }
            // The other series goes on until "gone" has been silent exactly as long as the grid bridges.
            for (int hour = 0; hour <= 9 + BRIDGED + 1; hour++) {
                h.sendAt("live", T0.plus(Duration.ofHours(hour)), hour % 4, 2000L + hour);
            }
            waitOut(h);
            assertNotNull(states.get("gone"), "a gap it would still bridge: kept");
            KeyValueStore<String, Object> remembered = h.driver.getKeyValueStore(StoreNames.REMEMBERED);
            assertNotNull(remembered.get(RememberedForecasts.key("gone")), "its latest forecast, for GET /forecasts");

            h.sendAt("live", T0.plus(Duration.ofHours(9 + BRIDGED + 2)), 1, 3000L);
            waitOut(h);
            assertNull(states.get("gone"), "silent longer than the grid bridges: dropped");
            assertNull(remembered.get(RememberedForecasts.key("gone")), "its forecasts too");
            assertNotNull(states.get("live"));
            assertEquals(
                    1,
                    registry.get(MetricNames.SERIES_EXPIRED).functionCounter().count());
            assertEquals(1, registry.get(MetricNames.SERIES_TRACKED).gauge().value());

            // Back, it is a new series, as a restart would have made it.
            h.sendAt("gone", T0.plus(Duration.ofHours(100)), 5, 4000L);
            List<Forecast> after = h.flushAndReadRecords().stream()
                    .map(TestRecord::value)
                    .filter(f -> f.series().equals("gone"))
                    .toList();
            assertEquals(1, after.size());
            assertEquals(1, states.get("gone").count());
            assertEquals(2, registry.get(MetricNames.SERIES_TRACKED).gauge().value());
        }
    }

    /**
     * A device whose clock lags days behind the others reports every hour, its readings far behind
     * the task's newest: it goes on one step at a time and would never restart, so it stays. Judged
     * by event time alone (and on two walks of the store in a row, a minute apart) it was dropped
     * between two of its readings.
     */
    @Test
    void aSeriesFarBehindTheOthersButReportingIsKept() {
        TopologySpec spec = TopologyHarness.hourlySpec(4);
        try (TopologyHarness h = new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir)) {
            KeyValueStore<String, SeriesState> states = h.driver.getKeyValueStore(StoreNames.SERIES);
            for (int hour = 0; hour < 500; hour++) {
                h.sendAt("live", T0.plus(Duration.ofHours(hour)), hour % 4, 1000L + hour);
            }
            for (int hour = 0; hour < 60; hour++) {
                h.sendAt("lagging", T0.plus(Duration.ofHours(hour)), hour, 2000L + hour);
                // An hour of the service's clock between its readings, walked twice.
                h.driver.advanceWallClockTime(Duration.ofMinutes(30));
                h.driver.advanceWallClockTime(Duration.ofMinutes(30));
            }
            assertEquals(60, states.get("lagging").count(), "never dropped while it reports");
            waitOut(h);
            assertNull(states.get("lagging"), "once it stops for as long as the grid bridges, it goes");
        }
    }

    /**
     * Walks the store (one slice: the tests' stores are small), then again once the wall clock has
     * moved on by the span the grid bridges (41 hours here).
     */
    private static void waitOut(TopologyHarness h) {
        h.flushAndReadRecords();
        h.driver.advanceWallClockTime(Duration.ofSeconds(11));
        h.driver.advanceWallClockTime(Duration.ofHours(BRIDGED + 1));
        h.driver.advanceWallClockTime(Duration.ofSeconds(11));
    }
}
