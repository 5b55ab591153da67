package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.series.RememberedForecast;
import io.streamcast.series.RememberedForecastSerde;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** Remembered forecasts live in H slots per series: an observation finds exactly the forecasts it is an actual of. */
class RememberedForecastsTest {
    private static final int H = 3;

    private static KeyValueStore<String, RememberedForecast> store() {
        KeyValueStore<String, RememberedForecast> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("remembered"), Serdes.String(), RememberedForecastSerde.serde())
                .withLoggingDisabled()
                .build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    private static RememberedForecast made(long origin) {
        return new RememberedForecast(origin, "ets", new float[] {origin, origin, origin}, null, null);
    }

    private static List<Long> origins(List<RememberedForecast> due) {
        return due.stream().map(RememberedForecast::originIndex).toList();
    }

    @Test
    void anObservationFindsTheForecastsOfTheHorizonBeforeIt() {
        RememberedForecasts r = new RememberedForecasts(store(), H);
        for (long origin = 0; origin < 10; origin++) {
            if (origin != 6) { // a stride or an origin filter may skip origins
                r.remember("s", made(origin));
            }
        }
        r.remember("s#1", made(9)); // a series whose id ends like a slot key
        assertEquals(List.of(7L, 8L, 9L), origins(r.dueAt("s", 10)));
        assertEquals(List.of(7L, 8L), origins(r.dueAt("s", 9)), "origin 6 was never made; its slot holds 9, not 6");
        assertEquals(List.of(), origins(r.dueAt("t", 10)));
        assertEquals(List.of(9L), origins(r.dueAt("s#1", 10)));
    }

    @Test
    void aRestartedSeriesForgetsItsFormerForecasts() {
        RememberedForecasts r = new RememberedForecasts(store(), H);
        for (long origin = 0; origin < 5; origin++) {
            r.remember("s", made(origin));
        }
        r.forget("s");
        // Its indices begin again at 0: origin 2 of the new life is not origin 2 of the old one.
        assertTrue(r.dueAt("s", 3).isEmpty());
    }

    /** A series record of format 3 carried its forecasts awaiting actuals: they move to their slots, never over a newer one. */
    @Test
    void forecastsFromAnOlderSeriesRecordAreAdopted() {
        RememberedForecasts r = new RememberedForecasts(store(), H);
        r.remember("s", made(9)); // emitted after the upgrade, before the series' next observation
        r.adopt("s", List.of(made(5), made(6), made(7), made(8)), 10);
        assertEquals(List.of(7L, 8L, 9L), origins(r.dueAt("s", 10)));
        r.adopt("s", List.of(made(6)), 10);
        assertEquals(List.of(7L, 8L, 9L), origins(r.dueAt("s", 10)), "an old forecast never overwrites a newer one");
    }
}
