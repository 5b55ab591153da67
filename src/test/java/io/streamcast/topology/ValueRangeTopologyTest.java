package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.ConfigException;
import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Anomaly;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastPoint;
import io.streamcast.emit.ForecastSerde;
import io.streamcast.model.VersionedModel;
import io.streamcast.series.RecentForecasts;
import io.streamcast.training.NetworkTaskModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code values.min} / {@code values.max}: a series of counts (a daily rhythm around 2 an hour, many
 * hours at 0) forecast by the base and its fallbacks. Unbounded, its intervals reach below 0, which
 * no count can; with {@code values.min: 0} every value, bound and quantile published is at least 0,
 * REST answers with the same forecast, and anomalies are judged against the bounds as published.
 */
class ValueRangeTopologyTest {
    private static final int HOURS = 120;

    @TempDir
    Path stateDir;

    private record Replay(List<Forecast> forecasts, List<Anomaly> anomalies, Forecast kept) {}

    private static double count(Random r, int hour) {
        double rate = Math.max(0, 2 + 2 * Math.sin(2 * Math.PI * hour / 24));
        // A Poisson count at that rate.
        double l = Math.exp(-rate);
        double p = 1;
        int k = -1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k;
    }

    private Replay replay(String... overrides) {
        List<String> settings = new ArrayList<>(List.of("model.cell=gru", "interval.quantiles=[0.05,0.5,0.95]"));
        settings.addAll(List.of(overrides));
        TopologySpec spec = TopologyHarness.hourlySpec(8, settings.toArray(String[]::new));
        Random r = new Random(7);
        List<Forecast> forecasts = new ArrayList<>();
        try (TopologyHarness h = new TopologyHarness(
                spec,
                NetworkTaskModels.frozen(spec, (VersionedModel) null),
                stateDir.resolve(spec.name + overrides.length))) {
            for (int hour = 0; hour < HOURS; hour++) {
                h.sendAt("calls", TopologyHarness.T0.plus(Duration.ofHours(hour)), count(r, hour), 1000L + hour);
                for (TestRecord<String, Forecast> rec : h.flushAndReadRecords()) {
                    forecasts.add(rec.value());
                }
            }
            Forecast kept = LatestForecast.read(
                    h.driver.<String, RecentForecasts>getKeyValueStore(StoreNames.REMEMBERED),
                    "calls",
                    spec.stepValue(),
                    spec.name,
                    spec.valueRange());
            return new Replay(forecasts, h.anomalies.readValuesToList(), kept);
        }
    }

    private static double lowest(List<Forecast> forecasts) {
        double lowest = Double.POSITIVE_INFINITY;
        for (Forecast f : forecasts) {
            for (ForecastPoint p : f.points()) {
                lowest = Math.min(lowest, Math.min(p.value(), p.lower()));
                for (double q : p.quantiles().values()) {
                    lowest = Math.min(lowest, q);
                }
            }
        }
        return lowest;
    }

    @Test
    void aCountSeriesForecastsNothingBelowZeroOnceItsRangeSaysSo() {
        Replay unbounded = replay();
        assertTrue(lowest(unbounded.forecasts()) < 0, "unbounded, a count's interval reaches below 0");

        Replay counts = replay("values.min=0");
        assertEquals(unbounded.forecasts().size(), counts.forecasts().size());
        assertEquals(0, lowest(counts.forecasts()), 0, "nothing published below 0, and 0 is reached");
        for (Forecast f : counts.forecasts()) {
            // Numbers are written to about a thousandth of the first interval's half-width.
            double rounding = (f.points().get(0).upper() - f.points().get(0).value()) / 100;
            for (ForecastPoint p : f.points()) {
                // The interval is the point -/+ its half-width, each bound clamped: above 0 a bound
                // is where it would be, below 0 it is 0.
                double half = p.upper() - p.value();
                assertTrue(half >= 0 && p.lower() <= p.value(), f.toString());
                assertEquals(Math.max(0, p.value() - half), p.lower(), rounding, f.toString());
            }
        }
        // REST reads the newest forecast back from the store: the same message as the topic's.
        Forecast newest = counts.forecasts().get(counts.forecasts().size() - 1);
        assertEquals(newest, ForecastSerde.fromBytes(ForecastSerde.toBytes(counts.kept())));
        // An actual is judged against the bounds as published: none inside them is an anomaly.
        for (Anomaly a : counts.anomalies()) {
            assertTrue(a.lower() >= 0, "anomaly bounds as published: " + a);
            assertTrue(a.actual() < a.lower() || a.actual() > a.upper(), a.toString());
        }
    }

    @Test
    void aRangeWhoseMaxIsNotAboveItsMinIsRefusedByName() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> TopologyHarness.hourlySpec(8, "values.min=5", "values.max=5"));
        assertTrue(e.getMessage().contains("values.max"), e.getMessage());
    }
}
