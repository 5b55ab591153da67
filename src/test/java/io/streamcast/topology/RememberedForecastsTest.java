package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastPoint;
import io.streamcast.emit.Step;
import io.streamcast.series.PublishedPoints;
import io.streamcast.series.RecentForecasts;
import io.streamcast.series.RecentForecastsSerde;
import io.streamcast.series.RememberedForecast;
import io.streamcast.series.RememberedForecastSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** Remembered forecasts live in one record per series: an observation finds exactly the forecasts it is an actual of. */
class RememberedForecastsTest {
    private static final int H = 3;

    private static CountingStore<RecentForecasts> store() {
        return new CountingStore<>("remembered", RecentForecastsSerde.serde());
    }

    private static RememberedForecast made(long origin) {
        return made(origin, H);
    }

    private static RememberedForecast made(long origin, int horizon) {
        float[] f = new float[horizon];
        java.util.Arrays.fill(f, origin);
        return new RememberedForecast(origin, "ets", f, null, null);
    }

    private static List<Long> origins(List<RememberedForecast> due) {
        return due.stream().map(RememberedForecast::originIndex).toList();
    }

    /** What the processor does per observation: read the series' forecasts, score, remember the new one. */
    private static void observeAndForecast(RememberedForecasts r, String series, long index, int horizon) {
        RecentForecasts recent = r.load(series, index);
        r.remember(series, recent, made(index, horizon), null);
    }

    @Test
    void anObservationFindsTheForecastsOfTheHorizonBeforeIt() {
        RememberedForecasts r = new RememberedForecasts(store().store, H);
        for (long origin = 0; origin < 10; origin++) {
            if (origin != 6) { // a stride or an origin filter may skip origins
                observeAndForecast(r, "s", origin, H);
            }
        }
        r.remember("s#1", null, made(9), null); // a series whose id ends like a slot key of the earlier layout
        assertEquals(List.of(7L, 8L, 9L), origins(r.load("s", 10).dueAt(10)));
        assertEquals(List.of(7L, 8L), origins(r.load("s", 9).dueAt(9)), "origin 6 was never made");
        assertEquals(List.of(), origins(r.load("t", 10).dueAt(10)));
        assertEquals(List.of(9L), origins(r.load("s#1", 10).dueAt(10)));
        assertTrue(r.holds("s", 9));
        assertTrue(!r.holds("s", 6));
    }

    /** The cost that made the layout: H store reads per observation before, one now, whatever the horizon. */
    @Test
    void perObservationOneReadAndOneWriteWhateverTheHorizon() {
        for (int horizon : new int[] {3, 12, 48}) {
            CountingStore<RecentForecasts> counted = store();
            RememberedForecasts r = new RememberedForecasts(counted.store, horizon);
            observeAndForecast(r, "s", 0, horizon);
            counted.reset();
            for (long i = 1; i <= 100; i++) {
                RecentForecasts recent = r.load("s", i);
                List<Long> due = origins(recent.dueAt(i));
                assertEquals(Math.min(i, horizon), due.size(), "observation " + i);
                assertEquals(Math.max(0, i - horizon), due.get(0), "the horizon before observation " + i);
                assertEquals(i - 1, due.get(due.size() - 1));
                r.remember("s", recent, made(i, horizon), null);
                assertEquals(1, counted.reads(), "H = " + horizon + ": one read per observation");
                assertEquals(1, counted.writes(), "H = " + horizon + ": one write per forecast");
                counted.reset();
            }
        }
    }

    @Test
    void theRecordKeepsOnlyForecastsWithAStepToCome() {
        RememberedForecasts r = new RememberedForecasts(store().store, H);
        for (long origin = 0; origin < 10; origin++) {
            observeAndForecast(r, "s", origin, H);
        }
        assertEquals(List.of(7L, 8L, 9L), origins(r.load("s", 10).forecasts()));
    }

    @Test
    void aRestartedSeriesForgetsItsFormerForecasts() {
        RememberedForecasts r = new RememberedForecasts(store().store, H);
        for (long origin = 0; origin < 5; origin++) {
            observeAndForecast(r, "s", origin, H);
        }
        r.forget("s");
        // Its indices begin again at 0: origin 2 of the new life is not origin 2 of the old one.
        assertTrue(r.load("s", 0).dueAt(3).isEmpty());
        r.remember("s", r.load("s", 0), made(0), null);
        assertEquals(List.of(0L), origins(r.load("s", 1).dueAt(1)));
    }

    /** A series record of format 3 carried its forecasts awaiting actuals: they join the record, never over a newer one. */
    @Test
    void forecastsFromAnOlderSeriesRecordAreAdopted() {
        RememberedForecasts r = new RememberedForecasts(store().store, H);
        r.remember("s", null, made(9), null); // emitted after the upgrade, before the series' next observation
        r.adopt("s", List.of(made(5), made(6), made(7), made(8)), 10);
        assertEquals(List.of(7L, 8L, 9L), origins(r.load("s", 10).dueAt(10)));
        RememberedForecast other = new RememberedForecast(8, "other", new float[H], null, null);
        r.adopt("s", List.of(other), 10);
        assertEquals(
                "ets", r.load("s", 10).dueAt(10).get(1).model(), "an old forecast never replaces a remembered one");
    }

    /**
     * Upgrade: the earlier layout kept one entry per (series, origin mod H), as its serde wrote them.
     * The series' first observation scores them, takes them into its record and deletes them, once.
     */
    @Test
    void slotEntriesOfTheEarlierLayoutAreScoredAfterAnUpgradeAndTakenOverOnce() {
        CountingStore<RecentForecasts> counted = store();
        for (long origin = 5; origin < 10; origin++) {
            counted.putRaw("s#" + origin % H, RememberedForecastSerde.toBytes(made(origin)));
        }
        counted.putRaw("s#1#" + 0, RememberedForecastSerde.toBytes(made(9))); // another series' slot
        RememberedForecasts r = new RememberedForecasts(counted.store, H);
        assertTrue(r.holds("s", 9), "a restarted task sees the forecasts an old version emitted");
        assertTrue(!r.holds("s", 5), "overwritten in its slot by origin 8");
        counted.reset();

        RecentForecasts recent = r.load("s", 10);
        assertEquals(List.of(7L, 8L, 9L), origins(recent.dueAt(10)));
        assertEquals(3, counted.count("delete"), "the slot entries go");
        for (int slot = 0; slot < H; slot++) {
            assertNull(counted.store.get("s#" + slot));
        }
        assertEquals(List.of(9L), origins(r.load("s#1", 10).dueAt(10)), "untouched by s");

        r.remember("s", recent, made(10), null);
        counted.reset();
        assertEquals(List.of(8L, 9L, 10L), origins(r.load("s", 11).dueAt(11)));
        assertEquals(1, counted.reads(), "taken over once: no slot is looked for again");
    }

    /**
     * GET /forecasts/{series} reads the newest forecast from the series' record: exactly as it was
     * published, its target times by the topology's step; nothing once the series restarts.
     */
    @Test
    void theNewestForecastAsPublishedIsTheLatestForecast() {
        Step hourly = Step.parse("PT1H");
        KeyValueStore<String, RecentForecasts> kv = store().store;
        RememberedForecasts r = new RememberedForecasts(kv, H);
        assertNull(LatestForecast.read(kv, "s", hourly, "t"), "no forecast yet");
        double[] values = {Math.PI, Math.E, Math.sqrt(2)};
        double[] halves = {0.1, 0.2, 0.3};
        for (long origin = 0; origin < 5; origin++) {
            float[] f = new float[H];
            for (int h = 0; h < H; h++) {
                f[h] = (float) (values[h] + origin);
            }
            RememberedForecast made =
                    new RememberedForecast(origin, "gru", f, f, f, null, null, 7, 3_600_000L * origin);
            double[] v = values.clone();
            for (int h = 0; h < H; h++) {
                v[h] += origin;
            }
            r.remember("s", r.load("s", origin), made, new PublishedPoints(v, halves));
        }
        Forecast latest = LatestForecast.read(kv, "s", hourly, "t");
        Instant origin = Instant.ofEpochMilli(4 * 3_600_000L);
        List<ForecastPoint> points = new ArrayList<>();
        for (int h = 0; h < H; h++) {
            double v = values[h] + 4;
            points.add(new ForecastPoint(h + 1, origin.plus(Duration.ofHours(h + 1)), v, v - halves[h], v + halves[h]));
        }
        assertEquals(new Forecast("s", origin, "gru", 7, "t", points), latest);

        r.adopt("s", List.of(made(3)), 5);
        assertEquals(latest, LatestForecast.read(kv, "s", hourly, "t"), "an adopted older forecast leaves it");
        r.forget("s");
        assertNull(LatestForecast.read(kv, "s", hourly, "t"), "a restarted series has none until its next");
    }

    /** Right after an upgrade a record of format 3 has no published points: its float copy answers until the next forecast. */
    @Test
    void aRecordWithoutPublishedPointsAnswersWithItsFloats() {
        KeyValueStore<String, RecentForecasts> kv = store().store;
        float[] f = {1.5f, 2.5f, 3.5f};
        float[] lo = {1f, 2f, 3f};
        float[] hi = {2f, 3f, 4f};
        new RememberedForecasts(kv, H)
                .remember(
                        "s",
                        RecentForecasts.NONE,
                        new RememberedForecast(0, "ets", f, lo, hi, null, null, 0, 0L),
                        null);
        Forecast latest = LatestForecast.read(kv, "s", Step.parse("P1D"), "t");
        assertEquals(Instant.EPOCH, latest.origin());
        assertEquals(
                new ForecastPoint(3, Instant.EPOCH.plus(Duration.ofDays(3)), 3.5, 3.0, 4.0),
                latest.points().get(2));
    }
}
